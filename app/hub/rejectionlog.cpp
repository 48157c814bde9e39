#include "rejectionlog.h"

RejectionLog::RejectionLog(int capacity, QObject *parent)
    : QAbstractListModel(parent), m_capacity(qMax(1, capacity))
{
}

void RejectionLog::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    if (m_rows.size() > m_capacity) {
        const int extra = int(m_rows.size()) - m_capacity;
        beginRemoveRows({}, 0, extra - 1);
        m_rows.remove(0, extra);
        endRemoveRows();
        Q_EMIT countChanged();
    }
}

void RejectionLog::append(const Rejection &r)
{
    ++m_total;
    if (m_rows.size() >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_rows.removeFirst();
        endRemoveRows();
    }
    beginInsertRows({}, m_rows.size(), m_rows.size());
    m_rows.append(r);
    endInsertRows();
    Q_EMIT countChanged();
}

int RejectionLog::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RejectionLog::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Rejection &r = m_rows.at(index.row());
    switch (role) {
    case TimeRole: return r.time;
    case Qt::DisplayRole:
    case ReasonRole: return r.reason;
    case AddressRole: return r.address;
    case CloseCodeRole: return r.closeCode;
    }
    return {};
}

QHash<int, QByteArray> RejectionLog::roleNames() const
{
    return {{TimeRole, "time"}, {AddressRole, "address"}, {ReasonRole, "reason"},
            {CloseCodeRole, "closeCode"}};
}
