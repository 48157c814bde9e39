#include "wsclient.h"

#include "proxytunnel.h"
#include "wsdeflate.h"
#include "wsframewriter.h"

#include <QPointer>
#include <QSslSocket>

namespace {
QString socketText(QAbstractSocket::SocketError error, const QString &server, const QString &detail)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QStringLiteral("cannot connect to %1: %2 (is the server running?)").arg(server, detail);
    case QAbstractSocket::HostNotFoundError:
        return QStringLiteral("host %1 not found: check the URL").arg(server.section(QLatin1Char(':'), 0, -2));
    case QAbstractSocket::RemoteHostClosedError:
        return QStringLiteral("%1 closed the connection without a WebSocket close").arg(server);
    case QAbstractSocket::SslHandshakeFailedError:
        return QStringLiteral("TLS handshake with %1 failed: %2").arg(server, detail);
    case QAbstractSocket::ProxyAuthenticationRequiredError:
    case QAbstractSocket::ProxyConnectionRefusedError:
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::ProxyNotFoundError:
    case QAbstractSocket::ProxyProtocolError:
        return QStringLiteral("proxy for %1: %2").arg(server, detail);
    default:
        return QStringLiteral("%1: %2").arg(server, detail);
    }
}
} // namespace

WsClient::WsClient(QObject *parent)
    : QObject(parent)
    , m_closeTimer(this)
{
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, [this] {
        if (m_socket)
            m_socket->abort();   // the peer never finished the close handshake
    });
}

WsClient::~WsClient()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QString WsClient::server() const
{
    const QUrl &url = m_options.offer.url;
    return QStringLiteral("%1:%2").arg(url.host()).arg(url.port(m_tls ? 443 : 80));
}

QSslCertificate WsClient::peerCertificate() const
{
    return m_socket ? m_socket->peerCertificate() : QSslCertificate();
}

void WsClient::ignoreSslErrors(const QList<QSslError> &errors)
{
    if (m_socket)
        m_socket->ignoreSslErrors(errors);
}

void WsClient::open(const Options &options)
{
    Q_ASSERT(m_phase == Phase::Idle);
    m_options = options;
    const QUrl &url = m_options.offer.url;
    m_tls = url.scheme() == QLatin1String("wss");
    m_phase = Phase::Connecting;
    m_socket = new QSslSocket(this);
    connect(m_socket, &QSslSocket::connected, this, &WsClient::onTcpConnected);
    connect(m_socket, &QSslSocket::encrypted, this, &WsClient::onEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &WsClient::onReadyRead);
    connect(m_socket, &QSslSocket::disconnected, this, &WsClient::finish);
    connect(m_socket, &QSslSocket::errorOccurred, this, &WsClient::onSocketError);
    connect(m_socket, &QSslSocket::sslErrors, this, &WsClient::sslErrors);

    if (m_tls && !QSslSocket::supportsSsl()) {
        QMetaObject::invokeMethod(this, [this] {
            refuse(QStringLiteral("wss:// needs TLS, but no TLS backend is available (install OpenSSL)"));
        }, Qt::QueuedConnection);
        return;
    }
    const ProxyTunnel::Route route = ProxyTunnel::choose(url, m_options.useSystemProxy, m_options.proxy);
    if (!route.problem.isEmpty()) {
        QMetaObject::invokeMethod(this, [this, why = route.problem] { refuse(why); }, Qt::QueuedConnection);
        return;
    }
    const quint16 port = quint16(url.port(m_tls ? 443 : 80));
    m_tunnel = route.kind == ProxyTunnel::Route::Kind::Connect;
    if (route.kind == ProxyTunnel::Route::Kind::Socks) {
        m_socket->setProxy(route.proxy);   // Qt speaks SOCKS5 itself
        m_socket->connectToHost(url.host(), port);
    } else if (m_tunnel) {
        m_tunnelProxy = route.proxy;
        m_socket->setProxy(QNetworkProxy::NoProxy);
        m_socket->connectToHost(route.proxy.hostName(), route.proxy.port());
    } else {
        m_socket->setProxy(QNetworkProxy::NoProxy);
        m_socket->connectToHost(url.host(), port);
    }
}

void WsClient::onTcpConnected()
{
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_tunnel) {
        const QUrl &url = m_options.offer.url;
        m_phase = Phase::Tunnel;
        m_socket->write(ProxyTunnel::connectRequest(url.host(), quint16(url.port(m_tls ? 443 : 80)), m_tunnelProxy));
        return;
    }
    startTlsOrUpgrade();
}

