// Specification of Workspace (and ConnectionSpec / SecretPolicy through it): readable
// validation messages for every editor field, secrets never written to the workspace
// file, restore of connections and charts, a broken or oversized file set aside, the
// embedded demo reaching the store through the ordinary feed path, composer errors,
// the connection bound, profile files, units; chat wired to alerts through a real hosted
// hub (a mention raises an alert whose post reaches the room).
#include "workspace.h"
#include "alertservice.h"
#include "chatclient.h"
#include "hubhost.h"
#include "notificationcenter.h"
#include "connectionspec.h"
#include "feedconnection.h"
#include "seriespalette.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

QVariantMap spec(const QString &url, const QString &headers = {}, const QString &profile = {},
                 const QString &protocols = {}, const QString &pin = {})
{
    return {{QStringLiteral("url"), url}, {QStringLiteral("headers"), headers},
            {QStringLiteral("profileText"), profile}, {QStringLiteral("subprotocols"), protocols},
            {QStringLiteral("pinSha256"), pin}};
}

QByteArray readConfig(const Workspace &w)
{
    QFile f(w.configFile());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const QString kPin = QStringLiteral("ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89");

} // namespace

class tst_Workspace : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void validation_data();
    void validation();
    void secretsAreNotWritten();
    void restoreConnectionsAndCharts();
    void brokenConfigIsSetAside_data();
    void brokenConfigIsSetAside();
    void demoGoesThroughTheFeedPath();
    void composerErrors();
    void connectionBound();
    void profileFiles();
    void units();
    void editKeepsSavedMessages();
    void chatReachesAlertsAndBack();
    void hostJoinsOwnSessionWithoutTyping();
    void oldFileMigratesToMain();
    void dashboardsPersist();
    void seriesColoursPersist();
    void hostileSeriesColours();
    void saveAsOpenRoundTrip();
    void hostileWorkspaceFiles_data();
    void hostileWorkspaceFiles();
    void commandLineCharts_data();
    void commandLineCharts();
    void connectionActions();
};

void tst_Workspace::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);   // ~/.qttest/config, never the user's file
    QCoreApplication::setOrganizationName(QStringLiteral("PulseboardTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_workspace"));
}

void tst_Workspace::init()
{
    Workspace w;
    QFile::remove(w.configFile());
    QFile::remove(w.configFile() + QStringLiteral(".bad"));
}

void tst_Workspace::validation_data()
{
    QTest::addColumn<QVariantMap>("spec");
    QTest::addColumn<QString>("expected");   // substring of the message; "" = valid

    const QString ok = QStringLiteral("ws://127.0.0.1:9/feed");
    QTest::newRow("no url, no profile") << spec(QString()) << "Enter the feed's URL";
    QTest::newRow("http scheme") << spec(QStringLiteral("http://example.com/x")) << "must start with ws:// or wss://";
    QTest::newRow("no scheme") << spec(QStringLiteral("example.com/stream")) << "needs a scheme";
    QTest::newRow("no host") << spec(QStringLiteral("ws:///path")) << "no host name";
    QTest::newRow("garbage") << spec(QStringLiteral("ws://exa mple.com/")) << "is not a valid URL";
    QTest::newRow("header without colon") << spec(ok, QStringLiteral("Authorization Bearer x")) << "Header line 1: \"Authorization Bearer x\" is not \"Name: value\"";
    QTest::newRow("reserved header") << spec(ok, QStringLiteral("X-A: 1\nHost: evil")) << "Header line 2: Host is set by the WebSocket handshake itself";
    QTest::newRow("bad header name") << spec(ok, QStringLiteral("Bad Name: x")) << "is not a valid header name";
    QTest::newRow("subprotocol header") << spec(ok, QStringLiteral("Sec-WebSocket-Protocol: v1")) << "use the Subprotocols field";
    QTest::newRow("bad subprotocol") << spec(ok, {}, {}, QStringLiteral("v1, a/b")) << "\"a/b\" is not a valid subprotocol name";
    QTest::newRow("short pin") << spec(QStringLiteral("wss://example.com/"), {}, {}, {}, QStringLiteral("abc")) << "64 hex digits";
    QTest::newRow("non-hex pin") << spec(QStringLiteral("wss://example.com/"), {}, {}, {}, QString(kPin).replace(0, 1, QStringLiteral("z"))) << "\"z\" is not a hex digit";
    QTest::newRow("pin on ws://") << spec(ok, {}, {}, {}, kPin) << "only applies to wss://";
    QTest::newRow("profile not json") << spec(ok, {}, QStringLiteral("{\n  \"name\": \"x\",\n")) << "Profile: profile:3";
    QTest::newRow("profile unknown key") << spec(ok, {}, QStringLiteral("{\"name\":\"x\",\"rulez\":[]}")) << "rulez";
    QTest::newRow("profile bad time format") << spec(ok, {}, QStringLiteral("{\"name\":\"x\",\"rules\":[{\"values\":\"/p\",\"series\":\"p\",\"time\":\"/t\",\"timeFormat\":\"msec\"}]}")) << "timeFormat";

    QTest::newRow("valid, auto-discovery") << spec(ok, QStringLiteral("Authorization: Bearer x\n\nX-B: 2"), {}, QStringLiteral("v1 v2,v3")) << "";
    QTest::newRow("valid, wss with pin") << spec(QStringLiteral("wss://example.com/"), {}, {}, {}, kPin) << "";
    QTest::newRow("valid, url from profile") << spec(QString(), {}, QStringLiteral("{\"name\":\"x\",\"connection\":{\"url\":\"ws://127.0.0.1:9/\"}}")) << "";
}

