// ChatRoomModel: the chat pane's room list: joined rooms and private conversations
// ("@nick"), each with its unread count. ChatClient adds rows and updates counts; the
// pane selects with ChatClient::currentRoom. Bound: MaxRooms (64, the hub allows 32
// joined rooms per connection; the rest are private conversations).
#pragma once
#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

class ChatRoomModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by ChatClient")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)
public:
    enum Role { NameRole = Qt::UserRole + 1, UnreadRole, IsPrivateRole, JoinedRole };
    static constexpr int MaxRooms = 64;

    using QAbstractListModel::QAbstractListModel;

    bool ensure(const QString &name, bool isPrivate);   // false when full
    void remove(const QString &name);
    void setUnread(const QString &name, int unread);
    void setJoined(const QString &name, bool joined);
    int unread(const QString &name) const;
    int totalUnread() const;
    bool contains(const QString &name) const { return indexOf(name) >= 0; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();
    void totalUnreadChanged();

private:
    struct Row { QString name; int unread = 0; bool isPrivate = false; bool joined = false; };
    int indexOf(const QString &name) const;
    QList<Row> m_rows;
};
