// DiscoveryAnnouncer: tells the LAN that a hub is hosted here. Every intervalMs (3 s) it
// sends one small JSON datagram (docs/protocol.md §10) to the discovery group
// 239.255.77.77:47777 (TTL 1, on every up multicast-capable interface) or to any
// destination set for tests. HubHost starts and stops it; DiscoveryListener hears it.
#pragma once
#include <QHostAddress>
#include <QObject>
#include <QTimer>

class QUdpSocket;

struct DiscoveryInfo
{
    QString session;
    quint16 port = 0;
    bool tls = false;
    QString fingerprint;        // 64 hex digits for wss, empty for ws
    bool passwordRequired = false;
};

class DiscoveryAnnouncer : public QObject
{
    Q_OBJECT
public:
    static constexpr quint16 DefaultPort = 47777;
    static QHostAddress defaultGroup() { return QHostAddress(QStringLiteral("239.255.77.77")); }
    static constexpr int MaxDatagramBytes = 1024;

    explicit DiscoveryAnnouncer(QObject *parent = nullptr);
    ~DiscoveryAnnouncer() override;

    void setInfo(const DiscoveryInfo &info) { m_info = info; }
    void setDestination(const QHostAddress &address, quint16 port);   // default: the group
    void setIntervalMs(int ms) { m_timer.setInterval(ms); }
    bool start(QString *error = nullptr);   // sends at once, then every interval
    void stop();
    bool isRunning() const { return m_timer.isActive(); }
    qint64 sent() const { return m_sent; }

    static QByteArray datagram(const DiscoveryInfo &info);   // at most MaxDatagramBytes

private:
    void announce();

    QUdpSocket *m_socket = nullptr;
    QTimer m_timer;
    DiscoveryInfo m_info;
    QHostAddress m_destination = defaultGroup();
    quint16 m_port = DefaultPort;
    qint64 m_sent = 0;
};