void tst_Workspace::validation()
{
    QFETCH(QVariantMap, spec);
    QFETCH(QString, expected);
    Workspace w;
    const QString message = w.validateConnection(spec);
    if (expected.isEmpty()) {
        QVERIFY2(message.isEmpty(), qPrintable(message));
        QCOMPARE(w.addConnection(spec), QString());
        QCOMPARE(w.connections()->count(), 1);
    } else {
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(message.endsWith(QLatin1Char('.')) || message.contains(QLatin1Char(':')));   // a sentence
        QCOMPARE(w.addConnection(spec), message);    // the same words when adding
        QCOMPARE(w.connections()->count(), 0);
    }
}

void tst_Workspace::secretsAreNotWritten()
{
    Workspace w;
    QVariantMap s = spec(QStringLiteral("ws://127.0.0.1:9/feed?token=SECRET_QUERY&room=lobby"),
                         QStringLiteral("Authorization: Bearer SECRET_HEADER\nX-Client: pulseboard"),
                         QStringLiteral("{\"name\":\"P\",\"connection\":{\"url\":\"ws://127.0.0.1:9/\",\"headers\":{\"X-Api-Key\":\"SECRET_PROFILE\",\"X-Plain\":\"visible\"}}}"));
    s.insert(QStringLiteral("name"), QStringLiteral("Secret feed"));
    QCOMPARE(w.addConnection(s), QString());
    QCOMPARE(w.save(), QString());
    const QByteArray file = readConfig(w);
    QVERIFY(!file.isEmpty());
    QVERIFY(!file.contains("SECRET_HEADER"));
    QVERIFY(!file.contains("SECRET_QUERY"));
    QVERIFY(!file.contains("SECRET_PROFILE"));
    QVERIFY(file.contains("X-Client: pulseboard"));
    QVERIFY(file.contains("room=lobby"));
    QVERIFY(file.contains("visible"));
    // In memory the secret is still there (the running connection uses it).
    QVERIFY(w.connectionSpec(0).value(QStringLiteral("headers")).toString().contains(QStringLiteral("SECRET_HEADER")));

    Workspace restored;
    QCOMPARE(restored.restore(), QString());
    QCOMPARE(restored.connections()->count(), 1);
    const QStringList missing = restored.connections()->data(restored.connections()->index(0),
                                                              ConnectionListModel::MissingSecretsRole).toStringList();
    QVERIFY2(missing.contains(QStringLiteral("header Authorization")), qPrintable(missing.join(u',')));
    QVERIFY(missing.contains(QStringLiteral("URL parameter token")));
    QVERIFY(missing.contains(QStringLiteral("profile header X-Api-Key")));
    // Test mode uses no keychain (tests/workspace/tst_keychain has a private one): memory only, and said so.
    QVERIFY(!restored.keychainAvailable());
    QVERIFY2(restored.secretsNotice().contains(QStringLiteral("kept in memory only")), qPrintable(restored.secretsNotice()));
}

void tst_Workspace::restoreConnectionsAndCharts()
{
    {
        Workspace w;
        QCOMPARE(w.restore(), QString());   // no file: default charts
        QVERIFY(w.charts()->count() > 0);
        w.charts()->addChart(QStringLiteral("Mine"), {QStringLiteral("a"), QStringLiteral("b")});
        w.setWindowMs(300'000);
        w.setStartDemoAtLaunch(false);
        w.setLayout({{QStringLiteral("theme"), QStringLiteral("dark")}, {QStringLiteral("width"), 1200}});
        QVariantMap s = spec(QStringLiteral("ws://127.0.0.1:9/one"));
        s.insert(QStringLiteral("name"), QStringLiteral("One"));
        s.insert(QStringLiteral("savedMessages"), QStringList{QStringLiteral("{\"op\":\"sub\"}")});
        QCOMPARE(w.addConnection(s), QString());
        QCOMPARE(w.startDemo(), QString());   // demo connections are not saved
        QCOMPARE(w.connections()->count(), 3);
    }   // saved by the pending save on destruction
    Workspace w;
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.connections()->count(), 1);
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("name")).toString(), QStringLiteral("One"));
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("savedMessages")).toStringList(), QStringList{"{\"op\":\"sub\"}"});
    QCOMPARE(w.charts()->chart(w.charts()->count() - 1).title, QStringLiteral("Mine"));
    QCOMPARE(w.windowMs(), 300'000);
    QCOMPARE(w.startDemoAtLaunch(), false);
    QCOMPARE(w.layout().value(QStringLiteral("theme")).toString(), QStringLiteral("dark"));
}

void tst_Workspace::brokenConfigIsSetAside_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("not json") << QByteArray("{ this is not json");
    QTest::newRow("array") << QByteArray("[1, 2, 3]");
    QTest::newRow("oversized") << QByteArray(Workspace::MaxConfigBytes + 10, ' ');
}

