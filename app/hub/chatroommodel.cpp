#include "chatroommodel.h"

int ChatRoomModel::indexOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return i;
    }
    return -1;
}

bool ChatRoomModel::ensure(const QString &name, bool isPrivate)
{
    if (indexOf(name) >= 0)
        return true;
    if (m_rows.size() >= MaxRooms)
        return false;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
    m_rows.append({name, 0, isPrivate, false});
    endInsertRows();
    Q_EMIT countChanged();
    return true;
}

void ChatRoomModel::remove(const QString &name)
{
    const int i = indexOf(name);
    if (i < 0)
        return;
    beginRemoveRows({}, i, i);
    m_rows.removeAt(i);
    endRemoveRows();
    Q_EMIT countChanged();
    Q_EMIT totalUnreadChanged();
}

void ChatRoomModel::setUnread(const QString &name, int unread)
{
    const int i = indexOf(name);
    if (i < 0 || m_rows.at(i).unread == unread)
        return;
    m_rows[i].unread = unread;
    Q_EMIT dataChanged(index(i), index(i), {UnreadRole});
    Q_EMIT totalUnreadChanged();
}

void ChatRoomModel::setJoined(const QString &name, bool joined)
{
    const int i = indexOf(name);
    if (i < 0 || m_rows.at(i).joined == joined)
        return;
    m_rows[i].joined = joined;
    Q_EMIT dataChanged(index(i), index(i), {JoinedRole});
}

int ChatRoomModel::unread(const QString &name) const
{
    const int i = indexOf(name);
    return i < 0 ? 0 : m_rows.at(i).unread;
}

int ChatRoomModel::totalUnread() const
{
    int n = 0;
    for (const Row &r : m_rows)
        n += r.unread;
    return n;
}

int ChatRoomModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ChatRoomModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case UnreadRole: return r.unread;
    case IsPrivateRole: return r.isPrivate;
    case JoinedRole: return r.joined;
    }
    return {};
}

QHash<int, QByteArray> ChatRoomModel::roleNames() const
{
    return {{NameRole, "name"}, {UnreadRole, "unread"}, {IsPrivateRole, "isPrivate"}, {JoinedRole, "joined"}};
}
