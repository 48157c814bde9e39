#include "handshakegate.h"

#include <QSslSocket>

HandshakeGate::HandshakeGate(QTcpSocket *socket, int timeoutMs, int maxHeaderBytes,
                             const QStringList &allowedOrigins, QObject *parent)
    : QObject(parent), m_socket(socket), m_address(socket->peerAddress()),
      m_port(socket->peerPort()), m_maxHeaderBytes(maxHeaderBytes),
      m_allowedOrigins(allowedOrigins)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(timeoutMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_finished)
            return;   // upgraded or already rejected
        m_finished = true;
        if (m_socket)
            m_socket->abort();
        Q_EMIT rejected(tr("handshake not completed within %1 ms").arg(m_timer.interval()));
    });
}

QString HandshakeGate::peerText() const
{
    const QString a = m_address.toString();
    return (m_address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a + u']' : a)
           + u':' + QString::number(m_port);
}

void HandshakeGate::start()
{
    m_timer.start();
    connect(m_socket, &QTcpSocket::readyRead, this, &HandshakeGate::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        if (!m_finished) {
            m_finished = true;
            m_timer.stop();
            Q_EMIT gone();
        }
    });
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket.data())) {
        connect(ssl, &QSslSocket::sslErrors, this, [](const QList<QSslError> &) {
            // Server side without client certificates: nothing to verify, errors are fatal.
        });
        connect(ssl, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (!m_finished && !qobject_cast<QSslSocket *>(m_socket.data())->isEncrypted()) {
                m_finished = true;
                m_timer.stop();
                const QString why = m_socket->errorString();
                m_socket->abort();
                Q_EMIT rejected(tr("TLS handshake failed: %1").arg(why));
            }
        });
        ssl->startServerEncryption();
    } else if (m_socket->bytesAvailable() > 0) {
        onReadyRead();
    }
}

void HandshakeGate::upgraded()
{
    m_finished = true;
    m_timer.stop();
}

void HandshakeGate::onReadyRead()
{
    if (m_headerDone || m_finished || !m_socket)
        return;
    const QByteArray head = m_socket->peek(m_maxHeaderBytes + 1);
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0 || end + 4 > m_maxHeaderBytes) {
        if (head.size() > m_maxHeaderBytes || end + 4 > m_maxHeaderBytes)
            reject(431, "Request Header Fields Too Large",
                   tr("upgrade request larger than %1 bytes").arg(m_maxHeaderBytes));
        return;   // wait for more (the timer bounds the wait)
    }
    const WsUpgrade::Request req = WsUpgrade::parse(head.left(end + 4));
    m_origin = req.origin;
    const WsUpgrade::Verdict v = WsUpgrade::judge(req, m_allowedOrigins, m_rawTopicsAllowed);
    if (v.status != 0)
        return reject(v.status, v.statusText, v.reason, v.extraHeaders);
    m_route = v.route;
    m_topic = v.topic;
    m_headerDone = true;
    disconnect(m_socket, &QTcpSocket::readyRead, this, &HandshakeGate::onReadyRead);
    Q_EMIT headerAccepted();
}

void HandshakeGate::reject(int httpStatus, const QByteArray &statusText, const QString &reason,
                           const QByteArray &extraHeaders)
{
    m_finished = true;
    m_timer.stop();
    if (m_socket) {
        // HubServer closes the socket after this (gracefully, so the response leaves).
        m_socket->write(WsUpgrade::errorResponse(httpStatus, statusText, extraHeaders));
    }
    Q_EMIT rejected(reason);
}