void tst_Workspace::brokenConfigIsSetAside()
{
    QFETCH(QByteArray, content);
    Workspace probe;
    QDir().mkpath(QFileInfo(probe.configFile()).absolutePath());
    QFile f(probe.configFile());
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();

    Workspace w;
    const QString error = w.restore();
    QVERIFY(error.contains(QStringLiteral("could not be used")));
    QVERIFY(error.contains(QStringLiteral(".bad")));
    QCOMPARE(w.loadError(), error);
    QVERIFY(QFile::exists(w.configFile() + QStringLiteral(".bad")));
    QVERIFY(!QFile::exists(w.configFile()));
    QVERIFY(w.charts()->count() > 0);   // a fresh start, not an empty window
}

void tst_Workspace::demoGoesThroughTheFeedPath()
{
    Workspace w;
    QSignalSpy demoChanged(&w, &Workspace::demoChanged);
    QCOMPARE(w.startDemo(), QString());
    QVERIFY(w.isDemoRunning());
    QVERIFY(w.demoPort() > 0);
    QCOMPARE(demoChanged.count(), 1);
    QCOMPARE(w.connections()->count(), 2);
    // Two ordinary connections to the hub's topic streams, mapped by the demo profiles.
    const QString port = QString::number(w.demoPort());
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("url")).toString(), QStringLiteral("ws://127.0.0.1:%1/topics/market").arg(port));
    QCOMPARE(w.connectionSpec(1).value(QStringLiteral("url")).toString(), QStringLiteral("ws://127.0.0.1:%1/topics/sensors").arg(port));
    QVERIFY(w.connectionSpec(0).value(QStringLiteral("demo")).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(w.store()->contains(QStringLiteral("BTCUSD")), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(w.store()->contains(QStringLiteral("lab-1.temperature")), 15000);
    const SeriesStats btc = w.store()->stats(QStringLiteral("BTCUSD"));
    QVERIFY(btc.last > 1000);    // prices arrive as strings and are parsed
    QTRY_VERIFY_WITH_TIMEOUT(w.connections()->liveCount() == 2, 10000);
    QCOMPARE(w.startDemo(), QString());   // idempotent
    QCOMPARE(w.connections()->count(), 2);
    w.stopDemo();
    QCOMPARE(w.connections()->count(), 0);
    QVERIFY(!w.isDemoRunning());
}

void tst_Workspace::composerErrors()
{
    Workspace w;
    QCOMPARE(w.sendMessage(-1, QStringLiteral("x"), false), QStringLiteral("Choose a connection to send on."));
    QCOMPARE(w.addConnection(spec(QStringLiteral("ws://127.0.0.1:9/"))), QString());
    QCOMPARE(w.sendMessage(0, QString(), false), QStringLiteral("The message is empty."));
    QVERIFY(w.sendMessage(0, QStringLiteral("{\"a\": }"), true).startsWith(QStringLiteral("Not valid JSON: ")));
    QVERIFY(w.checkJson(QStringLiteral("{\n  \"a\": [1,\n}")).contains(QStringLiteral("line 3")));
    QCOMPARE(w.checkJson(QStringLiteral("{\"a\": [1, 2]}")), QString());
    QVERIFY(w.sendMessage(0, QStringLiteral("hello"), false).contains(QStringLiteral("is not connected")));
    QVERIFY(w.sendMessage(0, QString(Workspace::MaxMessageChars + 1, QLatin1Char('x')), false).contains(QStringLiteral("longer than")));

    w.saveMessage(0, QStringLiteral("one"));
    w.saveMessage(0, QStringLiteral("two"));
    w.saveMessage(0, QStringLiteral("one"));   // moves to the front, no duplicate
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("savedMessages")).toStringList(), (QStringList{"one", "two"}));
    for (int i = 0; i < ConnectionSpec::MaxSavedMessages + 10; ++i)
        w.saveMessage(0, QString::number(i));
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("savedMessages")).toStringList().size(), ConnectionSpec::MaxSavedMessages);
    w.removeSavedMessage(0, 0);
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("savedMessages")).toStringList().size(), ConnectionSpec::MaxSavedMessages - 1);
}

void tst_Workspace::connectionBound()
{
    Workspace w;
    for (int i = 0; i < ConnectionListModel::MaxConnections; ++i)
        QCOMPARE(w.addConnection(spec(QStringLiteral("ws://127.0.0.1:9/%1").arg(i))), QString());
    QVERIFY(w.addConnection(spec(QStringLiteral("ws://127.0.0.1:9/over"))).contains(QStringLiteral("At most 64")));
    QCOMPARE(w.connections()->count(), ConnectionListModel::MaxConnections);
    // Names stay unique: every one of them defaulted to the host.
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("name")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(w.connectionSpec(1).value(QStringLiteral("name")).toString(), QStringLiteral("127.0.0.1 (2)"));
    w.removeConnection(0);
    QCOMPARE(w.connections()->count(), ConnectionListModel::MaxConnections - 1);
}

