// Record -> replay through the real pipeline. A live feed (Python `websockets`,
// tests/peers/ws_feed_server.py) is read by two FeedConnections (auto-discovery timed by
// arrival, and a profile timed by a field) while SessionRecorder records them; the
// recording replayed into a fresh store through FeedConnection + ReplaySource gives the
// same series, values and timestamps (arrival times included). Also: replay pacing at
// 1x / 10x / max and pause (checked against the recorded log times, not with sleeps), a
// cut recording replays its whole messages and ends with the cut, a garbage file fails
// the connection with a readable error.
#include "feedconnection.h"
#include "feedpipeline.h"
#include "mcapreader.h"
#include "messagelog.h"
#include "recordingfile.h"
#include "recordinginfo.h"
#include "replaysource.h"
#include "seriesstore.h"
#include "sessionrecorder.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct FeedServer
{
    QProcess proc;
    int port = -1;
    bool start()
    {
        proc.setProgram(QStringLiteral("/usr/bin/python3"));
        proc.setArguments({QStringLiteral(PULSEBOARD_PEERS_DIR "/ws_feed_server.py"), QStringLiteral("--port"), QStringLiteral("0")});
        proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QObject::connect(&proc, &QProcess::readyReadStandardOutput, &proc, [this] {
            while (proc.canReadLine()) {
                const QString line = QString::fromUtf8(proc.readLine()).trimmed();
                if (line.startsWith(QLatin1String("PORT ")))
                    port = line.mid(5).toInt();
            }
        });
        proc.start();
        return proc.waitForStarted(5000);
    }
    ~FeedServer()
    {
        proc.kill();
        proc.waitForFinished(3000);
    }
};

FeedProfile profileFor(int port, const QByteArray &mapping)
{
    FeedProfile p;
    QString error;
    if (!mapping.isEmpty() && !FeedProfile::fromJson(mapping, &p, &error))
        qFatal("%s", qPrintable(error));
    p.endpoint.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port));
    p.endpoint.pingIntervalMs = 0;
    return p;
}

// Every point of every series, exactly.
QMap<QString, QList<QPointF>> contents(const SeriesStore &store)
{
    QMap<QString, QList<QPointF>> out;
    for (const QString &name : store.names())
        out.insert(name, store.points(name, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()));
    return out;
}

QString writeTimedRecording(const QString &path, int frames, int spacingMs)
{
    RecordingFile file;
    const QString error = file.open(path);
    if (!error.isEmpty())
        return error;
    const quint16 ch = file.addConnection(QStringLiteral("timed"), QByteArray(), QString());
    for (int i = 0; i < frames; ++i)
        file.record(ch, 1'700'000'000'000 + qint64(i) * spacingMs, QStringLiteral("{\"i\":%1}").arg(i).toUtf8());
    file.close();
    return QString();
}

} // namespace

class TestRecordReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recordThenReplayGivesTheSameSeries();
    void pacing_data();
    void pacing();
    void pauseShiftsTheSchedule();
    void cutRecordingReplaysWhatIsWhole();
    void garbageFailsTheConnection();
};

