// FieldTreeModel: the fields of one sample message as an indented list (a tree flattened
// in document order), for the profile builder's field picker. Each row is one JSON value:
// its key, its JSON Pointer from the message root, its kind, a short preview of the value
// and the part the user gave it in the profile (value, name, time, items, match).
// ProfileBuilder fills it (setDocument) and sets the parts (setParts: one dataChanged for
// all rows, never one per row); QML only reads it.
// Bounds, so a hostile sample cannot build a huge list: at most MaxRows rows, arrays show
// their first MaxArrayElements elements, containers deeper than MaxDepth are one row, and
// keys/previews are cut to MaxTextChars. What is left out is counted in a "… more" row.
#pragma once
#include <QAbstractListModel>
#include <QHash>
#include <QJsonValue>
#include <QtQml/qqmlregistration.h>

class FieldTreeModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FieldTreeModel belongs to a ProfileBuilder")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int hiddenCount READ hiddenCount NOTIFY countChanged)
public:
    enum Role { KeyRole = Qt::UserRole, PathRole, DepthRole, KindRole, PreviewRole, NumericRole, PartRole };
    Q_ENUM(Role)
    static constexpr int MaxRows = 2000;
    static constexpr int MaxArrayElements = 20;
    static constexpr int MaxDepth = 32;
    static constexpr int MaxTextChars = 80;

    struct Row
    {
        QString key;        // "price", "[3]", "(message)" for the root, "… 980 more" for a cut
        QString path;       // JSON Pointer from the message root ("" = the whole message)
        int depth = 0;
        QString kind;       // object, array, number, string, bool, null, more
        QString preview;    // the value as text, cut; "{3 fields}", "[1000 items]" for containers
        bool numeric = false;   // a number, or a string holding one (SampleValue's rule)
    };

    explicit FieldTreeModel(QObject *parent = nullptr);

    void setDocument(const QJsonValue &root);   // one reset
    void clear();
    void setParts(const QHash<QString, QString> &partByPath);   // one dataChanged over all rows
    const Row &row(int index) const { return m_rows.at(index); }
    Q_INVOKABLE int indexOf(const QString &path) const;     // -1 when not shown
    int hiddenCount() const { return m_hidden; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    void add(const QString &key, const QString &path, const QJsonValue &value, int depth);
    void addMore(const QString &text, const QString &path, int depth, int hidden);

    QList<Row> m_rows;
    QHash<QString, QString> m_parts;
    int m_hidden = 0;   // values not listed (beyond MaxRows, MaxArrayElements or MaxDepth)
};