void tst_Workspace::profileFiles()
{
    Workspace w;
    QTemporaryDir dir;
    QVERIFY(w.readProfileFile(QUrl::fromLocalFile(dir.filePath(QStringLiteral("missing.json")))).value(QStringLiteral("error")).toString().contains(QStringLiteral("no such file")));
    QVERIFY(w.readProfileFile(QUrl::fromLocalFile(dir.path())).value(QStringLiteral("error")).toString().contains(QStringLiteral("is a folder")));
    QFile big(dir.filePath(QStringLiteral("big.json")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write(QByteArray(FeedProfile::kMaxFileBytes + 1, ' '));
    big.close();
    QVERIFY(w.readProfileFile(QUrl::fromLocalFile(big.fileName())).value(QStringLiteral("error")).toString().contains(QStringLiteral("larger than 1 MiB")));
    const QVariantMap demo = w.readProfileFile(QUrl::fromLocalFile(QStringLiteral(PULSEBOARD_SOURCE_DIR "/resources/profiles/demo-market.json")));
    QVERIFY(!demo.contains(QStringLiteral("error")));
    QCOMPARE(demo.value(QStringLiteral("source")).toString(), QStringLiteral("demo-market.json"));
    QVariantMap s = spec(QStringLiteral("ws://127.0.0.1:9/"), {}, demo.value(QStringLiteral("text")).toString());
    QCOMPARE(w.validateConnection(s), QString());
}

void tst_Workspace::units()
{
    Workspace w;
    QCOMPARE(w.unitFor(QStringLiteral("lab-1.temperature")), QStringLiteral("°C"));
    QCOMPARE(w.unitFor(QStringLiteral("roof.humidity")), QStringLiteral("%"));
    QCOMPARE(w.unitFor(QStringLiteral("BTCUSD")), QStringLiteral("$"));
    QCOMPARE(w.unitFor(QStringLiteral("lab-1.cpu")), QString());
    QCOMPARE(w.unitFor(QStringLiteral("temperature")), QString());   // "*." needs the dot
    QCOMPARE(w.unitFor(QStringLiteral("a(b).temperature")), QStringLiteral("°C"));   // regex characters are literal
}

void tst_Workspace::editKeepsSavedMessages()
{
    Workspace w;
    QCOMPARE(w.addConnection(spec(QStringLiteral("ws://127.0.0.1:9/a"))), QString());
    w.saveMessage(0, QStringLiteral("keep me"));
    QVERIFY(w.editConnection(0, spec(QStringLiteral("http://nope"))).contains(QStringLiteral("ws://")));
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("url")).toString(), QStringLiteral("ws://127.0.0.1:9/a"));   // unchanged
    QCOMPARE(w.editConnection(0, spec(QStringLiteral("ws://127.0.0.1:9/b"))), QString());
    QCOMPARE(w.connections()->connectionAt(0)->url(), QStringLiteral("ws://127.0.0.1:9/b"));
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("savedMessages")).toStringList(), QStringList{"keep me"});
    QVERIFY(w.editConnection(5, spec(QStringLiteral("ws://x/"))).contains(QStringLiteral("no longer exists")));
}

void tst_Workspace::chatReachesAlertsAndBack()
{
    QTemporaryDir home;
    Workspace w;
    QCOMPARE(w.hubHost()->dataDir(), HubHost::defaultDataDir());   // hosted history persists
    HubHost &host = *w.hubHost();
    host.setAddressText(QStringLiteral("127.0.0.1"));
    host.setPort(0);
    host.setTlsMode(HubHost::TlsMode::Off);
    host.setAnnounce(false);
    QVERIFY2(host.start(), qPrintable(host.lastError()));
    const QString url = QStringLiteral("ws://127.0.0.1:%1/").arg(host.server()->port());

    ChatClient &alice = *w.chat();
    alice.setNickname(QStringLiteral("alice"));
    QCOMPARE(w.alerts()->nickname(), QStringLiteral("alice"));   // follows the chat nickname
    alice.setUrl(url);
    alice.setKnownHostsFile(home.filePath(QStringLiteral("known_hosts.json")));
    ChatClient bob;
    bob.setNickname(QStringLiteral("bob"));
    bob.setUrl(url);
    bob.setKnownHostsFile(home.filePath(QStringLiteral("known_hosts.json")));
    alice.connectToHub();
    bob.connectToHub();
    QTRY_VERIFY(alice.isConnected() && bob.isConnected());
    QVERIFY(alice.join(QStringLiteral("ops")));
    QVERIFY(bob.join(QStringLiteral("ops")));
    QTRY_COMPARE(alice.participants()->rowCount(), 2);

    const QString rules = QStringLiteral(
        R"({"version":1,"rules":[{"name":"me","kind":"mention","postToRoom":"ops"}]})");
    QCOMPARE(w.alerts()->applyRulesJson(rules), QString());
    QSignalSpy received(&alice, &ChatClient::messageReceived);
    QVERIFY(bob.sendMessage(QStringLiteral("@alice the disk is full")));
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received.at(0).at(0).toString(), QStringLiteral("ops"));
    QCOMPARE(received.at(0).at(1).toString(), QStringLiteral("bob"));
    QTRY_COMPARE(w.alerts()->notificationCenter()->count(), 1);   // the mention rule fired
    // ...and its post went to the room through alice's client: bob sees a line from alice.
    // (The room's history persists in the test data dir, so look at the newest line.)
    const auto lastFrom = [&bob] {
        const int n = bob.messages()->rowCount();
        return n > 0 ? bob.messages()->index(n - 1).data(ChatMessageModel::FromRole).toString() : QString();
    };
    QTRY_COMPARE(lastFrom(), QStringLiteral("alice"));
    // ...marked as an alert post, not as alice's words (issue 12), for bob and for alice.
    QCOMPARE(bob.messages()->index(bob.messages()->rowCount() - 1).data(ChatMessageModel::AlertRole).toBool(), true);
    QTRY_VERIFY(alice.messages()->rowCount() > 0
                && alice.messages()->index(alice.messages()->rowCount() - 1).data(ChatMessageModel::AlertRole).toBool());
    QCOMPARE(received.size(), 1);   // alice's own post is not a new message for her alerts

    // A post for a room alice is not in goes nowhere (no outbox entry, no send).
    QTRY_COMPARE(alice.outboxSize(), 0);   // the alert post was acknowledged
    Q_EMIT w.alerts()->postToRoomRequested(QStringLiteral("elsewhere"), QStringLiteral("x"));
    QCOMPARE(alice.outboxSize(), 0);
    QVERIFY(!alice.sendToRoom(QStringLiteral("ops"), QStringLiteral("   ")));
}

