#include "chatmessagemodel.h"

#include <QDateTime>

void ChatMessageModel::reset(const QList<ChatMessage> &messages)
{
    beginResetModel();
    m_rows = messages.mid(qMax<qsizetype>(0, messages.size() - MaxRows));
    endResetModel();
    Q_EMIT countChanged();
}

void ChatMessageModel::append(const QList<ChatMessage> &batch)
{
    if (batch.isEmpty())
        return;
    const QList<ChatMessage> add = batch.mid(qMax<qsizetype>(0, batch.size() - MaxRows));
    const qsizetype overflow = m_rows.size() + add.size() - MaxRows;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.remove(0, overflow);
        endRemoveRows();
        if (!m_rows.isEmpty())   // the new first row starts a group now
            Q_EMIT dataChanged(index(0), index(0), {FirstOfGroupRole});
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + add.size()) - 1);
    m_rows.append(add);
    endInsertRows();
    Q_EMIT countChanged();
}

bool ChatMessageModel::firstOfGroup(int row) const
{
    if (row == 0)
        return true;
    const ChatMessage &a = m_rows.at(row - 1);
    const ChatMessage &b = m_rows.at(row);
    // An alert post starts its own group: it must not read as its sender's words.
    return a.from != b.from || a.alert != b.alert || b.ts - a.ts > GroupGapMs;
}

int ChatMessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ChatMessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChatMessage &m = m_rows.at(index.row());
    switch (role) {
    case SeqRole: return m.seq;
    case FromRole: return m.from;
    case Qt::DisplayRole:
    case TextRole: return m.text;
    case TimeRole: return QDateTime::fromMSecsSinceEpoch(m.ts);
    case MineRole: return m.mine;
    case MentionsMeRole: return m.mentionsMe;
    case FirstOfGroupRole: return firstOfGroup(index.row());
    case HistoryRole: return m.history;
    case AlertRole: return m.alert;
    }
    return {};
}

QHash<int, QByteArray> ChatMessageModel::roleNames() const
{
    return {{SeqRole, "seq"}, {FromRole, "from"}, {TextRole, "text"}, {TimeRole, "time"},
            {MineRole, "mine"}, {MentionsMeRole, "mentionsMe"}, {FirstOfGroupRole, "firstOfGroup"},
            {HistoryRole, "history"}, {AlertRole, "alert"}};
}
