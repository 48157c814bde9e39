// tst_transportpipeline: end to end for each non-WebSocket transport: FeedPipeline (which
// picks the source with FeedSource::create) + a profile + SeriesStore, against the real
// npm socket.io server and our Node HTTP feed server; a series appears with the values
// the server sent, and the pipeline's stats carry the source's counters.
#include "feedpipeline.h"
#include "feedprofile.h"
#include "nodepeer.h"
#include "seriesstore.h"

#include <QSignalSpy>
#include <QTest>

class tst_TransportPipeline : public QObject
{
    Q_OBJECT

    static FeedProfile profile(const QByteArray &rules, const QUrl &url, FeedTransport transport)
    {
        FeedProfile p;
        QString error;
        const bool ok = FeedProfile::fromJson("{\"name\":\"t\",\"rules\":" + rules + "}", &p, &error);
        if (!ok)
            qWarning("%s", qPrintable(error));
        p.endpoint.url = url;
        p.endpoint.transport = transport;
        p.endpoint.pollIntervalMs = 100;
        p.endpoint.useSystemProxy = false;
        p.endpoint.socketIoNamespace = QStringLiteral("/prices");
        p.endpoint.socketIoAuth = "{\"token\":\"secret\"}";
        return p;
    }

    static double lastValue(const SeriesStore &store, const QString &name)
    {
        const auto points = store.points(name, 0, std::numeric_limits<qint64>::max());
        return points.isEmpty() ? -1 : points.last().y();
    }

private Q_SLOTS:
    void socketIo()
    {
        const QString why = NodePeer::unavailable(QStringLiteral("socket.io"));
        if (!why.isEmpty())
            QSKIP(qPrintable(why));
        NodePeer server;
        QVERIFY(server.start(QStringLiteral("socketio_server.js"), {QStringLiteral("--tick-ms"), QStringLiteral("20")}));
        SeriesStore store;
        FeedPipeline pipeline(QStringLiteral("sio"),
                              profile("[{\"match\":{\"/event\":\"tick\"},\"values\":{\"price\":\"/data/price\"},"
                                      "\"series\":\"{/data/symbol}.{value}\"}]",
                                      QUrl(QStringLiteral("socketio://127.0.0.1:%1").arg(server.port())),
                                      FeedTransport::Auto),
                              &store);
        QCOMPARE(pipeline.client()->metaObject()->className(), "SocketIoSource");
        pipeline.start();
        QTRY_VERIFY_WITH_TIMEOUT(store.countPoints(QStringLiteral("BTC.price"), 0, std::numeric_limits<qint64>::max()) >= 3, 10000);
        QVERIFY(lastValue(store, QStringLiteral("BTC.price")) > 100);
        QVERIFY(pipeline.stats().samples >= 3);
        QVERIFY(pipeline.stats().messages >= 3);
        QCOMPARE(pipeline.stats().state, FeedState::Live);
        pipeline.stop();
    }

    void sse()
    {
        const QString why = NodePeer::unavailable(QString());
        if (!why.isEmpty())
            QSKIP(qPrintable(why));
        NodePeer server;
        QVERIFY(server.start(QStringLiteral("http_feed_server.js")));
        SeriesStore store;
        FeedPipeline pipeline(QStringLiteral("sse"),
                              profile("[{\"match\":{\"/event\":\"tick\"},\"values\":{\"price\":\"/data/price\"},"
                                      "\"series\":\"sse.{value}\"}]",
                                      QUrl(QStringLiteral("http://127.0.0.1:%1/sse?count=4&named=1").arg(server.port())),
                                      FeedTransport::Auto),
                              &store);
        pipeline.start();
        QTRY_COMPARE_WITH_TIMEOUT(store.countPoints(QStringLiteral("sse.price"), 0, std::numeric_limits<qint64>::max()), 4, 10000);
        QCOMPARE(lastValue(store, QStringLiteral("sse.price")), 104.0);
        QCOMPARE(pipeline.stats().messages, 4);
        pipeline.stop();
    }

    void polling()
    {
        const QString why = NodePeer::unavailable(QString());
        if (!why.isEmpty())
            QSKIP(qPrintable(why));
        NodePeer server;
        QVERIFY(server.start(QStringLiteral("http_feed_server.js")));
        SeriesStore store;
        FeedPipeline pipeline(QStringLiteral("poll"),
                              profile("[{\"values\":{\"price\":\"/price\"},\"series\":\"poll.{value}\"}]",
                                      QUrl(QStringLiteral("http://127.0.0.1:%1/poll").arg(server.port())),
                                      FeedTransport::HttpPoll),
                              &store);
        pipeline.start();
        QTRY_COMPARE_WITH_TIMEOUT(store.countPoints(QStringLiteral("poll.price"), 0, std::numeric_limits<qint64>::max()), 1, 10000);
        QCOMPARE(lastValue(store, QStringLiteral("poll.price")), 101.0);
        server.commandAndWait({{"cmd", "bump"}});
        QTRY_COMPARE_WITH_TIMEOUT(store.countPoints(QStringLiteral("poll.price"), 0, std::numeric_limits<qint64>::max()), 2, 10000);
        QCOMPARE(lastValue(store, QStringLiteral("poll.price")), 102.0);
        pipeline.stop();
    }
};

QTEST_GUILESS_MAIN(tst_TransportPipeline)
#include "tst_transportpipeline.moc"
