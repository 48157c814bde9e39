// ChatParticipantModel: who is in the room shown in the chat pane (presence), and who
// is typing. ChatClient resets it on room switch and on "joined", inserts/removes single
// rows on presence events and flips the typing role (expired after 6 s by ChatClient).
// Bound: the hub's connection cap (1,024) bounds a room's members.
#pragma once
#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

class ChatParticipantModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by ChatClient")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role { NickRole = Qt::UserRole + 1, TypingRole, IsMeRole };

    using QAbstractListModel::QAbstractListModel;

    void reset(const QStringList &nicks, const QString &me, const QStringList &typing);
    void add(const QString &nick);
    void remove(const QString &nick);
    void setTyping(const QString &nick, bool typing);
    QStringList nicks() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    struct Row { QString nick; bool typing = false; };
    int indexOf(const QString &nick) const;
    QList<Row> m_rows;
    QString m_me;
};
