// End-to-end: the real `pulseboard --headless --print` process against a feed server
// written with Python `websockets` (tests/peers/tick_server.py), over loopback.
// Covers: correct samples, non-JSON/binary frames survived, server killed and restarted
// (reconnect + on-connect message resent), clean exit on SIGTERM, exit code 2 on bad input.
#include "../hub/hubtestclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QWebSocket>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

namespace {

struct Server
{
    QProcess proc;
    int port = -1;
    QStringList received;   // "RECV ..." lines

    bool start(int wantedPort, int count, qint64 base, const QString &shape = QStringLiteral("ramp"))
    {
        proc.setProgram(QStringLiteral("/usr/bin/python3"));
        proc.setArguments({QStringLiteral(PULSEBOARD_PEERS_DIR "/tick_server.py"),
                           QStringLiteral("--port"), QString::number(wantedPort),
                           QStringLiteral("--count"), QString::number(count),
                           QStringLiteral("--base"), QString::number(base),
                           QStringLiteral("--shape"), shape});
        proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QObject::connect(&proc, &QProcess::readyReadStandardOutput, &proc, [this] {
            while (proc.canReadLine()) {
                const QString line = QString::fromUtf8(proc.readLine()).trimmed();
                if (line.startsWith(QLatin1String("PORT ")))
                    port = line.mid(5).toInt();
                else if (line.startsWith(QLatin1String("RECV ")))
                    received << line.mid(5);
            }
        });
        proc.start();
        return proc.waitForStarted(5000);
    }
    ~Server()
    {
        proc.kill();
        proc.waitForFinished(3000);
    }
};

struct Client
{
    QProcess proc;
    QList<QJsonObject> samples;
    QList<QJsonObject> alerts;
    QByteArray err;
    int badLines = 0;

    void start(const QStringList &args)
    {
        proc.setProgram(QStringLiteral(PULSEBOARD_BINARY));
        proc.setArguments(args);
        QObject::connect(&proc, &QProcess::readyReadStandardOutput, &proc, [this] {
            while (proc.canReadLine()) {
                const QByteArray line = proc.readLine().trimmed();
                QJsonParseError pe;
                const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
                if (pe.error != QJsonParseError::NoError || !doc.isObject())
                    ++badLines;
                else if (doc.object().contains(QLatin1String("alert")))
                    alerts << doc.object();
                else
                    samples << doc.object();
            }
        });
        QObject::connect(&proc, &QProcess::readyReadStandardError, &proc, [this] { err += proc.readAllStandardError(); });
        proc.start();
    }
    ~Client()
    {
        if (proc.state() != QProcess::NotRunning) {
            proc.kill();
            proc.waitForFinished(3000);
        }
    }
};

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void printsSamplesAndSurvivesRestart();
    void demoHubServesTopicsToOtherClients();
    void alertsRaiseAndClearExactlyOnce();
    void lanHostIsWssWithAStableSelfSignedIdentity();
    void hubOptionsReachTheHub();
    void sharedFeedReachesSessionPeers();
    void badInputExitsWithCode2_data();
    void badInputExitsWithCode2();
};

