// FeedSharer (issue 13 §2): a connection's samples published to a hub topic reach session
// peers exactly (series, time, value), read by an independent client (Python websockets,
// tests/peers/topic_reader.py) and by Pulseboard's own pipeline with the shipped
// pulseboard-share.json profile; the queue bound holds and is counted; the next sink
// still sees every batch; any series name stays valid JSON.
#include "feedconnection.h"
#include "feedprofile.h"
#include "feedsharer.h"
#include "hubserver.h"
#include "seriesstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>
#include <QtTest>

namespace {

struct CountingSink : SampleSink
{
    QAtomicInteger<qint64> samples = 0;
    void consume(const QString &, const SampleBatch &batch) override { samples += batch.size(); }
};

SampleBatch ramp(const QString &prefix, int count, qint64 t0)
{
    SampleBatch b;
    for (int i = 0; i < count; ++i)
        b.append({prefix + QString::number(i % 3), t0 + i, 1000.0 + i * 0.125});
    return b;
}

} // namespace

class tst_FeedSharer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void encodeKeepsAnyNameAndExactValues_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("value");
        QTest::newRow("plain") << QStringLiteral("BTC-USD.price") << 64321.5;
        QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c") << 0.1;
        QTest::newRow("controls") << (QStringLiteral("x") + QChar(0x01) + QChar(0x1f) + u'\n') << -1e-300;
        QTest::newRow("non-latin") << QStringLiteral("温度 °C €") << 1e300;
        QTest::newRow("empty") << QString() << 0.0;
    }
    void encodeKeepsAnyNameAndExactValues()
    {
        QFETCH(QString, name);
        QFETCH(double, value);
        const Sample s{name, 1700000000123, value};
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(FeedSharer::encode(QStringLiteral("f\"eed"), &s, 1), &pe);
        QCOMPARE(pe.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().value("feed").toString(), QStringLiteral("f\"eed"));
        const QJsonObject o = doc.object().value("samples").toArray().at(0).toObject();
        QCOMPARE(o.value("series").toString(), name);
        QCOMPARE(o.value("t").toInteger(), 1700000000123);
        QCOMPARE(o.value("v").toDouble(), value);   // 17 significant digits: exact round trip
    }

    void peersReadEverySampleInOrder()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        CountingSink next;
        FeedSharer sharer(&hub, QStringLiteral("share/lab"), QStringLiteral("lab"), &next, 20);

        // The independent reader first: it prints the first 3 messages it gets.
        QProcess reader;
        reader.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral(PULSEBOARD_PEERS_DIR "/topic_reader.py"),
                      QStringLiteral("ws://127.0.0.1:%1/topics/share/lab").arg(hub.port()), QStringLiteral("3")});
        QVERIFY(reader.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(hub.connectionCount() == 1, 10000);

        // Samples arrive on another thread, as from an ingest thread: 3 publications' worth.
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
        const int total = 3 * FeedSharer::kSamplesPerMessage;
        const SampleBatch all = ramp(QStringLiteral("s"), total, t0);
        QThread *producer = QThread::create([&] {
            for (qsizetype i = 0; i < all.size(); i += 100)
                sharer.consume(QStringLiteral("lab"), all.mid(i, 100));
        });
        producer->start();
        QTRY_VERIFY(producer->isFinished());
        delete producer;
        QCOMPARE(next.samples.loadRelaxed(), qint64(total));   // the next sink saw every batch

        // It may be done already (waitForFinished() is false for a finished process).
        QTRY_COMPARE_WITH_TIMEOUT(reader.state(), QProcess::NotRunning, 20000);
        QCOMPARE(reader.exitStatus(), QProcess::NormalExit);
        QCOMPARE(reader.exitCode(), 0);
        QList<QJsonObject> got;
        for (const QByteArray &line : reader.readAllStandardOutput().trimmed().split('\n')) {
            const QJsonArray samples = QJsonDocument::fromJson(line).object().value("samples").toArray();
            for (const QJsonValue &v : samples)
                got.append(v.toObject());
        }
        QCOMPARE(got.size(), total);
        for (int i = 0; i < total; ++i) {
            QCOMPARE(got.at(i).value("series").toString(), all.at(i).series);
            QCOMPARE(got.at(i).value("t").toInteger(), all.at(i).t);
            QCOMPARE(got.at(i).value("v").toDouble(), all.at(i).v);
        }
        QCOMPARE(sharer.published(), qint64(total));
        QCOMPARE(sharer.dropped(), 0);
    }

    void aPulseboardPeerChartsTheSharedFeed()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        FeedSharer sharer(&hub, QStringLiteral("share/market"), QStringLiteral("market"), nullptr, 20);

        FeedProfile profile;
        QString error;
        QVERIFY2(FeedProfile::load(QStringLiteral(PULSEBOARD_SOURCE_DIR "/resources/profiles/pulseboard-share.json"),
                                   &profile, &error), qPrintable(error));
        profile.endpoint.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/topics/share/market").arg(hub.port()));
        SeriesStore peerStore;
        FeedConnection peer(QStringLiteral("peer"), profile, &peerStore);
        peer.start();
        QTRY_VERIFY_WITH_TIMEOUT(peer.isLive(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(hub.connectionCount() == 1, 10000);

        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 1000;
        sharer.consume(QStringLiteral("market"), {{QStringLiteral("BTC-USD.price"), t0, 64321.5},
                                                  {QStringLiteral("ETH-USD.price"), t0 + 1, 3456.25},
                                                  {QStringLiteral("BTC-USD.price"), t0 + 2, 64322.0}});
        QTRY_COMPARE_WITH_TIMEOUT(peerStore.points(QStringLiteral("BTC-USD.price"), t0 - 1, t0 + 10).size(), qsizetype(2), 10000);
        const QList<QPointF> btc = peerStore.points(QStringLiteral("BTC-USD.price"), t0 - 1, t0 + 10);
        QCOMPARE(qint64(btc.at(0).x()), t0);
        QCOMPARE(btc.at(0).y(), 64321.5);
        QCOMPARE(btc.at(1).y(), 64322.0);
        QTRY_COMPARE(peerStore.points(QStringLiteral("ETH-USD.price"), t0 - 1, t0 + 10).size(), qsizetype(1));
        QCOMPARE(peerStore.points(QStringLiteral("ETH-USD.price"), t0 - 1, t0 + 10).at(0).y(), 3456.25);
        peer.stop();
    }

    void queueIsBoundedAndDropsAreCounted()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        // A long interval: nothing is published while the test fills the queue.
        FeedSharer sharer(&hub, QStringLiteral("share/flood"), QStringLiteral("flood"), nullptr, 3'600'000);
        const int over = 1234;
        const SampleBatch flood = ramp(QStringLiteral("f"), FeedSharer::kMaxQueued + over, 1);
        sharer.consume(QStringLiteral("flood"), flood);
        QCOMPARE(sharer.dropped(), qint64(over));
        sharer.flush();
        QCOMPARE(sharer.published(), qint64(FeedSharer::kMaxQueued));   // the newest kMaxQueued
        sharer.flush();
        QCOMPARE(sharer.published(), qint64(FeedSharer::kMaxQueued));   // nothing left behind
        // NaN/Inf have no JSON form: they are not shared (and not counted as dropped).
        sharer.consume(QStringLiteral("flood"), {{QStringLiteral("x"), 1, qQNaN()}, {QStringLiteral("x"), 2, qInf()}});
        sharer.flush();
        QCOMPARE(sharer.published(), qint64(FeedSharer::kMaxQueued));
    }

    void invalidTopicIsReportedNotThrownAway()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        FeedSharer sharer(&hub, QStringLiteral("../bad topic"), QStringLiteral("x"), nullptr, 3'600'000);
        QSignalSpy failed(&sharer, &FeedSharer::publishFailed);
        sharer.consume(QStringLiteral("x"), {{QStringLiteral("a"), 1, 1.0}});
        sharer.flush();
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("invalid topic")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(sharer.published(), 0);
    }
};

QTEST_MAIN(tst_FeedSharer)
#include "tst_feedsharer.moc"
