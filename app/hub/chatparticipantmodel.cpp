#include "chatparticipantmodel.h"

#include <algorithm>

int ChatParticipantModel::indexOf(const QString &nick) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).nick.compare(nick, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

void ChatParticipantModel::reset(const QStringList &nicks, const QString &me, const QStringList &typing)
{
    beginResetModel();
    m_me = me;
    m_rows.clear();
    for (const QString &n : nicks)
        m_rows.append({n, typing.contains(n)});
    endResetModel();
    Q_EMIT countChanged();
}

void ChatParticipantModel::add(const QString &nick)
{
    if (indexOf(nick) >= 0)
        return;
    // keep the list sorted like the hub's member lists
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), nick,
                                     [](const Row &r, const QString &n) { return r.nick < n; });
    const int row = int(it - m_rows.begin());
    beginInsertRows({}, row, row);
    m_rows.insert(row, {nick, false});
    endInsertRows();
    Q_EMIT countChanged();
}

void ChatParticipantModel::remove(const QString &nick)
{
    const int i = indexOf(nick);
    if (i < 0)
        return;
    beginRemoveRows({}, i, i);
    m_rows.removeAt(i);
    endRemoveRows();
    Q_EMIT countChanged();
}

void ChatParticipantModel::setTyping(const QString &nick, bool typing)
{
    const int i = indexOf(nick);
    if (i < 0 || m_rows.at(i).typing == typing)
        return;
    m_rows[i].typing = typing;
    Q_EMIT dataChanged(index(i), index(i), {TypingRole});
}

QStringList ChatParticipantModel::nicks() const
{
    QStringList out;
    for (const Row &r : m_rows)
        out << r.nick;
    return out;
}

int ChatParticipantModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ChatParticipantModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NickRole: return r.nick;
    case TypingRole: return r.typing;
    case IsMeRole: return r.nick.compare(m_me, Qt::CaseInsensitive) == 0;
    }
    return {};
}

QHash<int, QByteArray> ChatParticipantModel::roleNames() const
{
    return {{NickRole, "nick"}, {TypingRole, "typing"}, {IsMeRole, "isMe"}};
}