void TestHeadless::printsSamplesAndSurvivesRestart()
{
    auto server = std::make_unique<Server>();
    QVERIFY(server->start(0, 10, 1700000000000));
    QTRY_VERIFY_WITH_TIMEOUT(server->port > 0, 10000);
    const int port = server->port;

    Client client;
    client.start({QStringLiteral("--headless"), QStringLiteral("--print"),
                  QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:%1/").arg(port),
                  QStringLiteral("--profile"), QStringLiteral(PULSEBOARD_TEST_DATA "/headless/ticks.json"),
                  QStringLiteral("--send"), QStringLiteral("{\"op\":\"subscribe\",\"symbols\":[\"AAA\",\"BBB\"]}"),
                  QStringLiteral("--ping-interval"), QStringLiteral("1")});
    QVERIFY(client.proc.waitForStarted(5000));
    QTRY_COMPARE_WITH_TIMEOUT(client.samples.size(), 10, 15000);
    QCOMPARE(client.badLines, 0);
    for (int i = 0; i < 10; ++i) {
        const QJsonObject s = client.samples.at(i);
        QCOMPARE(s.value(QLatin1String("series")).toString(), i % 2 == 0 ? QStringLiteral("AAA") : QStringLiteral("BBB"));
        QCOMPARE(s.value(QLatin1String("t")).toInteger(), 1700000000000 + i);
        QCOMPARE(s.value(QLatin1String("v")).toDouble(), 100 + i / 4.0);   // sent as a string, printed as a number
        QCOMPARE(s.keys().size(), 3);
    }
    QCOMPARE(server->received.size(), 1);
    QVERIFY(client.err.contains("Live"));

    // Kill the server (no close frame) and start a new one on the same port.
    server.reset();
    QTRY_VERIFY_WITH_TIMEOUT(client.err.contains("Reconnecting"), 10000);
    server = std::make_unique<Server>();
    QVERIFY(server->start(port, 4, 1800000000000));
    QTRY_COMPARE_WITH_TIMEOUT(server->port, port, 10000);
    // The client reconnects by itself and re-sends its subscription.
    QTRY_COMPARE_WITH_TIMEOUT(server->received.size(), 1, 40000);
    QVERIFY(server->received.constFirst().contains(QLatin1String("subscribe")));
    QTRY_COMPARE_WITH_TIMEOUT(client.samples.size(), 14, 10000);
    QCOMPARE(client.samples.at(13).value(QLatin1String("t")).toInteger(), 1800000000003);
    QCOMPARE(client.proc.state(), QProcess::Running);

#ifdef Q_OS_UNIX
    ::kill(pid_t(client.proc.processId()), SIGTERM);
    QVERIFY(client.proc.waitForFinished(10000));
    QCOMPARE(client.proc.exitStatus(), QProcess::NormalExit);
    QCOMPARE(client.proc.exitCode(), 0);
#endif
}

void TestHeadless::demoHubServesTopicsToOtherClients()
{
    // `--headless --host 127.0.0.1:0 --demo`: the demo hub other machines and scripts use.
    Client hub;
    hub.start({QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--demo")});
    QVERIFY(hub.proc.waitForStarted(5000));
    const QRegularExpression listening(QStringLiteral("hub listening on ws://127\\.0\\.0\\.1:(\\d+)/"));
    QTRY_VERIFY_WITH_TIMEOUT(listening.match(QString::fromUtf8(hub.err)).hasMatch(), 10000);
    const int port = listening.match(QString::fromUtf8(hub.err)).captured(1).toInt();
    QVERIFY(port > 0);

    for (const QString topic : {QStringLiteral("market"), QStringLiteral("sensors")}) {
        QProcess reader;
        reader.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral(PULSEBOARD_PEERS_DIR "/topic_reader.py"),
                      QStringLiteral("ws://127.0.0.1:%1/topics/%2").arg(port).arg(topic), QStringLiteral("5")});
        QVERIFY(reader.waitForFinished(20000));
        QCOMPARE(reader.exitCode(), 0);
        const QList<QByteArray> lines = reader.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        for (const QByteArray &line : lines) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (topic == QLatin1String("market")) {
                QCOMPARE(o.value(QLatin1String("type")).toString(), QStringLiteral("tick"));
                QVERIFY(o.value(QLatin1String("price")).toString().toDouble() > 0);   // prices as strings
                QVERIFY(!o.value(QLatin1String("symbol")).toString().isEmpty());
            } else {
                QCOMPARE(o.value(QLatin1String("type")).toString(), QStringLiteral("reading"));
                QVERIFY(o.value(QLatin1String("data")).toObject().contains(QLatin1String("temperature")));
            }
        }
    }
#ifdef Q_OS_UNIX
    ::kill(pid_t(hub.proc.processId()), SIGINT);
    QVERIFY(hub.proc.waitForFinished(10000));
    QCOMPARE(hub.proc.exitCode(), 0);
#endif
}

