// HubTestClient: a minimal envelope-protocol client for hub tests: a real QWebSocket that
// records every received envelope, with helpers to wait for a type and to log in.
// Header-only, test code only (the product client is ChatClient).
#pragma once
#include "hubauth.h"
#include "hubtransport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QEventLoop>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

class HubTestClient : public QObject
{
    Q_OBJECT
public:
    explicit HubTestClient(QObject *parent = nullptr) : QObject(parent)
    {
        connect(&ws, &QWebSocket::textMessageReceived, this, [this](const QString &m) {
            received.append(QJsonDocument::fromJson(m.toUtf8()).object());
        });
        connect(&ws, &QWebSocket::disconnected, this, [this] { closed = true; });
    }

    bool open(quint16 port, const QString &path = QStringLiteral("/"))
    {
        QSignalSpy up(&ws, &QWebSocket::connected);
        if (HubTransport::tls())
            ws.setSslConfiguration(HubTransport::clientConfiguration());
        ws.open(QUrl(QStringLiteral("%1://127.0.0.1:%2%3").arg(HubTransport::scheme()).arg(port).arg(path)));
        return up.wait(5000) || up.size() == 1;
    }
    void send(const QJsonObject &o) { ws.sendTextMessage(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))); }
    void sendRaw(const QString &s) { ws.sendTextMessage(s); }

    // Index of the first envelope of `type` at or after `from`, waiting up to timeoutMs.
    int waitFor(const QString &type, int from = 0, int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            for (int i = from; i < received.size(); ++i) {
                if (received.at(i).value(QLatin1String("type")).toString() == type)
                    return i;
            }
            from = int(received.size());
            if (!waitForTraffic(timeoutMs - int(t.elapsed())))
                return -1;
        }
    }
    QJsonObject next(const QString &type, int timeoutMs = 5000)
    {
        const int i = waitFor(type, m_cursor, timeoutMs);
        if (i < 0)
            return {};
        m_cursor = i + 1;
        return received.at(i);
    }
    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &o : received) {
            if (o.value(QLatin1String("type")).toString() == type)
                out << o;
        }
        return out;
    }

    // hello (+ challenge-response when the hub answers with a challenge); true on welcome.
    bool login(const QString &nick, const QString &password = QString())
    {
        int from = int(received.size());
        send({{"type", "hello"}, {"version", 1}, {"nick", nick}});
        for (QElapsedTimer t = [] { QElapsedTimer e; e.start(); return e; }(); t.elapsed() < 5000;) {
            for (int i = from; i < received.size(); ++i) {
                const QJsonObject o = received.at(i);
                const QString type = o.value("type").toString();
                if (type == QLatin1String("welcome")) {
                    m_cursor = i + 1;
                    welcome = o;
                    return true;
                }
                if (type == QLatin1String("error"))
                    return false;
                if (type == QLatin1String("challenge") && lastChallenge != o) {
                    lastChallenge = o;
                    const QByteArray salt = QByteArray::fromBase64(o.value("salt").toString().toLatin1());
                    key = HubAuth::deriveKey(password, salt, o.value("iterations").toInt());
                    cnonce = QString::fromLatin1(HubAuth::randomBytes(16).toBase64());
                    proof = HubAuth::clientProof(key, o.value("nonce").toString(), cnonce, nick);
                    send({{"type", "auth"}, {"cnonce", cnonce}, {"proof", QString::fromLatin1(proof.toBase64())}});
                }
            }
            from = int(received.size());
            if (!waitForTraffic(int(5000 - t.elapsed())))
                return false;
        }
        return false;
    }

    QWebSocket ws;
    QList<QJsonObject> received;
    QJsonObject welcome, lastChallenge;
    QByteArray key, proof;
    QString cnonce;
    bool closed = false;

private:
    // Event-driven wait (no sleeping): true when a message arrived within timeoutMs.
    bool waitForTraffic(int timeoutMs)
    {
        if (closed || timeoutMs <= 0)
            return false;
        QSignalSpy spy(&ws, &QWebSocket::textMessageReceived);
        QTimer stop;
        QEventLoop loop;
        connect(&ws, &QWebSocket::textMessageReceived, &loop, &QEventLoop::quit);
        connect(&ws, &QWebSocket::disconnected, &loop, &QEventLoop::quit);
        connect(&stop, &QTimer::timeout, &loop, &QEventLoop::quit);
        stop.start(timeoutMs);
        loop.exec();
        return spy.size() > 0;
    }
    int m_cursor = 0;
};
