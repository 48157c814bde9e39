// The real `pulseboard` binary: `--headless --connect URL --record FILE --print` against a
// Python `websockets` feed, then `--headless --replay FILE --replay-speed max --print`
// prints the same samples (series, times, values) and exits by itself; a cut recording
// replays what is whole and says where it was cut; bad --record/--replay flags exit 2
// with a readable message.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

namespace {

struct Run
{
    QProcess proc;
    QList<QByteArray> samples;   // the NDJSON lines, as printed
    QByteArray err;
    void start(const QStringList &args)
    {
        proc.setProgram(QStringLiteral(PULSEBOARD_BINARY));
        proc.setArguments(args);
        QObject::connect(&proc, &QProcess::readyReadStandardOutput, &proc, [this] {
            while (proc.canReadLine())
                samples.append(proc.readLine().trimmed());
        });
        QObject::connect(&proc, &QProcess::readyReadStandardError, &proc, [this] { err += proc.readAllStandardError(); });
        proc.start();
    }
    ~Run()
    {
        if (proc.state() != QProcess::NotRunning) {
            proc.kill();
            proc.waitForFinished(3000);
        }
    }
};

} // namespace

class TestRecordCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recordThenReplayPrintsTheSameSamples();
    void badFlagsExitWith2_data();
    void badFlagsExitWith2();
};

void TestRecordCli::recordThenReplayPrintsTheSameSamples()
{
#ifndef Q_OS_UNIX
    QSKIP("stops the recorder with SIGTERM");
#else
    QProcess server;
    int port = -1;
    server.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral(PULSEBOARD_PEERS_DIR "/ws_feed_server.py"),
                                                      QStringLiteral("--ticks"), QStringLiteral("40")});
    QObject::connect(&server, &QProcess::readyReadStandardOutput, &server, [&] {
        while (server.canReadLine()) {
            const QByteArray line = server.readLine().trimmed();
            if (line.startsWith("PORT "))
                port = line.mid(5).toInt();
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(port > 0, 10000);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("cli.mcap"));
    Run rec;
    rec.start({QStringLiteral("--headless"), QStringLiteral("--print"), QStringLiteral("--connect"),
               QStringLiteral("ws://127.0.0.1:%1/").arg(port), QStringLiteral("--record"), file});
    QTRY_COMPARE_WITH_TIMEOUT(rec.samples.size(), 40 * 2, 15000);   // /seq and /price per tick
    QVERIFY(rec.err.contains("recording to"));
    ::kill(pid_t(rec.proc.processId()), SIGTERM);
    QVERIFY(rec.proc.waitForFinished(10000));
    QCOMPARE(rec.proc.exitCode(), 0);
    QTRY_VERIFY(rec.err.contains("Recorded 40 messages"));
    server.kill();
    server.waitForFinished(3000);

    Run play;
    play.start({QStringLiteral("--headless"), QStringLiteral("--print"), QStringLiteral("--replay"), file,
                QStringLiteral("--replay-speed"), QStringLiteral("max")});
    QVERIFY(play.proc.waitForFinished(20000));   // ends by itself
    QCOMPARE(play.proc.exitCode(), 0);
    QVERIFY2(play.err.contains("replay finished: 40 messages"), play.err.constData());
    QCOMPARE(play.samples, rec.samples);   // same series, same arrival times, same values

    // Cut the file inside its last message: the whole ones replay, the cut is reported.
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray whole = f.readAll();
    f.close();
    const QString cut = dir.filePath(QStringLiteral("cut.mcap"));
    QFile c(cut);
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write(whole.left(whole.lastIndexOf("\"seq\"")));
    c.close();
    Run partial;
    partial.start({QStringLiteral("--headless"), QStringLiteral("--print"), QStringLiteral("--replay"), cut,
                   QStringLiteral("--replay-speed"), QStringLiteral("10")});
    QVERIFY(partial.proc.waitForFinished(20000));
    QCOMPARE(partial.proc.exitCode(), 0);
    QVERIFY2(partial.err.contains("replayed 39 messages") && partial.err.contains("ends inside a record"),
             partial.err.constData());
    QCOMPARE(partial.samples, rec.samples.mid(0, 78));
#endif
}

void TestRecordCli::badFlagsExitWith2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    const QString garbage = QDir::temp().filePath(QStringLiteral("pulseboard-tst-garbage.mcap"));
    QTest::newRow("replay missing file") << QStringList{QStringLiteral("--headless"), QStringLiteral("--replay"),
                                                        QStringLiteral("/nonexistent/x.mcap")}
                                         << QStringLiteral("Cannot open the recording");
    QTest::newRow("replay garbage") << QStringList{QStringLiteral("--headless"), QStringLiteral("--replay"), garbage}
                                    << QStringLiteral("not an MCAP recording");
    QTest::newRow("replay a folder") << QStringList{QStringLiteral("--headless"), QStringLiteral("--replay"), QDir::tempPath()}
                                     << QStringLiteral("--replay");
    QTest::newRow("bad speed") << QStringList{QStringLiteral("--headless"), QStringLiteral("--replay"), garbage,
                                              QStringLiteral("--replay-speed"), QStringLiteral("fast")}
                               << QStringLiteral("is not a speed");
    QTest::newRow("zero speed") << QStringList{QStringLiteral("--headless"), QStringLiteral("--replay"), garbage,
                                               QStringLiteral("--replay-speed"), QStringLiteral("0")}
                                << QStringLiteral("is not a speed");
    QTest::newRow("speed without replay") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"),
                                                         QStringLiteral("ws://127.0.0.1:9/"), QStringLiteral("--replay-speed"),
                                                         QStringLiteral("10")}
                                          << QStringLiteral("only applies to --replay");
    QTest::newRow("replay with connect") << QStringList{QStringLiteral("--headless"), QStringLiteral("--replay"), garbage,
                                                        QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:9/")}
                                         << QStringLiteral("cannot be combined");
    QTest::newRow("record without feed") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"),
                                                        QStringLiteral("0"), QStringLiteral("--record"),
                                                        QDir::temp().filePath(QStringLiteral("x.mcap"))}
                                         << QStringLiteral("needs a feed to record");
    QTest::newRow("record to a folder") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"),
                                                       QStringLiteral("ws://127.0.0.1:9/"), QStringLiteral("--record"),
                                                       QDir::tempPath()}
                                        << QStringLiteral("is a folder");
    QTest::newRow("record into missing folder") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"),
                                                               QStringLiteral("ws://127.0.0.1:9/"), QStringLiteral("--record"),
                                                               QStringLiteral("/nonexistent/dir/x.mcap")}
                                                << QStringLiteral("does not exist");
    QTest::newRow("record in the window") << QStringList{QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:9/"),
                                                         QStringLiteral("--record"), QDir::temp().filePath(QStringLiteral("x.mcap"))}
                                          << QStringLiteral("records only with --headless");
}

void TestRecordCli::badFlagsExitWith2()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QFile g(QDir::temp().filePath(QStringLiteral("pulseboard-tst-garbage.mcap")));
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write("\x89MCAX not really\r\n");
    g.close();
    QProcess p;
    p.start(QStringLiteral(PULSEBOARD_BINARY), args);
    QVERIFY(p.waitForFinished(15000));
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(QString::fromUtf8(err).contains(expected), err.constData());
    // (In window mode Qt may warn first, e.g. about XDG_RUNTIME_DIR; the refusal is ours.)
    QVERIFY(err.startsWith("pulseboard: ") || err.contains("\npulseboard: "));
}

QTEST_GUILESS_MAIN(TestRecordCli)
#include "tst_recordcli.moc"