void TestHeadless::alertsRaiseAndClearExactlyOnce()
{
    // AAA climbs from 100 to 110 and falls back; the rule raises above 105 and clears
    // below 103 (hysteresis), so around each crossing there must be exactly one event.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile rules(dir.filePath(QStringLiteral("alerts.json")));
    QVERIFY(rules.open(QIODevice::WriteOnly));
    rules.write(R"({"version":1,"rules":[{"name":"AAA high","kind":"above","series":"AAA","raise":105,"clear":103,"severity":"critical"}]})");
    rules.close();

    Server server;
    QVERIFY(server.start(0, 81, 1700000000000, QStringLiteral("triangle")));
    QTRY_VERIFY_WITH_TIMEOUT(server.port > 0, 10000);
    Client client;
    client.start({QStringLiteral("--headless"), QStringLiteral("--print"),
                  QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:%1/").arg(server.port),
                  QStringLiteral("--profile"), QStringLiteral(PULSEBOARD_TEST_DATA "/headless/ticks.json"),
                  QStringLiteral("--send"), QStringLiteral("{\"op\":\"subscribe\"}"),
                  QStringLiteral("--alerts"), rules.fileName()});
    QTRY_COMPARE_WITH_TIMEOUT(client.samples.size(), 81, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(client.alerts.size(), 2, 5000);
    const QJsonObject raised = client.alerts.at(0);
    const QJsonObject cleared = client.alerts.at(1);
    QCOMPARE(raised.value(QLatin1String("alert")).toString(), QStringLiteral("AAA high"));
    QCOMPARE(raised.value(QLatin1String("state")).toString(), QStringLiteral("raised"));
    QCOMPARE(raised.value(QLatin1String("severity")).toString(), QStringLiteral("critical"));
    QCOMPARE(raised.value(QLatin1String("series")).toString(), QStringLiteral("AAA"));
    QVERIFY(raised.value(QLatin1String("value")).toDouble() > 105);
    QCOMPARE(cleared.value(QLatin1String("state")).toString(), QStringLiteral("cleared"));
    QVERIFY(cleared.value(QLatin1String("value")).toDouble() <= 103);
    QVERIFY(cleared.value(QLatin1String("t")).toInteger() > raised.value(QLatin1String("t")).toInteger());
    // Alert lines are written in order with the samples that caused them, and all 81
    // samples are in: so these two are all there will ever be for this feed.
    QCOMPARE(client.alerts.size(), 2);
    QVERIFY(client.alerts.at(0).value(QLatin1String("t")).toInteger() < client.samples.last().value(QLatin1String("t")).toInteger());
}

void TestHeadless::lanHostIsWssWithAStableSelfSignedIdentity()
{
    // Off loopback, wss is the default: a self-signed certificate is made on first host,
    // kept in the data dir and reused, so clients' pins stay valid across restarts.
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());
    const QRegularExpression fp(QStringLiteral("hub certificate SHA-256 ([0-9A-F:]{95})"));
    QStringList fingerprints;
    for (int run = 0; run < 2; ++run) {
        Client hub;
        hub.start({QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0.0.0.0:0"),
                   QStringLiteral("--data-dir"), dataDir.path()});
        QTRY_VERIFY_WITH_TIMEOUT(fp.match(QString::fromUtf8(hub.err)).hasMatch(), 20000);
        QVERIFY2(hub.err.contains("hub listening on wss://"), hub.err.constData());
        fingerprints << fp.match(QString::fromUtf8(hub.err)).captured(1);
#ifdef Q_OS_UNIX
        ::kill(pid_t(hub.proc.processId()), SIGTERM);
        QVERIFY(hub.proc.waitForFinished(10000));
        QCOMPARE(hub.proc.exitCode(), 0);
#endif
    }
    QCOMPARE(fingerprints.size(), 2);
    QCOMPARE(fingerprints.at(0), fingerprints.at(1));
}

