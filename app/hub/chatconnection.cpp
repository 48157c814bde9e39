#include "chatconnection.h"
#include "hubauth.h"
#include "hubclosecodes.h"
#include "knownhosts.h"
#include "tlsidentity.h"
#include "wsclient.h"

#include <QJsonDocument>
#include <QSslConfiguration>

using L = QLatin1String;

ChatConnection::ChatConnection(QObject *parent)
    : QObject(parent)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ChatConnection::startSocket);
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        Q_EMIT problem(tr("The hub did not complete the login within %1 s.").arg(m_settings.handshakeTimeoutMs / 1000));
        if (m_socket)
            m_socket->abort();
    });
}

ChatConnection::~ChatConnection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void ChatConnection::setState(State s)
{
    if (m_state != s) {
        m_state = s;
        Q_EMIT stateChanged(s);
    }
}

void ChatConnection::open()
{
    m_wantOpen = true;
    m_final = false;
    m_error.clear();
    m_maxTextBytes = 0;
    m_backoff = Backoff(m_settings.backoff);
    startSocket();
}

void ChatConnection::close()
{
    m_wantOpen = false;
    m_retryTimer.stop();
    m_handshakeTimer.stop();
    if (m_socket)
        m_socket->close(1000, QStringLiteral("bye"));
    else
        setState(State::Disconnected);
}

