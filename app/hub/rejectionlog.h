// RejectionLog: the hub's bounded record of every refused connection, message or peer
// (address + reason), shown as-is by the host view. HubServer appends; QML only reads.
// Bound: HubConfig::rejectionLogSize rows (default 500); the oldest row goes first.
#pragma once
#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QtQml/qqmlregistration.h>

struct Rejection
{
    QDateTime time;
    QString address;       // peer IP (and port when known)
    QString reason;        // human-readable, e.g. "message too big (70000 > 65536 bytes)"
    int closeCode = 0;     // WebSocket close code sent, 0 when the peer stayed connected
};

class RejectionLog : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by HubServer")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role { TimeRole = Qt::UserRole + 1, AddressRole, ReasonRole, CloseCodeRole };

    explicit RejectionLog(int capacity = 500, QObject *parent = nullptr);

    void append(const Rejection &r);
    int capacity() const { return m_capacity; }
    void setCapacity(int capacity);          // drops the oldest rows beyond it
    qint64 totalRejections() const { return m_total; }   // including rows already dropped
    const QList<Rejection> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    QList<Rejection> m_rows;
    int m_capacity;
    qint64 m_total = 0;
};
