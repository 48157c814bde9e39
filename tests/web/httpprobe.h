// HttpProbe: a raw HTTP/1.1 client for the hub's page tests (tst_webpage): writes any
// bytes (hostile ones included) over TCP or TLS (HubTransport), and reads responses one
// at a time, framed by Content-Length, so keep-alive and pipelining can be checked. The
// hub runs on the same thread: every wait spins the event loop. Test code only.
#pragma once
#include "hubtransport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>

struct HttpResponse
{
    int status = 0;                  // 0 = no response (timeout or closed)
    QByteArray head, body;
    QByteArray header(const QByteArray &name) const
    {
        const QList<QByteArray> lines = head.split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0 && lines.at(i).left(colon).trimmed().toLower() == name.toLower())
                return lines.at(i).mid(colon + 1).trimmed();
        }
        return {};
    }
};

class HttpProbe
{
public:
    QSslSocket socket;

    bool connectTo(quint16 port)
    {
        if (HubTransport::tls()) {
            socket.setSslConfiguration(HubTransport::clientConfiguration());
            QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
            socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
            return encrypted.wait(5000) || socket.isEncrypted();
        }
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(5000);
    }
    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    // The next response; `headOnly` for HEAD (a Content-Length but no body follows).
    HttpResponse read(bool headOnly = false, int ms = 5000)
    {
        HttpResponse r;
        QElapsedTimer t;
        t.start();
        qsizetype end = -1;
        while ((end = m_buffer.indexOf("\r\n\r\n")) < 0 && pump(t, ms)) {}
        if (end < 0)
            return r;
        r.head = m_buffer.left(end);
        m_buffer.remove(0, end + 4);
        const QList<QByteArray> first = r.head.left(r.head.indexOf("\r\n")).split(' ');
        r.status = first.value(1).toInt();
        const qsizetype length = (headOnly || r.status == 304) ? 0 : r.header("content-length").toLongLong();
        while (m_buffer.size() < length && pump(t, ms)) {}
        r.body = m_buffer.left(length);
        m_buffer.remove(0, r.body.size());
        return r;
    }
    bool waitClosed(int ms = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (socket.state() != QAbstractSocket::UnconnectedState && t.elapsed() < ms) {
            m_buffer += socket.readAll();
            QTest::qWait(10);
        }
        return socket.state() == QAbstractSocket::UnconnectedState;
    }
    QByteArray leftover() const { return m_buffer; }

private:
    bool pump(const QElapsedTimer &t, int ms)
    {
        m_buffer += socket.readAll();
        if (t.elapsed() >= ms)
            return false;
        if (socket.bytesAvailable() == 0 && socket.state() != QAbstractSocket::ConnectedState)
            return !socket.readAll().isEmpty();
        QSignalSpy ready(&socket, &QIODevice::readyRead);   // spins the loop: the hub runs meanwhile
        ready.wait(50);
        return true;
    }
    QByteArray m_buffer;
};
