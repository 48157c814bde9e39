// RawWsClient: a hand-made WebSocket client over TCP (or TLS, see hubtransport.h) for hostile-input tests:
// it can bind a chosen local address, stall mid-handshake, send oversized or malformed
// upgrade requests, craft any frame (FIN, RSV, opcode, mask or none, a declared length
// other than the payload's, a forced length form), write in pieces, read and parse the
// server's frames, and stop reading (slow consumer). Test code only.
#pragma once
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include "hubtransport.h"

#include <QSslSocket>
#include <QTimer>
#include <functional>
#include <optional>

class RawWsClient
{
public:
    QSslSocket socket;         // plain TCP unless the run is over TLS
    QByteArray responseHead;   // status line + headers of the last upgrade response

    // A client frame to craft; the defaults give a valid masked text frame.
    struct Spec
    {
        quint8 opcode = 0x1;
        bool fin = true;
        quint8 rsv = 0;                    // bits 0x40 (RSV1), 0x20 (RSV2), 0x10 (RSV3)
        bool masked = true;
        std::optional<quint64> declared;   // length put in the header (default: payload size)
        int lengthBytes = -1;              // 0, 2 or 8 extra length bytes (default: minimal form)
    };
    // A frame as the server sent it.
    struct Frame
    {
        bool fin = false, masked = false;
        quint8 rsv = 0, opcode = 0;
        int lengthBytes = 0;               // extra length bytes used: 0, 2 or 8
        QByteArray payload;
        int closeCode() const   // 1005 = close frame without a status code
        {
            return payload.size() >= 2 ? (quint8(payload[0]) << 8) | quint8(payload[1]) : 1005;
        }
    };

    bool connectTo(quint16 port, const QHostAddress &local = QHostAddress())
    {
        if (!local.isNull() && !socket.bind(local, 0))
            return false;
        if (HubTransport::tls()) {   // event-driven: the hub runs in this thread
            socket.setSslConfiguration(HubTransport::clientConfiguration());
            QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
            socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
            return encrypted.wait(5000) || socket.isEncrypted();
        }
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
        return upgradeWith(request(path, extraHeaders));
    }
    // Same with any request bytes, written `chunk` bytes at a time (0 = at once).
    QByteArray upgradeWith(const QByteArray &requestBytes, int chunk = 0)
    {
        sendRaw(requestBytes, chunk);
        QElapsedTimer t;
        t.start();
        while (!m_buffer.contains("\r\n\r\n") && t.elapsed() < 5000) {
            m_buffer += socket.readAll();
            if (m_buffer.contains("\r\n\r\n") || !waitForData(int(5000 - t.elapsed())))
                break;
        }
        m_buffer += socket.readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        responseHead = end < 0 ? m_buffer : m_buffer.left(end);
        if (end >= 0)
            m_buffer.remove(0, end + 4);
        const qsizetype eol = responseHead.indexOf("\r\n");
        return eol < 0 ? responseHead : responseHead.left(eol);
    }

    static QByteArray frame(const QByteArray &payload, quint8 opcode = 0x1)
    {
        Spec s;
        s.opcode = opcode;
        return frame(payload, s);
    }
    static QByteArray frame(const QByteArray &payload, const Spec &s)
    {
        QByteArray f;
        f.append(char((s.fin ? 0x80 : 0) | (s.rsv & 0x70) | (s.opcode & 0x0f)));
        const quint64 n = s.declared.value_or(quint64(payload.size()));
        const int extra = s.lengthBytes >= 0 ? s.lengthBytes : n < 126 ? 0 : n < 65536 ? 2 : 8;
        const char maskBit = s.masked ? char(0x80) : char(0);
        f.append(char(maskBit | (extra == 0 ? char(n & 0x7f) : extra == 2 ? char(126) : char(127))));
        for (int i = extra - 1; i >= 0; --i)
            f.append(char((n >> (8 * i)) & 0xff));
        if (!s.masked)
            return f + payload;
        const quint32 key = QRandomGenerator::global()->generate();
        const char mask[4] = {char(key >> 24), char(key >> 16), char(key >> 8), char(key)};
        f.append(mask, 4);
        for (qsizetype i = 0; i < payload.size(); ++i)
            f.append(char(payload[i] ^ mask[i % 4]));
        return f;
    }
    static QByteArray closeFrame(int code, const QByteArray &reason = {})
    {
        return frame(QByteArray(1, char(code >> 8)) + char(code & 0xff) + reason, 0x8);
    }
    void sendText(const QByteArray &payload) { sendRaw(frame(payload)); }
    // Any bytes; chunk > 0 writes that many per write() and flush(), letting the event
    // loop (where the hub under test runs) read each piece before the next is written.
    void sendRaw(const QByteArray &bytes, int chunk = 0)
    {
        for (qsizetype i = 0; i < bytes.size(); i += chunk > 0 ? chunk : bytes.size()) {
            socket.write(bytes.mid(i, chunk > 0 ? chunk : bytes.size()));
            socket.flush();
            if (chunk > 0)
                QCoreApplication::processEvents();
        }
    }

