// tst_socketiosource: SocketIoSource against the real npm socket.io 4.x server
// (tests/peers/socketio_server.js, which only wires the package up): namespace join with
// auth, events in the documented {"event","data","args"} form, acks, ping/pong, a dead
// link, reconnect after a dropped connection and after a server kick, refused auth,
// client events, malformed and binary packets. Plus the URL mapping on its own.
#include "socketiosource.h"
#include "nodepeer.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

class tst_SocketIoSource : public QObject
{
    Q_OBJECT

    NodePeer m_server;

    FeedEndpoint endpoint(const QString &nsp = QStringLiteral("/prices"), const QByteArray &auth = "{\"token\":\"secret\"}")
    {
        FeedEndpoint e;
        e.url = QUrl(QStringLiteral("socketio://127.0.0.1:%1").arg(m_server.port()));
        e.transport = FeedTransport::SocketIo;
        e.socketIoNamespace = nsp;
        e.socketIoAuth = auth;
        e.backoff = BackoffPolicy{50, 200, 10};
        e.handshakeTimeoutMs = 5000;
        e.pingIntervalMs = 0;
        return e;
    }

    bool startServer(const QStringList &args = {})
    {
        const QString why = NodePeer::unavailable(QStringLiteral("socket.io"));
        if (!why.isEmpty())
            return false;
        return m_server.start(QStringLiteral("socketio_server.js"), args);
    }

    static QByteArray lastMessage(const QSignalSpy &spy) { return spy.last().at(0).toByteArray(); }

private Q_SLOTS:
    void init()
    {
        const QString why = NodePeer::unavailable(QStringLiteral("socket.io"));
        if (!why.isEmpty() && QByteArray(QTest::currentTestFunction()) != "urlMapping"
            && QByteArray(QTest::currentTestFunction()) != "problems")
            QSKIP(qPrintable(why));
    }
    void cleanup() { m_server.stop(); }