void WsClient::startTlsOrUpgrade()
{
    if (!m_tls) {
        sendUpgrade();
        return;
    }
    m_phase = Phase::Tls;
    m_socket->setSslConfiguration(m_options.ssl);
    m_socket->setPeerVerifyName(m_options.offer.url.host());   // also the SNI name
    m_socket->startClientEncryption();
}

void WsClient::onEncrypted()
{
    if (m_options.peerCheck) {
        const QString refusal = m_options.peerCheck(m_socket->peerCertificate());
        if (!refusal.isEmpty()) {
            refuse(refusal);   // not one byte of the request goes to this server
            return;
        }
    }
    sendUpgrade();
}

void WsClient::sendUpgrade()
{
    m_phase = Phase::Upgrade;
    m_key = WsClientHandshake::randomKey();
    m_socket->write(WsClientHandshake::request(m_options.offer, m_key));
}

void WsClient::onReadyRead()
{
    if (m_phase == Phase::Closed || !m_socket)
        return;
    m_in.append(m_socket->readAll());
    if (m_phase == Phase::Tunnel || m_phase == Phase::Upgrade)
        readHeads();
    else if (m_phase == Phase::Open || m_phase == Phase::Closing)
        readFrames();
    else if (m_phase != Phase::Tls)
        m_in.clear();
}

void WsClient::readHeads()
{
    if (m_phase == Phase::Tunnel) {
        const ProxyTunnel::Reply reply = ProxyTunnel::read(m_in, m_tunnelProxy, server());
        if (reply.status == ProxyTunnel::Reply::Status::NeedMore)
            return;
        if (reply.status == ProxyTunnel::Reply::Status::Refused)
            return refuse(reply.error);
        m_in.clear();   // nothing may follow a 200 before we speak
        startTlsOrUpgrade();
        return;
    }
    const WsClientHandshake::Answer answer = WsClientHandshake::read(m_in, m_key, m_options.offer);
    if (answer.status == WsClientHandshake::Answer::Status::NeedMore)
        return;
    if (answer.status == WsClientHandshake::Answer::Status::Refused)
        return refuse(answer.error);
    m_in.remove(0, answer.headBytes);
    m_subprotocol = answer.subprotocol;
    m_reader = std::make_unique<WsFrameReader>(m_options.maxFrameBytes, m_options.maxMessageBytes,
                                               WsFrameReader::Role::Client);
    if (answer.deflate) {
        m_deflate = std::make_unique<WsDeflate>(answer.deflateParams);
        m_reader->setDeflate(m_deflate.get());
    }
    m_phase = Phase::Open;
    QPointer<WsClient> self(this);
    Q_EMIT connected();
    if (self && !m_in.isEmpty() && (m_phase == Phase::Open || m_phase == Phase::Closing))
        readFrames();   // frames that came with the 101
}

void WsClient::readFrames()
{
    // Work on a local buffer: a handler may close or abort us while we loop.
    const QByteArray buffer = std::exchange(m_in, QByteArray());
    const char *data = buffer.constData();
    const qsizetype size = buffer.size();
    qsizetype pos = 0;
    QPointer<WsClient> self(this);
    while (pos < size) {
        WsFrameReader::Result r = m_reader->read(data + pos, size - pos);
        if (r.kind == WsFrameReader::Kind::NeedMore)
            break;
        if (r.kind == WsFrameReader::Kind::Fail) {
            failConnection(r.closeCode, r.reason);
            return;
        }
        pos += r.consumed;
        switch (r.kind) {
        case WsFrameReader::Kind::Text:
            if (m_phase == Phase::Open)
                Q_EMIT textMessage(r.payload);
            break;
        case WsFrameReader::Kind::Binary:
            if (m_phase == Phase::Open)
                Q_EMIT binaryMessage(r.payload);
            break;
        case WsFrameReader::Kind::Ping:
            if (m_phase == Phase::Open)
                writeFrame(WsFrameWriter::Pong, r.payload);
            break;
        case WsFrameReader::Kind::Pong:
            Q_EMIT pong(r.payload);
            break;
        case WsFrameReader::Kind::Close:
            if (m_phase == Phase::Open) {   // the server's close: answer with its code
                m_ending = Ending::ClosedByPeer;
                m_closeCode = r.closeCode;
                m_closeReason = QString::fromUtf8(r.payload);
                writeFrame(WsFrameWriter::Close, WsFrameWriter::closePayload(r.closeCode == 1005 ? 0 : r.closeCode, {}));
            }
            m_phase = Phase::Closing;
            m_closeTimer.start(kCloseTimeoutMs);
            m_socket->disconnectFromHost();   // after our bytes are out
            return;
        default:   // Fragment
            break;
        }
        if (!self || !(m_phase == Phase::Open || m_phase == Phase::Closing))
            return;
    }
    if (pos < size)
        m_in = buffer.mid(pos);   // one incomplete frame
}