void TestHeadless::badInputExitsWithCode2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");   // regex over stderr
    const QString data = QStringLiteral(PULSEBOARD_TEST_DATA "/headless/");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--headless"), QStringLiteral("--bogus")}
                                    << QStringLiteral("Unknown option 'bogus'");
    QTest::newRow("ftp url") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ftp://x/")}
                             << QStringLiteral("--connect: 'ftp://x/' is not a URL with a host and one of the schemes ws, wss, socketio");
    QTest::newRow("empty session name") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                       QStringLiteral("--session-name"), QStringLiteral("  ")}
                                        << QStringLiteral("--session-name: must be 1-64 characters");
    QTest::newRow("long session name") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                      QStringLiteral("--session-name"), QString(65, u'x')}
                                       << QStringLiteral("--session-name: must be 1-64 characters");
    QTest::newRow("session name without host") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                                              QStringLiteral("--session-name"), QStringLiteral("Lab")}
                                               << QStringLiteral("--session-name: only applies to a hub");
    QTest::newRow("origin with path") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                     QStringLiteral("--allow-origin"), QStringLiteral("https://lab.example/app")}
                                      << QStringLiteral("--allow-origin: 'https://lab.example/app' is not an Origin");
    QTest::newRow("origin not web") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                   QStringLiteral("--allow-origin"), QStringLiteral("file:///etc/passwd")}
                                    << QStringLiteral("--allow-origin: 'file:///etc/passwd' is not an Origin");
    QTest::newRow("share without host") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                                       QStringLiteral("--share"), QStringLiteral("lab")}
                                        << QStringLiteral("--share: only applies to a hub");
    QTest::newRow("share count") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                                QStringLiteral("--share"), QStringLiteral("a"), QStringLiteral("--share"), QStringLiteral("b")}
                                 << QStringLiteral("--share: 2 --share for 1 connections");
    QTest::newRow("share bad topic") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                    QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                                    QStringLiteral("--share"), QStringLiteral("../etc")}
                                     << QStringLiteral("--share: '\\.\\./etc' is not a topic name");
    QTest::newRow("raw topics without host") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                                            QStringLiteral("--raw-topics")}
                                             << QStringLiteral("--raw-topics: only applies to a hub");
    QTest::newRow("nats url scheme") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                    QStringLiteral("--nats"), QStringLiteral("nats://a:4222,http://b:4222")}
                                     << QStringLiteral("--nats: 'http://b:4222' is not a NATS server URL");
    QTest::newRow("nats without host") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                                      QStringLiteral("--nats"), QStringLiteral("nats://127.0.0.1:4222")}
                                       << QStringLiteral("--nats: only applies to a hub");
    QTest::newRow("nats creds alone") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                     QStringLiteral("--nats-creds"), QStringLiteral("x.creds")}
                                      << QStringLiteral("--nats-creds/--nats-ca: needs at least one server URL");
    QTest::newRow("missing profile") << QStringList{QStringLiteral("--headless"), QStringLiteral("--profile"), data + QStringLiteral("nope.json")}
                                     << QStringLiteral("nope\\.json");
    QTest::newRow("invalid profile") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                                    QStringLiteral("--profile"), data + QStringLiteral("broken-line4.json")}
                                     << QStringLiteral("broken-line4\\.json:4: .*timeFormat");
    QTest::newRow("bad header") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                               QStringLiteral("--header"), QStringLiteral("no colon here")}
                                << QStringLiteral("--header: 'no colon here'");
    QTest::newRow("bad host") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("1.2.3:99999")}
                              << QStringLiteral("--host: '1.2.3:99999'");
    QTest::newRow("print without headless") << QStringList{QStringLiteral("--print")}
                                            << QStringLiteral("--print: only works with --headless");
    QTest::newRow("nothing to do") << QStringList{QStringLiteral("--headless")} << QStringLiteral("needs something to do");
    QTest::newRow("bad pin") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("wss://127.0.0.1:1/"),
                                            QStringLiteral("--pin-sha256"), QStringLiteral("xyz")}
                             << QStringLiteral("--pin-sha256: expected 64 hex digits");
    QTest::newRow("bad size") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                             QStringLiteral("--max-message-size"), QStringLiteral("-5")}
                              << QStringLiteral("--max-message-size: '-5'");
    QTest::newRow("bad password file") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                      QStringLiteral("--password-file"), data + QStringLiteral("missing-password")}
                                       << QStringLiteral("missing-password: cannot read");
    QTest::newRow("empty password file") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                        QStringLiteral("--password-file"), data + QStringLiteral("empty-password")}
                                         << QStringLiteral("empty-password: the first line is empty");
    QTest::newRow("cert without key") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                     QStringLiteral("--tls-cert"), data + QStringLiteral("ticks.json")}
                                      << QStringLiteral("give both or neither");
    QTest::newRow("cert not PEM") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                 QStringLiteral("--tls-cert"), data + QStringLiteral("ticks.json"),
                                                 QStringLiteral("--tls-key"), data + QStringLiteral("ticks.json")}
                                  << QStringLiteral("no PEM certificate");
    QTest::newRow("malformed alerts") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                                     QStringLiteral("--alerts"), data + QStringLiteral("broken-alerts.json")}
                                      << QStringLiteral("broken-alerts\\.json: rule \"too low\".*clear");
    QTest::newRow("positional") << QStringList{QStringLiteral("--headless"), QStringLiteral("ws://x")}
                                << QStringLiteral("unexpected argument");
    QTest::newRow("hostile header value") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                                         QStringLiteral("--header"), QStringLiteral("X-A: b\r\nX-Injected: 1")}
                                          << QStringLiteral("line break");
    const auto proxied = [](const QString &proxy) {
        return QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                           QStringLiteral("--proxy"), proxy};
    };
    QTest::newRow("proxy bad scheme") << proxied(QStringLiteral("ftp://proxy.example:21"))
                                      << QStringLiteral("^pulseboard: --proxy: A proxy address starts with http:// .*not ftp://.*Or give none, or system\\.\n$");
    QTest::newRow("proxy https scheme") << proxied(QStringLiteral("https://proxy.example:443")) << QStringLiteral("--proxy: .*use http://");
    QTest::newRow("proxy missing port") << proxied(QStringLiteral("http://proxy.example")) << QStringLiteral("--proxy: The proxy address has no port");
    QTest::newRow("proxy no scheme") << proxied(QStringLiteral("proxy.example:3128")) << QStringLiteral("--proxy: .*needs a scheme");
    QTest::newRow("proxy control chars") << proxied(QStringLiteral("http://proxy.example:3128\r\nX-Injected: 1"))
                                         << QStringLiteral("^pulseboard: --proxy: .*control character[^\\r]*\n$");
    QTest::newRow("proxy oversized") << proxied(QStringLiteral("http://") + QString(100'000, u'a') + QStringLiteral(":3128"))
                                     << QStringLiteral("--proxy: The proxy address is 100012 characters long; at most 2048");
    QTest::newRow("proxy bad port, password hidden") << proxied(QStringLiteral("http://pb:hunter2@proxy.example:99999"))
                                                     << QStringLiteral("^(?!.*hunter2).*--proxy: .*is not a valid proxy address");
    QTest::newRow("proxy empty") << proxied(QString()) << QStringLiteral("--proxy: Enter the proxy's address");
    QTest::newRow("proxy count") << QStringList{QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
                                                QStringLiteral("--proxy"), QStringLiteral("none"), QStringLiteral("--proxy"), QStringLiteral("system")}
                                 << QStringLiteral("--proxy: 2 --proxy for 1 connections");
    QTest::newRow("proxy without feed") << QStringList{QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("0"),
                                                       QStringLiteral("--proxy"), QStringLiteral("none")}
                                        << QStringLiteral("--proxy: needs a feed to apply to");
}

void TestHeadless::badInputExitsWithCode2()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QProcess p;
    p.start(QStringLiteral(PULSEBOARD_BINARY), args);
    QVERIFY(p.waitForFinished(10000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(QRegularExpression(expected).match(err).hasMatch(), qPrintable(err));
    QVERIFY(p.readAllStandardOutput().isEmpty());
}

void TestHeadless::hubOptionsReachTheHub()
{
    // --session-name is what welcome carries; --allow-origin lets exactly that browser
    // Origin in (another is refused); --raw-topics serves /topics/ on a password hub.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile pw(dir.filePath(QStringLiteral("pw")));
    QVERIFY(pw.open(QIODevice::WriteOnly));
    pw.write("secret\n");
    pw.close();
    Client hub;
    hub.start({QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("127.0.0.1:0"),
               QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--password-file"), pw.fileName(),
               QStringLiteral("--session-name"), QStringLiteral("Lab bench"),
               QStringLiteral("--allow-origin"), QStringLiteral("http://lab.test:8000"), QStringLiteral("--raw-topics")});
    const QRegularExpression listening(QStringLiteral("hub listening on ws://127\\.0\\.0\\.1:(\\d+)"));
    QTRY_VERIFY_WITH_TIMEOUT(listening.match(QString::fromUtf8(hub.err)).hasMatch(), 20000);
    const int port = listening.match(QString::fromUtf8(hub.err)).captured(1).toInt();

    HubTestClient native;   // no Origin: a native client, always let in
    QVERIFY(native.open(quint16(port)));
    QVERIFY(native.login(QStringLiteral("native"), QStringLiteral("secret")));
    QCOMPARE(native.welcome.value(QLatin1String("session")).toString(), QStringLiteral("Lab bench"));

    auto open = [port](QWebSocket &ws, const QString &path, const QString &origin) {
        QNetworkRequest req(QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(path)));
        if (!origin.isEmpty())
            req.setRawHeader("Origin", origin.toUtf8());
        ws.open(req);
    };
    QWebSocket allowed, refused, raw;
    QSignalSpy refusedGone(&refused, &QWebSocket::disconnected);
    QSignalSpy rawUp(&raw, &QWebSocket::connected);
    open(allowed, QStringLiteral("/"), QStringLiteral("http://lab.test:8000"));
    open(refused, QStringLiteral("/"), QStringLiteral("http://evil.test:8000"));
    open(raw, QStringLiteral("/topics/lab/temp"), QString());
    QTRY_VERIFY_WITH_TIMEOUT(allowed.state() == QAbstractSocket::ConnectedState, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!refusedGone.isEmpty(), 10000);
    QVERIFY(refused.state() != QAbstractSocket::ConnectedState);
    QTRY_VERIFY_WITH_TIMEOUT(!rawUp.isEmpty(), 10000);
}

void TestHeadless::sharedFeedReachesSessionPeers()
{
    // `--host ... --connect URL --share lab/ticks`: the feed's samples go to the hub topic,
    // where an independent reader (Python websockets) gets them.
    // A feed that keeps streaming (tests/peers/ws_feed_server.py, 50 ticks/s for 30 s once
    // asked), so the reader that joins later still gets live samples.
    QProcess feed;
    feed.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    feed.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral(PULSEBOARD_PEERS_DIR "/ws_feed_server.py"), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(feed.waitForStarted(5000));
    int feedPort = -1;
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        while (feed.canReadLine()) {
            const QByteArray line = feed.readLine().trimmed();
            if (line.startsWith("PORT "))
                feedPort = line.mid(5).toInt();
        }
        return feedPort > 0;
    }(), 10000);
    Client hub;
    hub.start({QStringLiteral("--headless"), QStringLiteral("--host"), QStringLiteral("127.0.0.1:0"),
               QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:%1/").arg(feedPort),
               QStringLiteral("--send"), QStringLiteral("ctl:stream 50 30"),
               QStringLiteral("--share"), QStringLiteral("lab/ticks")});
    const QRegularExpression listening(QStringLiteral("hub listening on ws://127\\.0\\.0\\.1:(\\d+)/"));
    QTRY_VERIFY_WITH_TIMEOUT(listening.match(QString::fromUtf8(hub.err)).hasMatch(), 20000);
    QVERIFY2(hub.err.contains("sharing 127.0.0.1"), hub.err.constData());
    const int port = listening.match(QString::fromUtf8(hub.err)).captured(1).toInt();
    QProcess reader;
    reader.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(PULSEBOARD_PEERS_DIR "/topic_reader.py"),
                  QStringLiteral("ws://127.0.0.1:%1/topics/lab/ticks").arg(port), QStringLiteral("1")});
    QTRY_COMPARE_WITH_TIMEOUT(reader.state(), QProcess::NotRunning, 20000);
    QCOMPARE(reader.exitCode(), 0);
    const QJsonObject first = QJsonDocument::fromJson(reader.readAllStandardOutput().trimmed()).object();
    const QJsonArray samples = first.value(QLatin1String("samples")).toArray();
    QVERIFY2(!samples.isEmpty(), QJsonDocument(first).toJson().constData());
    const QJsonObject s = samples.at(0).toObject();
    QVERIFY(!s.value(QLatin1String("series")).toString().isEmpty());
    QVERIFY(s.value(QLatin1String("t")).toInteger() > 0);
    QVERIFY(s.value(QLatin1String("v")).isDouble());
    feed.kill();
    feed.waitForFinished(3000);
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