    // The first server frame (in arrival order) that `match` accepts, taken out of the
    // received ones; frames it skips stay for later calls. nullopt when none arrives
    // within ms or the connection ends first.
    std::optional<Frame> readFrame(const std::function<bool(const Frame &)> &match, int ms = 5000)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            m_buffer += socket.readAll();
            while (std::optional<Frame> f = takeFrame())
                m_frames.append(*f);
            for (qsizetype i = 0; i < m_frames.size(); ++i) {
                if (match(m_frames.at(i)))
                    return m_frames.takeAt(i);
            }
            if (t.elapsed() >= ms || !waitForData(int(ms - t.elapsed())))
                return std::nullopt;
        }
    }
    std::optional<Frame> readFrame(quint8 opcode, int ms = 5000)
    {
        return readFrame([opcode](const Frame &f) { return f.opcode == opcode; }, ms);
    }
    // The next text frame holding an envelope of `type`; its frame goes to lastText.
    QJsonObject readEnvelope(const QString &type, int ms = 5000)
    {
        const std::optional<Frame> f = readFrame([&type](const Frame &f) {
            return f.opcode == 0x1
                   && QJsonDocument::fromJson(f.payload).object().value(QLatin1String("type")).toString() == type;
        }, ms);
        if (!f)
            return {};
        lastText = *f;
        return QJsonDocument::fromJson(f->payload).object();
    }
    bool waitClosed(int ms = 5000)
    {
        if (socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        QSignalSpy spy(&socket, &QTcpSocket::disconnected);
        return spy.wait(ms) || socket.state() == QAbstractSocket::UnconnectedState;
    }
    Frame lastText;             // the frame readEnvelope() returned last (its length form)

private:
    // Event-driven wait (the hub runs in this thread): true when data arrived, false on
    // timeout or when the connection ended (bytes already received stay readable).
    bool waitForData(int ms)
    {
        if (ms <= 0 || socket.state() == QAbstractSocket::UnconnectedState)
            return socket.bytesAvailable() > 0;
        QEventLoop loop;
        QTimer stop;
        stop.setSingleShot(true);
        QObject::connect(&socket, &QTcpSocket::readyRead, &loop, &QEventLoop::quit);
        QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
        QObject::connect(&stop, &QTimer::timeout, &loop, &QEventLoop::quit);
        stop.start(ms);
        if (socket.bytesAvailable() == 0)
            loop.exec();
        return socket.bytesAvailable() > 0;
    }
    std::optional<Frame> takeFrame()
    {
        if (m_buffer.size() < 2)
            return std::nullopt;
        const auto *d = reinterpret_cast<const uchar *>(m_buffer.constData());
        Frame f;
        f.fin = d[0] & 0x80;
        f.rsv = d[0] & 0x70;
        f.opcode = d[0] & 0x0f;
        f.masked = d[1] & 0x80;
        quint64 n = d[1] & 0x7f;
        f.lengthBytes = n == 126 ? 2 : n == 127 ? 8 : 0;
        qsizetype pos = 2 + f.lengthBytes;
        if (m_buffer.size() < pos)
            return std::nullopt;
        if (f.lengthBytes > 0) {
            n = 0;
            for (int i = 2; i < pos; ++i)
                n = (n << 8) | d[i];
        }
        const int maskBytes = f.masked ? 4 : 0;
        if (m_buffer.size() < pos + maskBytes || quint64(m_buffer.size() - pos - maskBytes) < n)
            return std::nullopt;
        f.payload = m_buffer.mid(pos + maskBytes, qsizetype(n));
        for (qsizetype i = 0; f.masked && i < f.payload.size(); ++i)
            f.payload[i] = char(f.payload[i] ^ m_buffer[pos + i % 4]);
        m_buffer.remove(0, pos + maskBytes + qsizetype(n));
        return f;
    }

    QByteArray m_buffer;        // bytes not yet parsed into frames
    QList<Frame> m_frames;      // parsed, not yet taken by readFrame()
};