void TestRecordReplay::recordThenReplayGivesTheSameSeries()
{
    FeedServer server;
    QVERIFY(server.start());
    QTRY_VERIFY_WITH_TIMEOUT(server.port > 0, 10000);
    SeriesStore live;
    // Auto-discovery: every sample is timed by its arrival. The rule profile: by /seq.
    FeedConnection arrival(QStringLiteral("arrival"), profileFor(server.port, {}), &live);
    FeedConnection timed(QStringLiteral("timed, \"quoted\""),
                         profileFor(server.port, R"({"name":"t","rules":[{"values":{"price":"/price"},
                             "series":"{/symbol}.{value}","time":"/seq","timeFormat":"s"}]})"), &live);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("session.mcap"));
    SessionRecorder recorder;
    QCOMPARE(recorder.startWith(path, {&arrival, &timed}), QString());
    QVERIFY(recorder.isRecording());
    QCOMPARE(recorder.startWith(path, {&arrival}).isEmpty(), false);   // one recording at a time
    arrival.start();
    timed.start();
    QTRY_VERIFY_WITH_TIMEOUT(arrival.isLive() && timed.isLive(), 15000);
    // Several bursts (several socket reads, different arrival times), non-JSON and binary
    // frames among them.
    arrival.send(QStringLiteral("ctl:ticks 150"));
    timed.send(QStringLiteral("ctl:ticks 150"));
    arrival.send(QStringLiteral("ctl:malformed"));
    arrival.send(QStringLiteral("ctl:binary 3"));
    for (int i = 0; i < 3; ++i)
        arrival.send(QStringLiteral("ctl:ticks 50"));
    QTRY_VERIFY_WITH_TIMEOUT(live.stats(QStringLiteral("/price")).count == 300
                             && live.stats(QStringLiteral("ABC.price")).count == 150, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(arrival.stats().binaryFrames == 3 && arrival.unparsed() == 6, 10000);
    const QString summary = recorder.stop();
    QVERIFY2(summary.startsWith(QStringLiteral("Recorded ")), qPrintable(summary));
    QVERIFY(!recorder.isRecording());
    arrival.stop();
    timed.stop();
    QTRY_VERIFY(arrival.stateName() == QLatin1String("Closed") || !arrival.isLive());

    RecordingInfo info;
    QString error;
    QVERIFY2(RecordingInfo::read(path, &info, &error), qPrintable(error));
    QVERIFY(info.complete);
    QCOMPARE(info.connections.size(), 2);
    // Channels are written in the order the connections' first frames arrived: either.
    QStringList names;
    for (const RecordedConnection &c : std::as_const(info.connections))
        names << c.name;
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("arrival"), QStringLiteral("timed, \"quoted\"")}));
    QCOMPARE(info.messages, recorder.messages());

    // Replay both at max speed into a new store, through the same pipeline.
    SeriesStore replayed;
    std::vector<std::unique_ptr<FeedConnection>> replays;
    for (const RecordedConnection &c : std::as_const(info.connections)) {
        FeedProfile p;
        QVERIFY2(RecordingInfo::replayProfile(path, c, 0, &p, &error), qPrintable(error));
        replays.push_back(std::make_unique<FeedConnection>(c.name, p, &replayed));
    }
    QList<QSignalSpy *> spies;
    for (auto &r : replays) {
        spies.append(new QSignalSpy(r.get(), &FeedConnection::stateChanged));
        r->start();
    }
    for (auto &r : replays)
        QTRY_COMPARE_WITH_TIMEOUT(r->stateName(), QStringLiteral("Closed"), 20000);
    FeedConnection *arrivalReplay = nullptr;   // the replay of "arrival", wherever it is
    for (auto &r : replays) {
        if (r->name() == QLatin1String("arrival"))
            arrivalReplay = r.get();
    }
    QVERIFY(arrivalReplay);
    QVERIFY(arrivalReplay->stats().lastError.isEmpty());
    const auto before = contents(live);
    const auto after = contents(replayed);
    QCOMPARE(after.keys(), before.keys());
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        QCOMPARE(after.value(it.key()), it.value());   // exact values and timestamps
    QCOMPARE(before.value(QStringLiteral("/price")).size(), 300);
    QCOMPARE(before.value(QStringLiteral("ABC.price")).size(), 150);
    // The same frames went through the inspector log and the counters.
    QCOMPARE(arrivalReplay->stats().binaryFrames, 3);
    QCOMPARE(arrivalReplay->unparsed(), arrival.unparsed());
    QCOMPARE(arrivalReplay->log()->totalFor(MessageLog::Incoming), arrival.log()->totalFor(MessageLog::Incoming));
    // Inspector entries carry the recorded arrival times too.
    const auto liveLog = arrival.log()->snapshot(), replayLog = arrivalReplay->log()->snapshot();
    QList<qint64> liveTimes, replayTimes;
    for (const auto &e : liveLog)
        if (e.direction == MessageLog::Incoming && e.kind != MessageLog::Binary)
            liveTimes.append(e.t);
    for (const auto &e : replayLog)
        if (e.direction == MessageLog::Incoming && e.kind != MessageLog::Binary)
            replayTimes.append(e.t);
    QCOMPARE(replayTimes, liveTimes);
    qDeleteAll(spies);
}

void TestRecordReplay::pacing_data()
{
    QTest::addColumn<QString>("speed");
    QTest::addColumn<double>("factor");
    QTest::newRow("1x") << QStringLiteral("1") << 1.0;
    QTest::newRow("10x") << QStringLiteral("10x") << 10.0;
    QTest::newRow("max") << QStringLiteral("max") << 0.0;
}

void TestRecordReplay::pacing()
{
    QFETCH(QString, speed);
    QFETCH(double, factor);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("timed.mcap"));
    const int frames = 41, spacing = 15;   // 600 ms recorded
    QCOMPARE(writeTimedRecording(path, frames, spacing), QString());
    double parsed = -1;
    QVERIFY(ReplaySource::parseSpeed(speed, &parsed));
    QCOMPARE(parsed, factor);
    FeedEndpoint e;
    e.url = ReplaySource::replayUrl(path, QStringLiteral("timed"), parsed);
    ReplaySource source(e);
    QCOMPARE(source.speed(), factor);
    QList<qint64> wall, recorded;
    QElapsedTimer clock;
    connect(&source, &FeedSource::textMessage, this, [&](const QByteArray &) {
        if (wall.isEmpty())
            clock.start();
        wall.append(clock.elapsed());
        recorded.append(source.recordedArrivalMs());
    });
    QSignalSpy finished(&source, &ReplaySource::finished);
    source.open();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(finished.first().at(0).toBool(), true);
    QCOMPARE(wall.size(), frames);
    QCOMPARE(source.recordedArrivalMs(), -1);   // only while a frame is delivered
    for (int i = 0; i < frames; ++i) {
        QCOMPARE(recorded[i], 1'700'000'000'000 + qint64(i) * spacing);   // the original arrival time
        if (factor > 0)   // never early
            QVERIFY2(wall[i] >= qint64((recorded[i] - recorded[0]) / factor), qPrintable(QString::number(wall[i])));
    }
    const qint64 span = (frames - 1) * spacing;
    if (factor == 1)
        QVERIFY2(wall.last() <= span + 250, qPrintable(QString::number(wall.last())));   // ~ the recorded duration
    else if (factor == 10)
        QVERIFY2(wall.last() >= span / 10 && wall.last() <= span / 10 + 200, qPrintable(QString::number(wall.last())));
    else
        QVERIFY2(wall.last() < span / 10, qPrintable(QString::number(wall.last())));   // not paced at all
}