bool ChatConnection::send(const QJsonObject &o)
{
    if (m_state != State::Connected || !m_socket)
        return false;
    return m_socket->sendText(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void ChatConnection::startSocket()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    const QUrl url = m_settings.url;
    if (!url.isValid() || (url.scheme() != L("ws") && url.scheme() != L("wss")) || url.host().isEmpty())
        return fail(tr("\"%1\" is not a ws:// or wss:// hub address.").arg(url.toString().left(200)));
    auto *ws = new WsClient(this);
    m_socket = ws;
    WsClient::Options options;
    options.offer.url = url;
    options.maxMessageBytes = m_settings.maxMessageBytes;
    options.maxFrameBytes = m_settings.maxMessageBytes;
    if (url.scheme() == L("wss"))
        options.ssl.setPeerVerifyMode(QSslSocket::VerifyNone);   // the pin (checked on connect) replaces CA checks
    connect(ws, &WsClient::connected, this, &ChatConnection::onConnected);
    connect(ws, &WsClient::disconnected, this, &ChatConnection::onDisconnected);
    connect(ws, &WsClient::textMessage, this, &ChatConnection::onText);
    setState(m_state == State::Reconnecting ? State::Reconnecting : State::Connecting);
    m_handshakeTimer.start(m_settings.handshakeTimeoutMs);
    ws->open(options);
}

bool ChatConnection::pinCheck()
{
    const QUrl url = m_settings.url;
    if (url.scheme() != L("wss"))
        return true;
    const quint16 port = quint16(url.port(443));
    m_fingerprint = TlsIdentity::fingerprintOf(m_socket->peerCertificate());
    if (m_fingerprint.isEmpty()) {
        fail(tr("The hub at %1 presented no certificate.").arg(url.host()));
        return false;
    }
    KnownHosts hosts(m_settings.knownHostsFile);
    if (!m_settings.knownHostsFile.isEmpty())
        hosts.load();
    QString expected = m_settings.expectedFingerprint.toLower();
    expected.remove(u':');
    if (!expected.isEmpty() && expected != m_fingerprint) {
        const QString w = KnownHosts::changedWarning(url.host(), port, expected, m_fingerprint);
        Q_EMIT certificateChanged(w);
        fail(w);
        return false;
    }
    switch (hosts.check(url.host(), port, m_fingerprint)) {
    case KnownHosts::Verdict::Trusted:
        return true;
    case KnownHosts::Verdict::Unknown:   // only with the caller's explicit consent
        if (expected.isEmpty() && !m_settings.trustOnFirstUse) {
            fail(tr("The hub at %1 presented a certificate this computer has not trusted yet "
                    "(SHA-256 fingerprint %2). Compare it with the one the host shows, then trust it "
                    "in the Join dialog.")
                     .arg(KnownHosts::key(url.host(), port), TlsIdentity::displayFingerprint(m_fingerprint)));
            return false;
        }
        if (!m_settings.knownHostsFile.isEmpty())
            hosts.trust(url.host(), port, m_fingerprint);
        return true;
    case KnownHosts::Verdict::Changed: {
        const QString w = KnownHosts::changedWarning(url.host(), port, hosts.pinned(url.host(), port), m_fingerprint);
        Q_EMIT certificateChanged(w);
        fail(w);
        return false;
    }
    }
    return false;
}

void ChatConnection::onConnected()
{
    if (!pinCheck())
        return;   // nothing was sent to an unverified hub
    setState(State::Authenticating);
    m_nonce.clear();
    m_socket->sendText(QJsonDocument(QJsonObject{
        {L("type"), L("hello")}, {L("version"), 1}, {L("nick"), m_settings.nick},
        {L("client"), QStringLiteral("Pulseboard/" PULSEBOARD_VERSION)}}).toJson(QJsonDocument::Compact));
}

void ChatConnection::onText(const QByteArray &utf8)
{
    const QJsonObject o = QJsonDocument::fromJson(utf8).object();
    const QString type = o.value(L("type")).toString();
    if (type.isEmpty())
        return;   // not an envelope: ignored (plain text is never shown raw)
    if (m_state == State::Connected) {
        Q_EMIT envelope(o);
        return;
    }
    if (type == L("challenge"))
        return onChallenge(o);
    if (type == L("welcome"))
        return onWelcome(o);
    if (type == L("error")) {
        const QString code = o.value(L("code")).toString();
        const QString msg = o.value(L("message")).toString().left(300);
        if (code == L("auth_failed"))
            return fail(tr("Wrong password for this hub."));
        if (code == L("auth_locked"))
            return fail(tr("Too many failed logins from this computer; try again in %1 s.")
                            .arg((o.value(L("retryAfterMs")).toInteger() + 999) / 1000));
        if (code == L("nick_taken"))
            return fail(tr("The nickname \"%1\" is already in use on this hub; choose another.").arg(m_settings.nick));
        return fail(tr("The hub refused the login: %1 (%2)").arg(msg, code.left(40)));
    }
}

void ChatConnection::onChallenge(const QJsonObject &o)
{
    const QByteArray salt = QByteArray::fromBase64(o.value(L("salt")).toString().toLatin1());
    const int iterations = o.value(L("iterations")).toInt();
    m_nonce = o.value(L("nonce")).toString();
    if (o.value(L("mechanism")).toString() != L(HubAuth::Mechanism) || salt.size() < 16 || salt.size() > 64
        || iterations < HubAuth::MinIterations || iterations > HubAuth::MaxIterations || m_nonce.size() > 100)
        return fail(tr("The hub asked for an unsupported or unsafe login (mechanism, salt or iterations)."));
    if (m_settings.password.isEmpty())
        return fail(tr("This hub needs a password."));
    if (m_key.isEmpty() || salt != m_keySalt || iterations != m_keyIterations || m_keyPassword != m_settings.password) {
        m_key = HubAuth::deriveKey(m_settings.password, salt, iterations);
        m_keySalt = salt;
        m_keyIterations = iterations;
        m_keyPassword = m_settings.password;
    }
    m_cnonce = QString::fromLatin1(HubAuth::randomBytes(24).toBase64());
    const QByteArray proof = HubAuth::clientProof(m_key, m_nonce, m_cnonce, m_settings.nick);
    m_socket->sendText(QJsonDocument(QJsonObject{
        {L("type"), L("auth")}, {L("cnonce"), m_cnonce}, {L("proof"), QString::fromLatin1(proof.toBase64())}})
                           .toJson(QJsonDocument::Compact));
}

void ChatConnection::onWelcome(const QJsonObject &o)
{
    if (!m_nonce.isEmpty()) {   // we authenticated: the hub must prove it knows the password too
        const QByteArray expected = HubAuth::serverProof(m_key, m_nonce, m_cnonce, m_settings.nick);
        const QByteArray got = QByteArray::fromBase64(o.value(L("proof")).toString().toLatin1());
        if (!HubAuth::constantTimeEquals(expected, got))
            return fail(tr("The hub could not prove that it knows the password; disconnected."));
    }
    m_handshakeTimer.stop();
    m_backoff.reset();
    m_session = o.value(L("session")).toString().left(64);
    m_maxTextBytes = qMax(0, o.value(L("limits")).toObject().value(L("maxTextBytes")).toInt());
    m_nick = o.value(L("nick")).toString();
    setState(State::Connected);
    Q_EMIT welcomed(m_session, m_nick);
}

void ChatConnection::fail(const QString &message)
{
    m_final = true;
    m_wantOpen = false;
    m_retryTimer.stop();
    m_handshakeTimer.stop();
    m_error = message;
    Q_EMIT failed(message);   // first: whoever sees Failed can read the reason
    setState(State::Failed);
    if (m_socket)
        m_socket->abort();
}

void ChatConnection::onDisconnected()
{
    m_handshakeTimer.stop();
    if (m_final) {
        setState(State::Failed);
        return;
    }
    if (!m_wantOpen || !m_settings.autoReconnect) {
        setState(State::Disconnected);
        return;
    }
    const bool byHub = m_socket && m_socket->ending() == WsClient::Ending::ClosedByPeer;
    if (byHub && m_socket->closeCode() == HubCloseCodes::PolicyViolation) {
        // kicked, blocked or refused for abuse: coming straight back would defeat the kick
        const QString why = m_socket->closeReason().left(200);
        return fail(why.isEmpty() ? tr("The hub closed the connection (policy violation); not reconnecting.")
                                  : tr("The hub closed the connection: %1. Not reconnecting.").arg(why));
    }
    const int delay = m_backoff.nextDelayMs();
    if (m_socket && !(byHub && m_socket->closeCode() == 1000))
        Q_EMIT problem(tr("Connection to the hub lost (%1); retrying in %2 ms.")
                           .arg(m_socket->closeReason().isEmpty() ? m_socket->errorString() : m_socket->closeReason())
                           .arg(delay));
    setState(State::Reconnecting);
    m_retryTimer.start(delay);
    Q_EMIT reconnectScheduled(delay);
}