bool WsClient::writeFrame(quint8 opcode, QByteArrayView payload, bool rsv1)
{
    if (!m_socket)
        return false;
    return m_socket->write(WsFrameWriter::clientFrame(opcode, payload, rsv1)) > 0;
}

bool WsClient::sendText(QByteArrayView utf8)
{
    if (m_phase != Phase::Open)
        return false;
    if (m_deflate && utf8.size() >= kCompressFrom)
        return writeFrame(WsFrameWriter::Text, m_deflate->deflate(utf8), true);
    return writeFrame(WsFrameWriter::Text, utf8);
}

bool WsClient::sendBinary(QByteArrayView data)
{
    if (m_phase != Phase::Open)
        return false;
    if (m_deflate && data.size() >= kCompressFrom)
        return writeFrame(WsFrameWriter::Binary, m_deflate->deflate(data), true);
    return writeFrame(WsFrameWriter::Binary, data);
}

bool WsClient::ping(const QByteArray &payload)
{
    return m_phase == Phase::Open && payload.size() <= 125 && writeFrame(WsFrameWriter::Ping, payload);
}

void WsClient::close(int code, const QString &reason)
{
    if (m_phase != Phase::Open) {
        if (m_phase != Phase::Closing)
            abort();
        return;
    }
    m_ending = Ending::ClosedByUs;
    m_closeCode = code;
    m_closeReason = reason;
    m_phase = Phase::Closing;
    writeFrame(WsFrameWriter::Close, WsFrameWriter::closePayload(code, reason));
    m_socket->flush();   // out now, even if the owner is about to delete us
    m_closeTimer.start(kCloseTimeoutMs);
}

void WsClient::abort()
{
    if (m_phase == Phase::Closed || m_phase == Phase::Idle)
        return;
    if (m_ending == Ending::None) {
        m_ending = Ending::ClosedByUs;
        m_error = QStringLiteral("aborted by the client");
    }
    if (m_socket)
        m_socket->abort();
    finish();   // in case the socket was not connected (no disconnected() then)
}

void WsClient::failConnection(int code, const QString &reason)
{
    m_ending = Ending::FailedByUs;
    m_closeCode = code;
    m_closeReason = reason;
    m_error = QStringLiteral("%1 broke the WebSocket protocol: %2 (closed with %3)").arg(server(), reason).arg(code);
    m_phase = Phase::Closing;
    m_in.clear();
    writeFrame(WsFrameWriter::Close, WsFrameWriter::closePayload(code, reason));
    m_closeTimer.start(kCloseTimeoutMs);
    m_socket->disconnectFromHost();
}

void WsClient::refuse(const QString &error)
{
    if (m_phase == Phase::Closed)
        return;
    m_ending = Ending::Refused;
    m_error = error;
    if (m_socket)
        m_socket->abort();
    finish();
}

void WsClient::onSocketError(QAbstractSocket::SocketError error)
{
    if (m_phase == Phase::Closed)
        return;
    if (m_error.isEmpty()) {
        m_socketError = error;
        m_error = socketText(error, server(), m_socket->errorString());
        if (error == QAbstractSocket::RemoteHostClosedError && (m_phase == Phase::Upgrade || m_phase == Phase::Tunnel))
            m_error = QStringLiteral("%1 closed the connection before answering the WebSocket upgrade%2")
                          .arg(server(), m_phase == Phase::Tunnel ? QStringLiteral(" (through the proxy)") : QString());
        if (error == QAbstractSocket::SslHandshakeFailedError && m_ending == Ending::None)
            m_ending = Ending::Refused;
    }
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        finish();   // no disconnected() follows an error before the connection was up
}

void WsClient::finish()
{
    if (m_phase == Phase::Closed)
        return;
    const Phase was = std::exchange(m_phase, Phase::Closed);
    m_closeTimer.stop();
    m_in.clear();
    if (m_ending == Ending::None) {
        m_ending = Ending::Lost;
        if (m_error.isEmpty() && (was == Phase::Upgrade || was == Phase::Tunnel))
            m_error = QStringLiteral("%1 closed the connection before answering the WebSocket upgrade").arg(server());
        else if (m_error.isEmpty())
            m_error = socketText(QAbstractSocket::RemoteHostClosedError, server(), {});
    }
    Q_EMIT disconnected();
}
