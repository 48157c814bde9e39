#include "discoveryannouncer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QUdpSocket>

DiscoveryAnnouncer::DiscoveryAnnouncer(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(3'000);
    connect(&m_timer, &QTimer::timeout, this, &DiscoveryAnnouncer::announce);
}

DiscoveryAnnouncer::~DiscoveryAnnouncer() = default;

void DiscoveryAnnouncer::setDestination(const QHostAddress &address, quint16 port)
{
    m_destination = address;
    m_port = port;
}

QByteArray DiscoveryAnnouncer::datagram(const DiscoveryInfo &info)
{
    QJsonObject o{{QLatin1String("type"), QLatin1String("pulseboard-hub")},
                  {QLatin1String("v"), 1},
                  {QLatin1String("session"), info.session.left(64)},
                  {QLatin1String("port"), int(info.port)},
                  {QLatin1String("scheme"), info.tls ? QLatin1String("wss") : QLatin1String("ws")},
                  {QLatin1String("fingerprint"), info.tls ? info.fingerprint : QString()},
                  {QLatin1String("password"), info.passwordRequired}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool DiscoveryAnnouncer::start(QString *error)
{
    if (!m_socket) {
        m_socket = new QUdpSocket(this);
        if (!m_socket->bind(QHostAddress(QHostAddress::AnyIPv4), 0)) {
            if (error)
                *error = tr("LAN discovery disabled: cannot open a UDP socket (%1).").arg(m_socket->errorString());
            delete m_socket;
            m_socket = nullptr;
            return false;
        }
        m_socket->setSocketOption(QAbstractSocket::MulticastTtlOption, 1);      // stay on the LAN
        m_socket->setSocketOption(QAbstractSocket::MulticastLoopbackOption, 1); // same-host listeners
    }
    announce();
    m_timer.start();
    return true;
}

void DiscoveryAnnouncer::stop()
{
    m_timer.stop();
}

void DiscoveryAnnouncer::announce()
{
    if (!m_socket)
        return;
    const QByteArray data = datagram(m_info);
    if (!m_destination.isMulticast()) {
        if (m_socket->writeDatagram(data, m_destination, m_port) == data.size())
            ++m_sent;
        return;
    }
    // One copy per up, multicast-capable interface so multi-homed hosts reach every LAN.
    bool any = false;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &iface : interfaces) {
        const auto f = iface.flags();
        if (!(f & QNetworkInterface::IsUp) || !(f & QNetworkInterface::IsRunning)
            || !(f & QNetworkInterface::CanMulticast) || (f & QNetworkInterface::IsLoopBack))
            continue;
        m_socket->setMulticastInterface(iface);
        if (m_socket->writeDatagram(data, m_destination, m_port) == data.size())
            any = true;
    }
    if (!any)   // no LAN interface: the default route (and multicast loopback) still work
        any = m_socket->writeDatagram(data, m_destination, m_port) == data.size();
    if (any)
        ++m_sent;
}
