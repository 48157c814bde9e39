#include "hubjoincheck.h"
#include "hubnames.h"
#include "knownhosts.h"
#include "tlsidentity.h"

#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QUrl>

using L = QLatin1String;

namespace {
// Typed text is shown back to the user: control characters escaped, length capped.
QString shown(const QString &text, int max = 120)
{
    QString out;
    for (const QChar c : text.left(max)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return text.size() > max ? out + u'…' : out;
}

bool isHexSha256(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{64}$"));
    return re.match(s).hasMatch();
}

QString normalizedFingerprint(const QString &s)
{
    QString hex = s.trimmed().toLower();
    hex.remove(u':');
    return hex;
}
} // namespace

HubJoinCheck::HubJoinCheck(QObject *parent) : QObject(parent)
{
    m_probeTimer.setSingleShot(true);
    connect(&m_probeTimer, &QTimer::timeout, this, [this] {
        finishProbe({}, tr("The hub did not complete a TLS handshake within %1 s. Check the address and port, "
                           "or whether the hub uses ws:// instead of wss://.").arg(m_probeTimeoutMs / 1000));
    });
}

HubJoinCheck::~HubJoinCheck()
{
    if (m_probe)
        m_probe->abort();
}

void HubJoinCheck::setKnownHostsFile(const QString &f)
{
    if (m_knownHostsFile != f) {
        m_knownHostsFile = f;
        Q_EMIT knownHostsFileChanged();
    }
}

void HubJoinCheck::setProbeTimeoutMs(int ms)
{
    m_probeTimeoutMs = qBound(100, ms, 60'000);
    Q_EMIT probingChanged();
}

QString HubJoinCheck::urlError(const QString &text) const
{
    const QString t = text.trimmed();
    const QString example = QStringLiteral("wss://192.168.1.20:8765/");
    if (t.isEmpty())
        return tr("Enter the hub address, for example %1").arg(example);
    if (t.size() > MaxUrlLength)
        return tr("The address is %1 characters long; a hub address is at most %2.").arg(t.size()).arg(MaxUrlLength);
    const QUrl url(t, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!t.contains(L("://")) || (scheme != L("ws") && scheme != L("wss")))
        return tr("“%1” is not a hub address: it must start with ws:// or wss:// (for example %2).").arg(shown(t), example);
    if (!url.isValid())
        return tr("“%1” is not a valid address: %2").arg(shown(t), shown(url.errorString(), 300));
    if (url.host().isEmpty())
        return tr("“%1” has no host name or IP address after %2://.").arg(shown(t), scheme);
    if (url.port() == 0)
        return tr("Port 0 cannot be joined; use the port the host shows (1-65535).");
    if (!url.userInfo().isEmpty())
        return tr("Leave the user name and password out of the address; type the password in its own field.");
    if (!url.path().isEmpty() && url.path() != L("/"))
        return tr("Chat uses the hub's root path: %1://%2/ (“%3” is not a chat address).")
            .arg(scheme, url.authority(), shown(url.path()));
    if (url.hasQuery() || url.hasFragment())
        return tr("A hub address has no “?” or “#” part: use %1://%2/").arg(scheme, url.authority());
    return {};
}

QString HubJoinCheck::nickError(const QString &nick) const
{
    const QString n = nick.trimmed();
    if (n.isEmpty())
        return tr("Choose a nickname.");
    if (n.compare(L("hub"), Qt::CaseInsensitive) == 0)
        return tr("“hub” is reserved; choose another nickname.");
    if (!HubNames::isValidNick(n))
        return tr("A nickname is 1-24 letters, digits, “_”, “.” or “-”, starting with a letter or digit.");
    return {};
}

QVariantMap HubJoinCheck::pinStatus(const QString &text, const QString &announcedFingerprint) const
{
    const QString announced = normalizedFingerprint(announcedFingerprint);
    QVariantMap out{{L("announced"), announced}, {L("pinned"), QString()}, {L("warning"), QString()}};
    if (!urlError(text).isEmpty()) {
        out.insert(L("state"), L("invalid"));
        return out;
    }
    const QUrl url(text.trimmed());
    if (url.scheme().toLower() == L("ws")) {
        out.insert(L("state"), L("plain"));
        return out;
    }
    const quint16 port = quint16(url.port(443));
    KnownHosts hosts(m_knownHostsFile);
    QString loadError;
    if (!m_knownHostsFile.isEmpty() && !hosts.load(&loadError))
        out.insert(L("warning"), loadError);
    const QString pinned = hosts.pinned(url.host(), port);
    out.insert(L("pinned"), pinned);
    if (pinned.isEmpty()) {
        out.insert(L("state"), L("unknown"));
    } else if (!announced.isEmpty() && announced != pinned) {
        out.insert(L("state"), L("changed"));
        out.insert(L("warning"), KnownHosts::changedWarning(url.host(), port, pinned, announced));
    } else {
        out.insert(L("state"), L("trusted"));
    }
    return out;
}

void HubJoinCheck::probe(const QString &text)
{
    cancelProbe();
    const QString error = urlError(text);
    const QUrl url(text.trimmed());
    m_probeUrl = text;
    if (!error.isEmpty() || url.scheme().toLower() != L("wss")) {
        const QString why = error.isEmpty() ? tr("Only wss:// hubs have a certificate to check.") : error;
        QMetaObject::invokeMethod(this, [this, text, why] { Q_EMIT probeFinished(text, {}, why); },
                                  Qt::QueuedConnection);
        return;
    }
    auto *socket = new QSslSocket(this);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone);   // we only read the certificate; the user decides
    socket->setSslConfiguration(ssl);
    m_probe = socket;
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        const QString fp = TlsIdentity::fingerprintOf(socket->peerCertificate());
        finishProbe(fp, fp.isEmpty() ? tr("The hub presented no certificate.") : QString());
    });
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket, url](QAbstractSocket::SocketError e) {
        const QString where = url.host() + u':' + QString::number(url.port(443));
        QString why;
        if (socket->state() == QAbstractSocket::ConnectedState || e == QAbstractSocket::SslHandshakeFailedError
            || e == QAbstractSocket::RemoteHostClosedError) {
            why = tr("The TLS handshake with %1 failed (%2). The hub may use ws:// instead of wss://.")
                      .arg(where, socket->errorString());
        } else if (e == QAbstractSocket::ConnectionRefusedError) {
            why = tr("Nothing is listening at %1 (connection refused). Is the session still hosted?").arg(where);
        } else if (e == QAbstractSocket::HostNotFoundError) {
            why = tr("The host name “%1” was not found.").arg(shown(url.host()));
        } else {
            why = tr("Could not reach %1: %2").arg(where, socket->errorString());
        }
        finishProbe({}, why);
    });
    Q_EMIT probingChanged();
    m_probeTimer.start(m_probeTimeoutMs);
    socket->connectToHostEncrypted(url.host(), quint16(url.port(443)));
}

