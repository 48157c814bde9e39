// RawWsClient: a hand-made WebSocket client over QTcpSocket for hostile-input tests:
// it can bind a chosen local address, stall mid-handshake, send oversized headers,
// craft frames byte by byte, and stop reading (slow consumer). Test code only.
#pragma once
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>

class RawWsClient
{
public:
    QTcpSocket socket;

    bool connectTo(quint16 port, const QHostAddress &local = QHostAddress())
    {
        if (!local.isNull() && !socket.bind(local, 0))
            return false;
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(5000);
    }
    static QByteArray request(const QByteArray &path, const QByteArray &extraHeaders = {})
    {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }
    // Sends the upgrade request and returns the response status line ("" on timeout/close).
    QByteArray upgrade(const QByteArray &path = "/", const QByteArray &extraHeaders = {})
    {
        socket.write(request(path, extraHeaders));
        QElapsedTimer t;
        t.start();
        // Event-driven wait: the hub under test runs in this thread's event loop.
        while (!m_buffer.contains("\r\n\r\n") && t.elapsed() < 5000) {
            m_buffer += socket.readAll();
            if (m_buffer.contains("\r\n\r\n") || socket.state() == QAbstractSocket::UnconnectedState)
                break;
            QSignalSpy ready(&socket, &QTcpSocket::readyRead);
            ready.wait(int(5000 - t.elapsed()));
        }
        m_buffer += socket.readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return m_buffer.left(m_buffer.indexOf("\r\n"));
        const QByteArray head = m_buffer.left(end);
        m_buffer.remove(0, end + 4);
        return head.left(head.indexOf("\r\n") < 0 ? head.size() : head.indexOf("\r\n"));
    }
    // One masked frame (client frames must be masked), FIN set.
    static QByteArray frame(const QByteArray &payload, quint8 opcode = 0x1)
    {
        QByteArray f;
        f.append(char(0x80 | opcode));
        const qint64 n = payload.size();
        if (n < 126) {
            f.append(char(0x80 | n));
        } else if (n < 65536) {
            f.append(char(0x80 | 126));
            f.append(char(n >> 8)).append(char(n & 0xff));
        } else {
            f.append(char(0x80 | 127));
            for (int i = 7; i >= 0; --i)
                f.append(char((n >> (8 * i)) & 0xff));
        }
        const quint32 key = QRandomGenerator::global()->generate();
        const char mask[4] = {char(key >> 24), char(key >> 16), char(key >> 8), char(key)};
        f.append(mask, 4);
        for (qint64 i = 0; i < n; ++i)
            f.append(char(payload[i] ^ mask[i % 4]));
        return f;
    }
    void sendText(const QByteArray &payload) { socket.write(frame(payload)); socket.flush(); }
    bool waitClosed(int ms = 5000)
    {
        if (socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        QSignalSpy spy(&socket, &QTcpSocket::disconnected);
        return spy.wait(ms) || socket.state() == QAbstractSocket::UnconnectedState;
    }

private:
    QByteArray m_buffer;
};
