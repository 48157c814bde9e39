// RawWsServer: a hand-driven WebSocket server for client conformance tests. It accepts one
// connection on 127.0.0.1 (port 0), reads the upgrade request, answers it as told (a correct
// 101 by default, or any bytes), then sends crafted frames, and decodes what the client
// sends back (its frames must be masked) so a test can assert the close code on the wire.
// Test-only helper; no sleeps: everything is driven by the event loop and QTRY_*.
#pragma once
#include "wsupgrade.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

class RawWsServer : public QObject
{
public:
    struct Frame { int opcode = -1; bool masked = false; bool rsv1 = false; QByteArray payload; };

    explicit RawWsServer(QObject *parent = nullptr) : QObject(parent)
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                if (m_socket) { s->abort(); s->deleteLater(); continue; }
                m_socket = s;
                ++m_connections;
                connect(s, &QTcpSocket::readyRead, this, [this] { onRead(); });
                connect(s, &QTcpSocket::disconnected, this, [this] { m_peerClosed = true; });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/raw").arg(port())); }

    // What to answer to the upgrade request: given the request's key, the response bytes.
    // Default: a correct 101 (plus extraHeaders) and then `afterUpgrade`.
    std::function<QByteArray(const QByteArray &key)> answer;
    QByteArray extraHeaders;
    QByteArray afterUpgrade;

    static QByteArray accept101(const QByteArray &key, const QByteArray &extra = {})
    {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Accept: " + WsUpgrade::acceptKey(key) + "\r\n" + extra + "\r\n";
    }
    // An unmasked server frame (fin + opcode given as the first byte).
    static QByteArray frame(quint8 firstByte, const QByteArray &payload)
    {
        QByteArray f(1, char(firstByte));
        if (payload.size() < 126) {
            f.append(char(payload.size()));
        } else {
            f.append(char(126)).append(char(payload.size() >> 8)).append(char(payload.size() & 0xff));
        }
        return f + payload;
    }

    void send(const QByteArray &bytes) { if (m_socket) { m_socket->write(bytes); m_socket->flush(); } }
    void closeTcp() { if (m_socket) m_socket->disconnectFromHost(); }

    const QByteArray &request() const { return m_request; }
    const QList<Frame> &frames() const { return m_frames; }
    int connections() const { return m_connections; }
    bool peerClosed() const { return m_peerClosed; }
    // The client's close code (-1 = no close frame yet, 0 = close without a code).
    int closeCode() const
    {
        for (const Frame &f : m_frames)
            if (f.opcode == 8)
                return f.payload.size() >= 2 ? (uchar(f.payload[0]) << 8) | uchar(f.payload[1]) : 0;
        return -1;
    }

private:
    void onRead()
    {
        m_in += m_socket->readAll();
        if (!m_upgraded) {
            const qsizetype end = m_in.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            m_request = m_in.left(end + 4);
            m_in.remove(0, end + 4);
            m_upgraded = true;
            QByteArray key;
            for (const QByteArray &line : m_request.split('\n'))
                if (line.toLower().startsWith("sec-websocket-key:"))
                    key = line.mid(18).trimmed();
            send(answer ? answer(key) : accept101(key, extraHeaders) + afterUpgrade);
        }
        for (;;) {   // client frames: always masked, lengths < 2^16 in these tests
            if (m_in.size() < 2)
                return;
            const auto *u = reinterpret_cast<const uchar *>(m_in.constData());
            qsizetype len = u[1] & 0x7f, header = 2;
            if (len == 126) {
                if (m_in.size() < 4)
                    return;
                len = (u[2] << 8) | u[3];
                header = 4;
            }
            const bool masked = u[1] & 0x80;
            const qsizetype total = header + (masked ? 4 : 0) + len;
            if (m_in.size() < total)
                return;
            Frame f{u[0] & 0x0f, masked, bool(u[0] & 0x40), m_in.mid(total - len, len)};
            if (masked)
                for (qsizetype i = 0; i < len; ++i)
                    f.payload[i] = char(f.payload[i] ^ m_in[header + (i & 3)]);
            m_frames.append(f);
            m_in.remove(0, total);
        }
    }

    QTcpServer m_server;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_in, m_request;
    QList<Frame> m_frames;
    bool m_upgraded = false;
    bool m_peerClosed = false;
    int m_connections = 0;
};