void tst_Workspace::hostJoinsOwnSessionWithoutTyping()
{
    QTemporaryDir home;
    Workspace w;
    HubHost &host = *w.hubHost();
    host.setAddressText(QStringLiteral("127.0.0.1"));
    host.setPort(0);
    host.setTlsMode(HubHost::TlsMode::Off);
    host.setAnnounce(false);
    host.setPassword(QStringLiteral("s3cret-for-the-room"));
    QVERIFY2(host.start(), qPrintable(host.lastError()));
    const QString url = QStringLiteral("ws://127.0.0.1:%1/").arg(host.server()->port());

    // A joiner without the password is refused: the challenge is still there.
    ChatClient stranger;
    stranger.setNickname(QStringLiteral("stranger"));
    stranger.setUrl(url);
    stranger.setAutoReconnect(false);
    stranger.setKnownHostsFile(home.filePath(QStringLiteral("known_hosts.json")));
    stranger.connectToHub();
    QTRY_COMPARE(stranger.state(), ChatClient::Failed);
    QVERIFY(!stranger.isConnected());

    // The hosting desktop's own client: nothing typed, the host lends the credential.
    ChatClient &me = *w.chat();
    me.setNickname(QStringLiteral("host"));
    me.setUrl(url);
    me.setKnownHostsFile(home.filePath(QStringLiteral("known_hosts.json")));
    QVERIFY(me.passwordMask().isEmpty());
    host.lendCredential(&me);
    QVERIFY(!me.passwordMask().isEmpty());
    me.connectToHub();
    QTRY_VERIFY(me.isConnected());
    QVERIFY(me.join(QStringLiteral("general")));
    host.lendCredential(nullptr);   // harmless
}

void tst_Workspace::oldFileMigratesToMain()
{
    Workspace probe;
    QDir().mkpath(QFileInfo(probe.configFile()).absolutePath());
    QFile f(probe.configFile());
    QVERIFY(f.open(QIODevice::WriteOnly));
    // A version 1 file as Pulseboard wrote it before dashboards: one "charts" list and
    // the stacked layout in the window's layout.
    f.write(R"({"version":1,"connections":[],"charts":[{"title":"Old one","series":["a","b"]},
               {"title":"Old two","series":["c"],"autoScale":false,"manualMin":1,"manualMax":2}],
               "windowMs":60000,"layout":{"tiled":false}})");
    f.close();
    Workspace w;
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.dashboards()->count(), 1);
    QCOMPARE(w.dashboards()->nameAt(0), QStringLiteral("Main"));
    QCOMPARE(w.charts()->count(), 2);
    QCOMPARE(w.charts()->chart(1).title, QStringLiteral("Old two"));
    QCOMPARE(w.charts()->chart(1).autoScale, false);
    QCOMPARE(w.dashboards()->currentLayout(), QStringLiteral("stacked"));
    QCOMPARE(w.save(), QString());
    const QByteArray saved = readConfig(w);
    QVERIFY(saved.contains("\"dashboards\""));
    QVERIFY(saved.contains("\"version\": 2"));
}

void tst_Workspace::dashboardsPersist()
{
    {
        Workspace w;
        QCOMPARE(w.restore(), QString());
        QSignalSpy chartsChanged(&w, &Workspace::chartsChanged);
        const int row = w.dashboards()->addDashboard(QStringLiteral("Lab"));
        QCOMPARE(chartsChanged.size(), 1);               // charts now means the new tab's
        QCOMPARE(w.charts(), w.dashboards()->chartsAt(row));
        QCOMPARE(w.charts()->count(), 0);
        w.charts()->addChart(QStringLiteral("Temps"), {QStringLiteral("lab-1.temperature")});
        w.dashboards()->setLayout(row, QStringLiteral("stacked"));
        w.dashboards()->addTransient(QStringLiteral("Command line"));   // not saved
        w.dashboards()->setCurrentIndex(row);
    }
    Workspace w;
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.dashboards()->count(), 2);
    QCOMPARE(w.dashboards()->currentIndex(), 1);
    QCOMPARE(w.dashboards()->nameAt(1), QStringLiteral("Lab"));
    QCOMPARE(w.charts()->chart(0).title, QStringLiteral("Temps"));
    QCOMPARE(w.dashboards()->currentLayout(), QStringLiteral("stacked"));
    QVERIFY(w.dashboards()->chartsAt(0)->count() > 0);   // Main's default charts are still there
}