void HubJoinCheck::cancelProbe()
{
    m_probeTimer.stop();
    if (!m_probe)
        return;
    QSslSocket *socket = m_probe;
    m_probe = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    Q_EMIT probingChanged();
}

void HubJoinCheck::finishProbe(const QString &fingerprint, const QString &error)
{
    const QString url = m_probeUrl;
    cancelProbe();
    Q_EMIT probeFinished(url, fingerprint, error);
}

QString HubJoinCheck::trust(const QString &text, const QString &fingerprint)
{
    const QString error = urlError(text);
    if (!error.isEmpty())
        return error;
    const QString hex = normalizedFingerprint(fingerprint);
    if (!isHexSha256(hex))
        return tr("“%1” is not a SHA-256 fingerprint (64 hexadecimal digits).").arg(shown(fingerprint));
    if (m_knownHostsFile.isEmpty())
        return {};   // nothing to persist: the connection still checks the fingerprint
    const QUrl url(text.trimmed());
    KnownHosts hosts(m_knownHostsFile);
    QString ioError;
    if (!hosts.load(&ioError))
        return ioError;
    if (!hosts.trust(url.host(), quint16(url.port(443)), hex, &ioError))
        return ioError;
    return {};
}

QString HubJoinCheck::forget(const QString &text)
{
    const QString error = urlError(text);
    if (!error.isEmpty())
        return error;
    if (m_knownHostsFile.isEmpty())
        return {};
    const QUrl url(text.trimmed());
    KnownHosts hosts(m_knownHostsFile);
    QString ioError;
    if (!hosts.load(&ioError) || !hosts.forget(url.host(), quint16(url.port(443)), &ioError))
        return ioError;
    return {};
}

QString HubJoinCheck::displayFingerprint(const QString &hex)
{
    return TlsIdentity::displayFingerprint(normalizedFingerprint(hex));
}
