// Browser peers end to end: a real hub (HubServer on 127.0.0.1 port 0, with a password),
// two pages in Debian's chromium driven by puppeteer-core (browser_peers.js, not our
// code driving our page) and one native ChatClient. They chat in a room, exchange
// private messages, see each other's presence, and both pages chart the topic the
// native side publishes. Over ws:// (http page), or with HUB_TEST_TLS=1 over wss://
// (https page, the hub's self-signed certificate accepted by the test browser and pinned
// on first use by the native client). Skipped (QSKIP) only when chromium is not installed.
#include "chatclient.h"
#include "chatparticipantmodel.h"
#include "hubserver.h"
#include "hubtransport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class tst_BrowserPeers : public QObject
{
    Q_OBJECT
private:
    static QStringList nicks(QAbstractItemModel *m)
    {
        QStringList out;
        for (int i = 0; i < m->rowCount(); ++i)
            out << m->index(i, 0).data(ChatParticipantModel::NickRole).toString();
        return out;
    }

private Q_SLOTS:
    void twoPagesAndANativeClientChatAndChart()
    {
        QString chromium = qEnvironmentVariable("CHROMIUM");
        if (chromium.isEmpty())
            chromium = QStandardPaths::findExecutable(QStringLiteral("chromium"));
        if (chromium.isEmpty())
            QSKIP("chromium is not installed (Debian: apt-get install chromium; packaging/bootstrap.sh test does it)");
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        QVERIFY2(!node.isEmpty(), "node is not installed (packaging/bootstrap.sh test installs it)");
        QVERIFY2(QFile::exists(QStringLiteral(PULSEBOARD_PEERS_DIR "/node_modules/puppeteer-core/package.json")),
                 "puppeteer-core is missing: run npm install in tests/peers");

        HubServer hub;
        HubConfig config;
        config.password = QStringLiteral("s3cret");
        config.pbkdf2Iterations = 1'000;   // the login's cost is not under test here
        config.sessionName = QStringLiteral("Browser test");
        hub.setConfig(config);
        HubTransport::apply(hub);   // wss:// when HUB_TEST_TLS=1
        QString error;
        QVERIFY2(hub.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));

        QTemporaryDir home;
        ChatClient native;
        native.setNickname(QStringLiteral("native"));
        native.setPassword(config.password);
        native.setUrl(QStringLiteral("%1://127.0.0.1:%2/").arg(HubTransport::scheme()).arg(hub.port()));
        native.setTrustOnFirstUse(true);   // the test's own self-signed certificate
        native.setKnownHostsFile(home.filePath(QStringLiteral("known_hosts.json")));
        native.connectToHub();
        QTRY_VERIFY(native.isConnected());
        QVERIFY(native.join(QStringLiteral("general")));
        native.setCurrentRoom(QStringLiteral("general"));

        // The native side's reactions, driven by what it sees (no timing assumptions).
        QStringList roomLines, privateLines;
        bool greeted = false;
        connect(&native, &ChatClient::messageReceived, this,
                [&](const QString &room, const QString &from, const QString &text, bool isPrivate) {
                    if (!isPrivate && room == QLatin1String("general"))
                        roomLines << from + QLatin1String(": ") + text;
                });
        connect(&native, &ChatClient::privateMessageReceived, this, [&](const QString &from, const QString &text) {
            privateLines << from + QLatin1String(": ") + text;
            if (from == QLatin1String("alice"))
                native.sendPrivate(QStringLiteral("bob"), QStringLiteral("psst bob"));
        });
        QTimer greet;
        connect(&greet, &QTimer::timeout, this, [&] {
            const QStringList here = nicks(native.participants());
            if (!greeted && here.contains(QLatin1String("alice")) && here.contains(QLatin1String("bob"))) {
                greeted = native.sendToRoom(QStringLiteral("general"), QStringLiteral("hello from native"));
            }
        });
        greet.start(50);
        // The topic the pages chart: 20 samples a second from the native side (the host's
        // in-process publishing, as a shared feed does).
        int published = 0;
        QTimer publisher;
        connect(&publisher, &QTimer::timeout, this, [&] {
            const QByteArray json = QJsonDocument(QJsonObject{{"t", QDateTime::currentMSecsSinceEpoch()},
                                                              {"temp", 20.0 + (published++ % 20) / 10.0}})
                                        .toJson(QJsonDocument::Compact);
            hub.publish(QStringLiteral("lab/temp"), json);
        });
        publisher.start(50);

        QProcess driver;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PULSEBOARD_PEERS_DIR"), QStringLiteral(PULSEBOARD_PEERS_DIR));
        driver.setProcessEnvironment(env);
        QStringList events;
        QByteArray failure;
        connect(&driver, &QProcess::readyReadStandardOutput, this, [&] {
            while (driver.canReadLine()) {
                const QByteArray line = driver.readLine().trimmed();
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                if (o.isEmpty())
                    continue;
                events << o.value("event").toString();
                if (events.last() == QLatin1String("failed"))
                    failure = line;
                qInfo("browser: %s", line.constData());
            }
        });
        const QString shot = qEnvironmentVariable("BROWSER_SHOT");
        QStringList args{QStringLiteral(PULSEBOARD_SOURCE_DIR "/tests/web/browser_peers.js"),
                         QStringLiteral("%1://127.0.0.1:%2/").arg(HubTransport::tls() ? "https" : "http").arg(hub.port()), config.password, chromium};
        if (!shot.isEmpty())
            args << shot;   // a screenshot of alice's page, to look at
        driver.start(node, args);
        QVERIFY2(driver.waitForStarted(5000), qPrintable(driver.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(driver.state() == QProcess::NotRunning, 50'000);
        const QByteArray stderrText = driver.readAllStandardError();
        QVERIFY2(failure.isEmpty(), failure.constData());
        QVERIFY2(driver.exitCode() == 0, stderrText.constData());
        QCOMPARE(events.last(), QStringLiteral("done"));

        // What the native client saw of the browsers.
        QVERIFY(roomLines.contains(QStringLiteral("alice: hello from alice")));
        QVERIFY(privateLines.contains(QStringLiteral("alice: psst from alice")));
        QVERIFY(greeted);
        QVERIFY(published > 10);
        QTRY_COMPARE(hub.connectionCount(), 1);   // the pages left; only the native client is on
    }
};

QTEST_GUILESS_MAIN(tst_BrowserPeers)
#include "tst_browserpeers.moc"