// Series colours a person chose (SeriesPalette hues by series name) are saved, restored
// at start, carried by Save as / Open, and cleared by a new workspace; every other series
// keeps its own name-derived colour.
void tst_Workspace::seriesColoursPersist()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("colours.json"));
    const QVariantMap chosen{{QStringLiteral("BTCUSD"), 3}, {QStringLiteral("lab-1.cpu"), 0},
                             {QStringLiteral("名前 ✓"), 9}};
    {
        Workspace w;
        QCOMPARE(w.restore(), QString());
        QSignalSpy changed(&w, &Workspace::seriesColoursChanged);
        w.setSeriesColours(chosen);
        QCOMPARE(changed.size(), 1);
        w.setSeriesColours(chosen);               // the same: no signal (Main.qml syncs both ways)
        QCOMPARE(changed.size(), 1);
        QCOMPARE(w.saveFileAs(QUrl::fromLocalFile(path)), QString());
    }   // and workspace.json on destruction
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject saved = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("seriesColours")).toObject();
    QCOMPARE(saved.value(QStringLiteral("BTCUSD")).toInt(-1), 3);
    QCOMPARE(saved.size(), 3);

    Workspace w;
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.seriesColours(), chosen);
    w.newWorkspace();
    QVERIFY(w.seriesColours().isEmpty());
    QCOMPARE(w.openFile(QUrl::fromLocalFile(path)), QString());
    QCOMPARE(w.seriesColours(), chosen);
    // Through the palette, as the charts read it: chosen hues, the rest their own.
    SeriesPalette palette;
    palette.setOverrides(w.seriesColours());
    QCOMPARE(palette.hueFor(QStringLiteral("BTCUSD")), 3);
    QCOMPARE(palette.hueFor(QStringLiteral("ETHUSD")), SeriesPalette::hueOf(QStringLiteral("ETHUSD")));
    QCOMPARE(palette.overrides(), chosen);
}

// A file's "seriesColours" with bad entries: those are dropped and reported in one
// sentence per kind, the good ones apply, nothing else is lost; a wrong type refuses the
// file as a whole (the current workspace stays).
void tst_Workspace::hostileSeriesColours()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hostile.json"));
    QJsonObject colours{{QStringLiteral("good"), 2},
                        {QStringLiteral("css"), QStringLiteral("#ff0000")},     // a colour string, not a hue
                        {QStringLiteral("big"), 10}, {QStringLiteral("negative"), -1},
                        {QStringLiteral("half"), 2.5}, {QStringLiteral("null"), QJsonValue()},
                        {QStringLiteral("obj"), QJsonObject{{QStringLiteral("r"), 1}}},
                        {QStringLiteral("bell") + QChar(7), 1}, {QString(QChar(0)) + QStringLiteral("nul"), 1},
                        {QStringLiteral("line\nbreak"), 1}, {QString(2000, QLatin1Char('x')), 1},
                        {QString(), 1}};
    for (int i = 0; i < SeriesPalette::MaxOverrides + 50; ++i)
        colours.insert(QStringLiteral("s%1").arg(i, 5, 10, QLatin1Char('0')), i % SeriesPalette::Hues);
    auto writeFile = [&](const QJsonObject &root) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(root).toJson());
    };
    writeFile(QJsonObject{{QStringLiteral("dashboards"), QJsonArray()}, {QStringLiteral("seriesColours"), colours}});

    Workspace w;
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.openFile(QUrl::fromLocalFile(path)), QString());   // opened: only entries were bad
    const QString report = w.loadError();
    QVERIFY2(report.contains(QStringLiteral("control characters")), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("palette number from 0 to 9")), qPrintable(report));
    QVERIFY2(report.contains(QStringLiteral("at most 1024 series")), qPrintable(report));
    QVERIFY(report.count(QLatin1Char('\n')) <= 3);                // one sentence per kind, not per entry
    const QVariantMap got = w.seriesColours();
    QCOMPARE(got.size(), SeriesPalette::MaxOverrides);
    QCOMPARE(got.value(QStringLiteral("good")).toInt(), 2);
    for (const char *bad : {"css", "big", "negative", "half", "null", "obj", "bell\x07", "line\nbreak"})
        QVERIFY2(!got.contains(QString::fromUtf8(bad)), bad);
    QVERIFY(!got.contains(QString()));
    QVERIFY(!got.contains(QString(QChar(0)) + QStringLiteral("nul")));
    QVERIFY(!got.contains(QString(2000, QLatin1Char('x'))));
    // The palette takes the same checks when QML hands it a hostile map.
    SeriesPalette palette;
    palette.setOverrides(colours.toVariantMap());
    QCOMPARE(palette.overrides(), got);

    // "seriesColours" that is not an object: the whole file is refused, nothing changes.
    writeFile(QJsonObject{{QStringLiteral("dashboards"), QJsonArray()}, {QStringLiteral("seriesColours"), QJsonArray{1, 2}}});
    const QString e = w.openFile(QUrl::fromLocalFile(path));
    QVERIFY2(e.contains(QStringLiteral("\"seriesColours\" has the wrong type")), qPrintable(e));
    QCOMPARE(w.seriesColours(), got);
}