void TestRecordReplay::pauseShiftsTheSchedule()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("timed.mcap"));
    QCOMPARE(writeTimedRecording(path, 21, 10), QString());   // 200 ms
    FeedEndpoint e;
    e.url = ReplaySource::replayUrl(path, QStringLiteral("timed"), 1);
    ReplaySource source(e);
    int delivered = 0;
    QElapsedTimer clock;
    qint64 lastAt = 0;
    connect(&source, &FeedSource::textMessage, this, [&](const QByteArray &) {
        if (++delivered == 1)
            clock.start();
        lastAt = clock.elapsed();
    });
    QSignalSpy finished(&source, &ReplaySource::finished);
    source.open();
    QTRY_VERIFY(delivered >= 5);
    source.setPaused(true);
    const int atPause = delivered;
    QElapsedTimer paused;
    paused.start();
    QTRY_VERIFY(paused.elapsed() >= 300);   // nothing is delivered while paused
    QCOMPARE(delivered, atPause);
    source.setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QCOMPARE(delivered, 21);
    QVERIFY2(lastAt >= 200 + 300, qPrintable(QString::number(lastAt)));   // the pause moved the rest
}

void TestRecordReplay::cutRecordingReplaysWhatIsWhole()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("whole.mcap"));
    QCOMPARE(writeTimedRecording(path, 50, 1), QString());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray whole = f.readAll();
    f.close();
    // Cut in the middle of the 31st message record (each is 9 + 22 + len("{"i":N}") bytes).
    const QString cut = dir.filePath(QStringLiteral("cut.mcap"));
    const qsizetype at = whole.indexOf("{\"i\":30}") + 3;
    QFile c(cut);
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write(whole.left(at));
    c.close();
    RecordingInfo info;
    QString error;
    QVERIFY2(RecordingInfo::read(cut, &info, &error), qPrintable(error));
    QCOMPARE(info.messages, 30);
    QVERIFY(!info.complete);
    QVERIFY(info.cutNote.contains(QStringLiteral("ends inside a record")));
    FeedProfile p;
    QVERIFY(RecordingInfo::replayProfile(cut, info.connections.first(), 0, &p, &error));
    SeriesStore store;
    FeedConnection replay(QStringLiteral("timed"), p, &store);
    QSignalSpy states(&replay, &FeedConnection::stateChanged);
    replay.start();
    QTRY_COMPARE_WITH_TIMEOUT(replay.stateName(), QStringLiteral("Closed"), 10000);
    QCOMPARE(store.points(QStringLiteral("/i"), 0, std::numeric_limits<qint64>::max()).size(), 30);
    QCOMPARE(store.stats(QStringLiteral("/i")).lastT, 1'700'000'000'029);
    QTRY_VERIFY(!states.isEmpty());
    const QString reason = states.last().at(1).toString();
    QVERIFY2(reason.contains(QStringLiteral("replayed 30 messages")) && reason.contains(QStringLiteral("ends inside a record")),
             qPrintable(reason));
}

void TestRecordReplay::garbageFailsTheConnection()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("garbage.mcap"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, '\x42'));
    f.close();
    RecordingInfo info;
    QString error;
    QVERIFY(!RecordingInfo::read(path, &info, &error));
    QVERIFY2(error.contains(QStringLiteral("not an MCAP recording")), qPrintable(error));
    FeedProfile p;
    p.name = QStringLiteral("g");
    p.endpoint.url = ReplaySource::replayUrl(path, QStringLiteral("g"), 1);
    SeriesStore store;
    FeedConnection replay(QStringLiteral("g"), p, &store);
    replay.start();
    QTRY_COMPARE_WITH_TIMEOUT(replay.stateName(), QStringLiteral("Failed"), 10000);
    QTRY_VERIFY(replay.lastError().contains(QStringLiteral("not an MCAP recording")));
    QCOMPARE(store.seriesCount(), 0);
}

QTEST_GUILESS_MAIN(TestRecordReplay)
#include "tst_recordreplay.moc"