    void urlMapping_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("nsp");
        QTest::addColumn<QString>("engine");
        QTest::addColumn<QString>("joined");
        QTest::newRow("socketio") << "socketio://h:3000" << "/" << "ws://h:3000/socket.io/?EIO=4&transport=websocket" << "/";
        QTest::newRow("socketios") << "socketios://h" << "/" << "wss://h/socket.io/?EIO=4&transport=websocket" << "/";
        QTest::newRow("http + ns path") << "http://h:1/prices" << "/" << "ws://h:1/socket.io/?EIO=4&transport=websocket" << "/prices";
        QTest::newRow("https + field") << "https://h/" << "/admin" << "wss://h/socket.io/?EIO=4&transport=websocket" << "/admin";
        QTest::newRow("custom path") << "ws://h/api/socket.io" << "/" << "ws://h/api/socket.io/?EIO=4&transport=websocket" << "/";
        QTest::newRow("path + field") << "socketio://h/rt/" << "/n" << "ws://h/rt/?EIO=4&transport=websocket" << "/n";
        QTest::newRow("query kept") << "socketio://h/?token=abc&EIO=3" << "/" << "ws://h/socket.io/?token=abc&EIO=4&transport=websocket" << "/";
    }
    void urlMapping()
    {
        QFETCH(QString, url);
        QFETCH(QString, nsp);
        QFETCH(QString, engine);
        QFETCH(QString, joined);
        FeedEndpoint e;
        e.url = QUrl(url);
        e.socketIoNamespace = nsp;
        QCOMPARE(SocketIoSource::engineUrl(e).toString(), engine);
        QCOMPARE(SocketIoSource::namespaceFor(e), joined);
    }

    void problems()
    {
        FeedEndpoint e;
        e.url = QUrl(QStringLiteral("ftp://h/"));
        QVERIFY(SocketIoSource::problem(e).contains(QLatin1String("socketio://")));
        e.url = QUrl(QStringLiteral("socketio://h/"));
        QVERIFY(SocketIoSource::problem(e).isEmpty());
        e.socketIoNamespace = QStringLiteral("prices");
        QVERIFY(SocketIoSource::problem(e).contains(QLatin1String("must start with")));
        e.socketIoNamespace = QStringLiteral("/");
        e.socketIoAuth = "[1]";
        QVERIFY(SocketIoSource::problem(e).contains(QLatin1String("JSON object")));
        e.socketIoAuth = "{\"token\":";
        QVERIFY(SocketIoSource::problem(e).contains(QLatin1String("JSON object")));
        SocketIoSource source(e);
        QSignalSpy states(&source, &FeedSource::stateChanged);
        source.open();
        QCOMPARE(source.state(), FeedState::Failed);
        QVERIFY(source.stats().lastError.contains(QLatin1String("auth")));
    }

    void eventsWithAuthAndNamespace()
    {
        QVERIFY(startServer());
        SocketIoSource source(endpoint());
        QSignalSpy messages(&source, &FeedSource::textMessage);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        QVERIFY(m_server.waitFor(QStringLiteral("connect")));
        QCOMPARE(m_server.events(QStringLiteral("connect")).last().value("ns").toString(), QStringLiteral("/prices"));
        QCOMPARE(m_server.events(QStringLiteral("connect")).last().value("auth").toObject().value("token").toString(),
                 QStringLiteral("secret"));
        m_server.command({{"cmd", "emit"}, {"ns", "/prices"}, {"event", "tick"},
                          {"args", QJsonArray{QJsonObject{{"symbol", "ETH"}, {"price", 2.5}}, "x"}}});
        m_server.command({{"cmd", "emit"}, {"ns", "/"}, {"event", "other"}, {"args", QJsonArray{1}}}); // not our namespace
        m_server.command({{"cmd", "emit"}, {"ns", "/prices"}, {"event", "bare"}});
        QTRY_COMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).at(0).toByteArray(),
                 QByteArray("{\"event\":\"tick\",\"data\":{\"price\":2.5,\"symbol\":\"ETH\"},\"args\":[{\"price\":2.5,\"symbol\":\"ETH\"},\"x\"]}")); // (QJsonObject sorts the command's keys)
        QCOMPARE(lastMessage(messages), QByteArray("{\"event\":\"bare\",\"data\":null,\"args\":[]}"));
        QCOMPARE(source.stats().messages, 2);
        QVERIFY(source.stats().bytes > 100);
        source.close();
        QCOMPARE(source.state(), FeedState::Closed);
        QVERIFY(m_server.waitFor(QStringLiteral("disconnect")));
        QCOMPARE(m_server.events(QStringLiteral("disconnect")).last().value("reason").toString(),
                 QStringLiteral("client namespace disconnect"));
    }

    void refusedAuthFails()
    {
        QVERIFY(startServer());
        SocketIoSource source(endpoint(QStringLiteral("/prices"), "{\"token\":\"wrong\"}"));
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Failed, 10000);
        QVERIFY2(source.stats().lastError.contains(QLatin1String("refused namespace /prices: not authorized")),
                 qPrintable(source.stats().lastError));
        QCOMPARE(m_server.count(QStringLiteral("refused")), 1);
    }

    void defaultNamespaceWithoutAuth()
    {
        QVERIFY(startServer());
        SocketIoSource source(endpoint(QStringLiteral("/"), QByteArray()));
        QSignalSpy messages(&source, &FeedSource::textMessage);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        m_server.command({{"cmd", "emit"}, {"ns", "/"}, {"event", "n"}, {"args", QJsonArray{7}}});
        QTRY_COMPARE(messages.size(), 1);
        QCOMPARE(lastMessage(messages), QByteArray("{\"event\":\"n\",\"data\":7,\"args\":[7]}"));
    }

    void clientEventsAndOnConnect()
    {
        QVERIFY(startServer());
        FeedEndpoint e = endpoint();
        e.onConnect = {QStringLiteral("[\"subscribe\",{\"symbol\":\"BTC\"}]"), QStringLiteral("hello")};
        SocketIoSource source(e);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        QVERIFY(m_server.waitFor(QStringLiteral("client-event"), 2));
        const auto ev = m_server.events(QStringLiteral("client-event"));
        QCOMPARE(ev[0].value("name").toString(), QStringLiteral("subscribe"));
        QCOMPARE(ev[0].value("args").toArray().first().toObject().value("symbol").toString(), QStringLiteral("BTC"));
        QCOMPARE(ev[1].value("name").toString(), QStringLiteral("message"));
        QCOMPARE(ev[1].value("args").toArray().first().toString(), QStringLiteral("hello"));
        QVERIFY(source.sendText(QStringLiteral("{\"a\":1}")));
        QVERIFY(m_server.waitFor(QStringLiteral("client-event"), 3));
        QCOMPARE(m_server.events(QStringLiteral("client-event"))[2].value("args").toArray().first().toObject().value("a").toInt(), 1);
    }

    void acksAnswered()
    {
        QVERIFY(startServer());
        SocketIoSource source(endpoint());
        QSignalSpy messages(&source, &FeedSource::textMessage);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        m_server.command({{"cmd", "emitAck"}, {"ns", "/prices"}, {"event", "snap"}, {"args", QJsonArray{1}}});
        QVERIFY(m_server.waitFor(QStringLiteral("acked")));
        QCOMPARE(messages.size(), 1);
        QCOMPARE(lastMessage(messages), QByteArray("{\"event\":\"snap\",\"data\":1,\"args\":[1]}"));
    }

    void pingsAnsweredLinkStays()
    {
        QVERIFY(startServer({QStringLiteral("--ping-interval"), QStringLiteral("50"), QStringLiteral("--ping-timeout"), QStringLiteral("100")}));
        SocketIoSource source(endpoint());
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        const qint64 before = source.stats().bytes;
        // Ten pings ("2", one byte each) later the server still has us: each got its "3".
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().bytes >= before + 10, 10000);
        QCOMPARE(m_server.count(QStringLiteral("disconnect")), 0);
        QCOMPARE(source.state(), FeedState::Live);
        QCOMPARE(m_server.count(QStringLiteral("connect")), 1);
    }

    void deadLinkDetectedAndRejoined()
    {
        QVERIFY(startServer({QStringLiteral("--ping-interval"), QStringLiteral("100"), QStringLiteral("--ping-timeout"), QStringLiteral("100")}));
        SocketIoSource source(endpoint());
        QSignalSpy states(&source, &FeedSource::stateChanged);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        QVERIFY(m_server.commandAndWait({{"cmd", "freeze"}}));
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().lastError.contains(QLatin1String("no Engine.IO ping")), 5000);
        QVERIFY(source.stats().lastError.contains(QLatin1String("200 ms")));
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        QCOMPARE(m_server.count(QStringLiteral("connect")), 2);
        QVERIFY(source.stats().reconnects >= 1);
    }

    void reconnectsAfterDropAndKick()
    {
        QVERIFY(startServer());
        SocketIoSource source(endpoint());
        QSignalSpy messages(&source, &FeedSource::textMessage);
        QSignalSpy scheduled(&source, &FeedSource::reconnectScheduled);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        // Left Live at some point (seen in the signals: on a loaded machine the whole
        // drop-wait-reconnect cycle can fit between two polls of state()).
        QSignalSpy states(&source, &FeedSource::stateChanged);
        auto leftLive = [&states] {
            for (const QList<QVariant> &args : std::as_const(states)) {
                if (args.at(0).value<FeedState>() != FeedState::Live)
                    return true;
            }
            return false;
        };
        m_server.command({{"cmd", "drop"}}); // the TCP connection goes: FeedClient's backoff
        QTRY_VERIFY_WITH_TIMEOUT(leftLive(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        QCOMPARE(m_server.count(QStringLiteral("connect")), 2);
        m_server.command({{"cmd", "kick"}}); // "41": Socket.IO's goodbye, our own backoff
        QTRY_VERIFY_WITH_TIMEOUT(source.stats().lastError.contains(QLatin1String("disconnected this client")), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        QTRY_COMPARE(m_server.count(QStringLiteral("connect")), 3);
        QVERIFY(scheduled.size() >= 2);
        QCOMPARE(source.stats().reconnects, 2);
        m_server.command({{"cmd", "emit"}, {"ns", "/prices"}, {"event", "after"}, {"args", QJsonArray{3}}});
        QTRY_COMPARE(messages.size(), 1);
    }

    void reconnectNowSkipsTheWait()
    {
        QVERIFY(startServer());
        FeedEndpoint e = endpoint();
        e.backoff = BackoffPolicy{60'000, 60'000, 60'000}; // a minute: only reconnectNow can be this fast
        SocketIoSource source(e);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        m_server.command({{"cmd", "kick"}});
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Reconnecting, 5000);
        source.reconnectNow();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
    }

    void malformedPacketsCountedLinkKept()
    {
        QVERIFY(startServer());
        SocketIoSource source(endpoint());
        QSignalSpy messages(&source, &FeedSource::textMessage);
        QSignalSpy errors(&source, &FeedSource::errorText);
        source.open();
        QTRY_COMPARE_WITH_TIMEOUT(source.state(), FeedState::Live, 10000);
        for (const char *frame : {"42/prices,{\"not\":\"array\"}", "451-/prices,[\"img\",{\"_placeholder\":true,\"num\":0}]",
                                  "x", "42/prices,[\"a\",", "42/prices,[1,2]"})
            m_server.command({{"cmd", "raw"}, {"frame", QString::fromUtf8(frame)}});
        m_server.command({{"cmd", "emit"}, {"ns", "/prices"}, {"event", "ok"}, {"args", QJsonArray{1}}});
        QTRY_COMPARE(messages.size(), 1);
        QCOMPARE(source.stats().dropped, 5);
        QCOMPARE(source.state(), FeedState::Live);
        bool binaryExplained = false;
        for (const auto &e : errors)
            binaryExplained |= e.at(0).toString().contains(QLatin1String("binary Socket.IO event"));
        QVERIFY(binaryExplained);
        // A flood of garbage is counted but reported at most 10 times per connection.
        for (int i = 0; i < 30; ++i)
            m_server.command({{"cmd", "raw"}, {"frame", "9"}});
        m_server.command({{"cmd", "emit"}, {"ns", "/prices"}, {"event", "ok"}, {"args", QJsonArray{2}}});
        QTRY_COMPARE(messages.size(), 2);
        QCOMPARE(source.stats().dropped, 35);
        QVERIFY(errors.size() <= 10);
    }
};

QTEST_GUILESS_MAIN(tst_SocketIoSource)
#include "tst_socketiosource.moc"