void tst_Workspace::saveAsOpenRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("team"));   // ".json" is added
    {
        Workspace w;
        QCOMPARE(w.restore(), QString());
        QVariantMap s = spec(QStringLiteral("ws://127.0.0.1:9/feed?token=TYPED_TOKEN&room=a"),
                             QStringLiteral("Authorization: Bearer TYPED_BEARER"));
        s.insert(QStringLiteral("name"), QStringLiteral("Team feed"));
        QCOMPARE(w.addConnection(s), QString());
        w.dashboards()->rename(0, QStringLiteral("Overview"));
        w.dashboards()->addDashboard(QStringLiteral("Detail"));
        w.charts()->addChart(QStringLiteral("D"), {QStringLiteral("d")});
        w.setWindowMs(10'000);
        QCOMPARE(w.saveFileAs(QUrl::fromLocalFile(path)), QString());
        QCOMPARE(w.documentPath(), path + QStringLiteral(".json"));
        QCOMPARE(w.recentFiles().value(0), path + QStringLiteral(".json"));
    }
    QFile f(path + QStringLiteral(".json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(!text.contains("TYPED_TOKEN"));       // what the user typed never reaches the file
    QVERIFY(!text.contains("TYPED_BEARER"));
    QVERIFY(text.contains("room=a"));
    QVERIFY(text.contains("Overview") && text.contains("Detail"));

    Workspace w;
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.recentFiles().value(0), path + QStringLiteral(".json"));   // kept in workspace.json
    w.newWorkspace();
    QCOMPARE(w.connections()->count(), 0);
    QCOMPARE(w.dashboards()->count(), 1);
    QCOMPARE(w.charts()->count(), 0);
    QSignalSpy secretsNeeded(&w, &Workspace::secretsNeeded);
    QCOMPARE(w.openFile(QUrl::fromLocalFile(path + QStringLiteral(".json"))), QString());
    QCOMPARE(w.connections()->count(), 1);
    QCOMPARE(w.dashboards()->count(), 2);
    QCOMPARE(w.dashboards()->nameAt(0), QStringLiteral("Overview"));
    QCOMPARE(w.windowMs(), 10'000);
    // No keychain in test mode: the editor is asked to open for the connection's secrets.
    QCOMPARE(secretsNeeded.size(), 1);
    QCOMPARE(secretsNeeded.at(0).at(0).value<QList<int>>(), QList<int>{0});
    const QStringList missing = w.connections()->data(w.connections()->index(0),
                                                       ConnectionListModel::MissingSecretsRole).toStringList();
    QVERIFY(missing.contains(QStringLiteral("URL parameter token")));
    w.clearRecentFiles();
    QVERIFY(w.recentFiles().isEmpty());
}

void tst_Workspace::hostileWorkspaceFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QByteArray many = "{\"connections\":[";
    for (int i = 0; i < 1000; ++i)
        many += QByteArray(i ? "," : "") + "{\"url\":\"ws://127.0.0.1:9/\"}";
    many += "]}";
    QTest::newRow("not json") << QByteArray("{ \"connections\": [") << "not JSON";
    QTest::newRow("array") << QByteArray("[]") << "not a JSON object";
    QTest::newRow("oversized") << QByteArray(Workspace::MaxConfigBytes + 1, ' ') << "larger than 4 MiB";
    QTest::newRow("deeply nested") << QByteArray(100'000, '[') << "not JSON";
    QTest::newRow("not a workspace") << QByteArray("{\"name\":\"a profile\",\"rules\":[]}") << "not a Pulseboard workspace";
    QTest::newRow("newer version") << QByteArray("{\"version\":99,\"dashboards\":[]}") << "newer Pulseboard";
    QTest::newRow("wrong types") << QByteArray("{\"connections\":{},\"dashboards\":[]}") << "\"connections\" has the wrong type";
    QTest::newRow("layout a string") << QByteArray("{\"dashboards\":[],\"layout\":\"<b>\"}") << "\"layout\" has the wrong type";
    QTest::newRow("1000 connections") << many << "1000 connections";
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe{}", 5) << "not JSON";
}

void tst_Workspace::hostileWorkspaceFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hostile.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();

    Workspace w;
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.addConnection(spec(QStringLiteral("ws://127.0.0.1:9/mine"))), QString());
    w.dashboards()->addDashboard(QStringLiteral("Mine"));
    const QJsonArray before = w.dashboards()->toJson();
    const QString error = w.openFile(QUrl::fromLocalFile(path));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("unchanged")), qPrintable(error));   // and what that means
    QCOMPARE(w.connections()->count(), 1);              // nothing lost
    QCOMPARE(w.dashboards()->toJson(), before);
    QVERIFY(w.documentPath().isEmpty());
    QVERIFY(QFile::exists(path));                       // the user's file is left alone
    // A folder and a missing file say so too.
    QVERIFY(w.openFile(QUrl::fromLocalFile(dir.path())).contains(QStringLiteral("folder")));
    QVERIFY(w.openFile(QUrl::fromLocalFile(dir.filePath(QStringLiteral("nope.json")))).contains(QStringLiteral("no such file")));
}

