#include "handshakegate.h"
#include "hubnames.h"

#include <QSslSocket>
#include <QUrl>

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
    const Request req = parseRequestHead(head.left(end + 4));
    if (!req.ok)
        return reject(400, "Bad Request", tr("bad upgrade request: %1").arg(req.error));
    m_origin = req.origin;
    if (!m_origin.isEmpty() && !m_allowedOrigins.contains(m_origin))
        return reject(403, "Forbidden", tr("Origin \"%1\" is not on the allowlist").arg(m_origin.left(200)));
    if (req.path == QLatin1String("/")) {
        m_route = Route::Chat;
    } else if (req.path.startsWith(QLatin1String("/topics/"))
               && HubNames::isValidTopic(req.path.mid(8))) {
        if (!m_rawTopicsAllowed)
            return reject(403, "Forbidden", tr("raw topic streams are disabled on a password-protected hub"));
        m_route = Route::Topic;
        m_topic = req.path.mid(8);
    } else {
        return reject(404, "Not Found", tr("no such path \"%1\"").arg(req.path.left(200)));
    }
    m_headerDone = true;
    disconnect(m_socket, &QTcpSocket::readyRead, this, &HandshakeGate::onReadyRead);
    Q_EMIT headerAccepted();
}

void HandshakeGate::reject(int httpStatus, const QByteArray &statusText, const QString &reason)
{
    m_finished = true;
    m_timer.stop();
    if (m_socket) {
        // HubServer closes the socket after this (gracefully, so the response leaves).
        m_socket->write("HTTP/1.1 " + QByteArray::number(httpStatus) + ' ' + statusText
                        + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    }
    Q_EMIT rejected(reason);
}

HandshakeGate::Request HandshakeGate::parseRequestHead(const QByteArray &head)
{
    Request r;
    const QList<QByteArray> lines = head.split('\n');
    if (lines.isEmpty())
        return r.error = QStringLiteral("empty request"), r;
    const QList<QByteArray> first = lines.first().trimmed().split(' ');
    if (first.size() != 3 || !first.at(2).startsWith("HTTP/1."))
        return r.error = QStringLiteral("malformed request line"), r;
    r.method = QString::fromLatin1(first.at(0));
    if (r.method != QLatin1String("GET"))
        return r.error = QStringLiteral("method must be GET"), r;
    QByteArray target = first.at(1);
    const qsizetype q = target.indexOf('?');
    if (q >= 0)
        target.truncate(q);
    if (!target.startsWith('/'))
        return r.error = QStringLiteral("request target must be a path"), r;
    r.path = QUrl::fromPercentEncoding(target);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        if (name == "origin" || name == "sec-websocket-origin")
            r.origin = QString::fromUtf8(line.mid(colon + 1).trimmed());
    }
    r.ok = true;
    return r;
}
