#include "discoverylistener.h"
#include "discoveryannouncer.h"
#include "hubclock.h"
#include "hubnames.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkDatagram>
#include <QRegularExpression>
#include <QUdpSocket>

DiscoveryListener::DiscoveryListener(QObject *parent)
    : QAbstractListModel(parent), m_group(DiscoveryAnnouncer::defaultGroup()),
      m_port(DiscoveryAnnouncer::DefaultPort)
{
    m_expiry.setInterval(1'000);
    connect(&m_expiry, &QTimer::timeout, this, &DiscoveryListener::expire);
}

DiscoveryListener::~DiscoveryListener() = default;

void DiscoveryListener::setEndpoint(const QHostAddress &group, quint16 port)
{
    m_group = group;
    m_port = port;
}

bool DiscoveryListener::start()
{
    stop();
    auto *socket = new QUdpSocket(this);
    const bool ok = socket->bind(QHostAddress(QHostAddress::AnyIPv4), m_port,
                                 QUdpSocket::ShareAddress | QUdpSocket::ReuseAddressHint)
                    && (!m_group.isMulticast() || socket->joinMulticastGroup(m_group));
    if (!ok) {
        m_lastError = tr("Cannot listen for LAN sessions on UDP port %1 (%2). Enter the hub URL by hand.")
                          .arg(m_port).arg(socket->errorString());
        delete socket;
        Q_EMIT listeningChanged();
        return false;
    }
    socket->setReadBufferSize(64 * 1024);
    m_socket = socket;
    m_lastError.clear();
    connect(m_socket, &QUdpSocket::readyRead, this, &DiscoveryListener::onReadyRead);
    m_expiry.start();
    Q_EMIT listeningChanged();
    return true;
}

void DiscoveryListener::stop()
{
    m_expiry.stop();
    if (m_socket) {
        delete m_socket;
        m_socket = nullptr;
        Q_EMIT listeningChanged();
    }
}

bool DiscoveryListener::parse(const QByteArray &datagram, Announcement *out, QString *why)
{
    auto fail = [why](const QString &w) {
        if (why)
            *why = w;
        return false;
    };
    if (datagram.size() > DiscoveryAnnouncer::MaxDatagramBytes)
        return fail(QStringLiteral("datagram larger than %1 bytes").arg(DiscoveryAnnouncer::MaxDatagramBytes));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(datagram, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return fail(QStringLiteral("not a JSON object"));
    const QJsonObject o = doc.object();
    if (o.value(QLatin1String("type")).toString() != QLatin1String("pulseboard-hub"))
        return fail(QStringLiteral("type"));
    if (!o.value(QLatin1String("v")).isDouble() || o.value(QLatin1String("v")).toDouble() != 1.0)
        return fail(QStringLiteral("v"));
    const QJsonValue session = o.value(QLatin1String("session"));
    if (!session.isString() || session.toString().isEmpty() || session.toString().size() > 64
        || !HubNames::isCleanText(session.toString()) || session.toString().contains(u'\n'))
        return fail(QStringLiteral("session"));
    const QJsonValue port = o.value(QLatin1String("port"));
    const double p = port.toDouble(-1);
    if (!port.isDouble() || p < 1 || p > 65535 || p != double(int(p)))
        return fail(QStringLiteral("port"));
    const QString scheme = o.value(QLatin1String("scheme")).toString();
    if (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))
        return fail(QStringLiteral("scheme"));
    const QJsonValue fp = o.value(QLatin1String("fingerprint"));
    static const QRegularExpression hex64(QStringLiteral("^[0-9a-fA-F]{64}$"));
    if (!fp.isString() || (scheme == QLatin1String("wss") ? !hex64.match(fp.toString()).hasMatch()
                                                          : !fp.toString().isEmpty()))
        return fail(QStringLiteral("fingerprint"));
    if (!o.value(QLatin1String("password")).isBool())
        return fail(QStringLiteral("password"));
    out->session = session.toString();
    out->port = quint16(p);
    out->tls = scheme == QLatin1String("wss");
    out->fingerprint = fp.toString().toLower();
    out->password = o.value(QLatin1String("password")).toBool();
    return true;
}

void DiscoveryListener::onReadyRead()
{
    int budget = 256;   // bounded work per wake-up; the rest waits for the next one
    while (m_socket && m_socket->hasPendingDatagrams() && budget-- > 0) {
        const QNetworkDatagram d = m_socket->receiveDatagram(DiscoveryAnnouncer::MaxDatagramBytes + 1);
        Announcement a;
        if (!parse(d.data(), &a, nullptr)) {
            ++m_rejected;
            continue;
        }
        QHostAddress host = d.senderAddress();
        bool ok = false;
        const QHostAddress v4(host.toIPv4Address(&ok));
        if (ok)
            host = v4;
        const qint64 now = HubClock::nowMs();
        const auto it = std::find_if(m_sessions.begin(), m_sessions.end(), [&](const Session &s) {
            return s.host == host && s.a.port == a.port;
        });
        if (it != m_sessions.end()) {
            it->a = a;
            it->lastSeenMs = now;
            it->lastSeen = QDateTime::currentDateTime();
            const QModelIndex idx = index(int(it - m_sessions.begin()));
            Q_EMIT dataChanged(idx, idx);
            continue;
        }
        if (m_sessions.size() >= MaxSessions) {
            ++m_rejected;
            continue;
        }
        beginInsertRows({}, int(m_sessions.size()), int(m_sessions.size()));
        m_sessions.append({a, host, now, QDateTime::currentDateTime()});
        endInsertRows();
        Q_EMIT countChanged();
        Q_EMIT sessionFound(urlOf(m_sessions.last()));
    }
}

void DiscoveryListener::expire()
{
    const qint64 now = HubClock::nowMs();
    bool changed = false;
    for (int i = int(m_sessions.size()) - 1; i >= 0; --i) {
        if (now - m_sessions.at(i).lastSeenMs > m_expireMs) {
            beginRemoveRows({}, i, i);
            m_sessions.removeAt(i);
            endRemoveRows();
            changed = true;
        }
    }
    if (changed)
        Q_EMIT countChanged();
}

QString DiscoveryListener::urlOf(const Session &s)
{
    const QString host = s.host.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + s.host.toString() + u']' : s.host.toString();
    return QStringLiteral("%1://%2:%3/").arg(s.a.tls ? QStringLiteral("wss") : QStringLiteral("ws"), host)
        .arg(s.a.port);
}

int DiscoveryListener::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

QVariant DiscoveryListener::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Session &s = m_sessions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case SessionRole: return s.a.session;
    case HostRole: return s.host.toString();
    case PortRole: return int(s.a.port);
    case SchemeRole: return s.a.tls ? QStringLiteral("wss") : QStringLiteral("ws");
    case UrlRole: return urlOf(s);
    case FingerprintRole: return s.a.fingerprint;
    case PasswordRequiredRole: return s.a.password;
    case LastSeenRole: return s.lastSeen;
    }
    return {};
}

QHash<int, QByteArray> DiscoveryListener::roleNames() const
{
    return {{SessionRole, "session"}, {HostRole, "host"}, {PortRole, "port"}, {SchemeRole, "scheme"},
            {UrlRole, "url"}, {FingerprintRole, "fingerprint"}, {PasswordRequiredRole, "passwordRequired"},
            {LastSeenRole, "lastSeen"}};
}