void tst_Workspace::commandLineCharts_data()
{
    QTest::addColumn<bool>("firstRun");
    QTest::newRow("first run") << true;
    QTest::newRow("with a saved workspace") << false;
}

// `pulseboard --connect URL --profile FILE`: the demo's charts are not what is shown; the
// connection's series fill charts of their own as they appear, grouped by unit or field.
void tst_Workspace::commandLineCharts()
{
    QFETCH(bool, firstRun);
    if (!firstRun) {
        Workspace saved;
        QCOMPARE(saved.restore(), QString());
        saved.dashboards()->addDashboard(QStringLiteral("Kept"));
    }
    Workspace feeds;   // a real feed to connect to: the demo's sensors topic
    QCOMPARE(feeds.startDemo(), QString());
    ConnectionSpec cli;
    cli.url = QStringLiteral("ws://127.0.0.1:%1/topics/sensors").arg(feeds.demoPort());
    QFile profileFile(QStringLiteral(":/pulseboard/profiles/demo-sensors.json"));
    QVERIFY(profileFile.open(QIODevice::ReadOnly));
    cli.profileText = QString::fromUtf8(profileFile.readAll());
    FeedProfile profile;
    QString error;
    QVERIFY2(cli.toProfile(&profile, &error), qPrintable(error));
    profile.name = QStringLiteral("Sensors");

    Workspace w;
    QCOMPARE(w.restore(), QString());
    const int dashboardsBefore = w.dashboards()->count();
    QCOMPARE(w.addProfile(profile), QString());
    QVERIFY(!w.isDemoRunning());
    if (firstRun) {
        QCOMPARE(w.dashboards()->count(), 1);     // the first run's demo charts made way
    } else {
        QCOMPARE(w.dashboards()->count(), dashboardsBefore + 1);
        QCOMPARE(w.dashboards()->nameAt(w.dashboards()->currentIndex()), QStringLiteral("Command line"));
        QVERIFY(w.dashboards()->isTransient(w.dashboards()->currentIndex()));
    }
    for (int i = 0; i < w.charts()->count(); ++i)
        QVERIFY(!w.charts()->chart(i).title.contains(QStringLiteral("Bitcoin")));
    const auto titled = [&w](const QString &title) {
        for (int i = 0; i < w.charts()->count(); ++i)
            if (w.charts()->chart(i).title == title)
                return i;
        return -1;
    };
    // lab-1/lab-2 temperature share a unit (°C); the cpu series share their field.
    QTRY_VERIFY_WITH_TIMEOUT(titled(QStringLiteral("Sensors · °C")) >= 0, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(w.charts()->seriesOf(titled(QStringLiteral("Sensors · °C"))).size() >= 2, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(titled(QStringLiteral("Sensors · cpu")) >= 0, 15000);
    for (const QString &s : w.charts()->seriesOf(titled(QStringLiteral("Sensors · °C"))))
        QVERIFY2(s.endsWith(QStringLiteral(".temperature")), qPrintable(s));
    for (int i = 0; i < w.charts()->count(); ++i)
        QVERIFY(w.charts()->seriesOf(i).size() <= Workspace::CliSeriesPerChart);
    // A chart the user removes is not made again.
    const int cpu = titled(QStringLiteral("Sensors · cpu"));
    w.charts()->removeChart(cpu);
    QTest::qWait(0);
    QTRY_VERIFY(titled(QStringLiteral("Sensors · cpu")) < 0);
    if (!firstRun)
        QVERIFY(!w.dashboards()->toJson().contains(QJsonValue()));   // (saved dashboards stay valid JSON)
}

// The card's actions: duplicate, pause/resume, reconnect now on a feed that is waiting.
void tst_Workspace::connectionActions()
{
    Workspace w;
    QVariantMap s = spec(QStringLiteral("ws://127.0.0.1:9/nothing-listens"), QStringLiteral("Authorization: Bearer KEEP"));
    s.insert(QStringLiteral("name"), QStringLiteral("Down"));
    QCOMPARE(w.addConnection(s), QString());
    QCOMPARE(w.duplicateConnection(0), QString());
    QCOMPARE(w.connections()->count(), 2);
    QCOMPARE(w.connectionSpec(1).value(QStringLiteral("name")).toString(), QStringLiteral("Down (2)"));
    QVERIFY(w.connectionSpec(1).value(QStringLiteral("headers")).toString().contains(QStringLiteral("KEEP")));
    QCOMPARE(w.duplicateConnection(7), QStringLiteral("That connection no longer exists."));
    FeedConnection *c = w.connections()->connectionAt(0);
    QTRY_COMPARE_WITH_TIMEOUT(c->stateName(), QStringLiteral("Reconnecting"), 10000);
    const int reconnects = c->reconnects();
    w.reconnectNow(0);   // the retry happens now, not after the backoff
    QTRY_VERIFY_WITH_TIMEOUT(c->reconnects() > reconnects, 3000);
    w.setConnectionPaused(0, true);
    QTRY_COMPARE(c->stateName(), QStringLiteral("Closed"));
    w.setConnectionPaused(0, false);
    QTRY_VERIFY(c->stateName() != QStringLiteral("Closed"));
    w.reconnectNow(99);   // no such row: nothing happens
}

QTEST_MAIN(tst_Workspace)
#include "tst_workspace.moc"
