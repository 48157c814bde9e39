// Screenshot harness for the chat and host views (not a test, not in the product): hosts
// a TLS hub with a password on 127.0.0.1, lets scripted ChatClients chat (history before
// "alice" joins, then live lines, a mention, markup, a private message, unread lines in
// another room, typing), adds a wrong-password login and a browser Origin to the
// rejection log, and shows ChatPage + HostView for alice. Run under Xvfb:
//   xvfb-run -a -s "-screen 0 1400x900x24" sh -c 'chat_harness & sleep 8; import -window root /tmp/chat.png'
// Options: --dark (dark theme), --quit-after SECONDS, --offline (alice stays out), --dialog join|trust|changed|host|hosting
// (opens that dialog after 3 s; a second hub and LAN announcements feed the Join list).
#include "chatclient.h"
#include "discoveryannouncer.h"
#include "discoverylistener.h"
#include "hubjoincheck.h"
#include "hubhost.h"

#include <QApplication>
#include <QNetworkRequest>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>
#include <functional>

extern void qml_register_types_Pulseboard();

namespace {
struct Script
{
    QList<std::pair<int, std::function<void()>>> steps;
    void at(int ms, std::function<void()> f) { steps.append({ms, std::move(f)}); }
    void run(QObject *ctx)
    {
        for (auto &[ms, f] : steps)
            QTimer::singleShot(ms, ctx, f);
    }
};
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    volatile auto registration = &qml_register_types_Pulseboard;
    Q_UNUSED(registration)
    const bool dark = app.arguments().contains(QStringLiteral("--dark"));
    const int quitIdx = int(app.arguments().indexOf(QStringLiteral("--quit-after")));
    if (quitIdx > 0 && quitIdx + 1 < app.arguments().size())
        QTimer::singleShot(app.arguments().at(quitIdx + 1).toInt() * 1000, &app, &QCoreApplication::quit);

    QTemporaryDir dir;
    HubHost host;
    HubConfig config;
    config.sessionName = QStringLiteral("Lab bench");
    config.password = QStringLiteral("lab");
    config.pbkdf2Iterations = 20'000;
    config.dataDir = dir.filePath(QStringLiteral("hub"));
    host.setConfig(config);
    host.setTls(HubHost::TlsMode::On);
    host.setAnnounce(false);
    QString error;
    if (!host.start(QHostAddress::LocalHost, 0, &error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }

    auto makeClient = [&](const QString &nick, const QString &password = QStringLiteral("lab")) {
        auto *c = new ChatClient(&app);
        c->setUrl(host.url());
        c->setNickname(nick);
        c->setPassword(password);
        c->setKnownHostsFile(dir.filePath(nick + QStringLiteral(".json")));
        c->setExpectedFingerprint(host.fingerprint());
        return c;
    };
    ChatClient *alice = makeClient(QStringLiteral("alice"));
    ChatClient *bob = makeClient(QStringLiteral("bob"));
    ChatClient *carol = makeClient(QStringLiteral("carol"));
    ChatClient *dave = makeClient(QStringLiteral("dave"));
    ChatClient *mallory = makeClient(QStringLiteral("mallory"), QStringLiteral("guess"));
    auto say = [](ChatClient *c, const QString &room, const QString &text) {
        c->setCurrentRoom(room);
        c->sendMessage(text);
    };

    Script s;
    s.at(0, [=] { for (ChatClient *c : {bob, carol, dave}) c->connectToHub(); });
    s.at(600, [=] { for (ChatClient *c : {bob, carol, dave}) { c->join(QStringLiteral("general")); c->join(QStringLiteral("ops")); } });
    s.at(900, [=] { say(bob, "general", "morning all"); });
    s.at(1000, [=] { say(bob, "general", "overnight soak finished: 0 lost, 0 duplicated across the kill -9"); });
    s.at(1100, [=] { say(carol, "general", "nice, RSS stayed flat at 41 MB the whole night"); });
    s.at(1200, [=] { say(dave, "general", "I'll rerun the 1k-subscriber fan-out after lunch"); });
    const bool offline = app.arguments().contains(QStringLiteral("--offline"));
    s.at(1400, [=] { if (!offline) alice->connectToHub(); });
    s.at(2000, [=] { alice->join(QStringLiteral("general")); alice->join(QStringLiteral("ops")); alice->setCurrentRoom(QStringLiteral("general")); });
    s.at(2600, [=] { say(bob, "general", "@alice can you check the latency chart? p99 jumped at 10:42"); });
    s.at(2700, [=] { say(carol, "general", "that was me: restarting the hub on the lab box"); });
    s.at(2800, [=] { say(carol, "general", "also, <b>this</b> <img src=x> stays plain text"); });
    s.at(3000, [=] { say(alice, "general", "on it, the spike lines up with carol's restart"); });
    s.at(3100, [=] { say(alice, "general", "closing the incident"); });
    s.at(3300, [=] { say(dave, "ops", "disk on lab-2 at 91%"); });
    s.at(3400, [=] { say(dave, "ops", "rotating logs now"); });
    s.at(3500, [=] { say(dave, "ops", "back to 64%"); });
    s.at(3600, [=] { bob->sendPrivate(QStringLiteral("alice"), QStringLiteral("lunch at 12:30?")); });
    s.at(3700, [=] { mallory->connectToHub(); });
    s.at(3800, [&host] {
        auto *browser = new QWebSocket(QStringLiteral("http://evil.example"), QWebSocketProtocol::VersionLatest, &host);
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        browser->setSslConfiguration(ssl);
        browser->open(QUrl(host.url()));
    });
    s.at(4000, [=] { carol->setCurrentRoom(QStringLiteral("general")); carol->setTyping(true); });
    s.at(4600, [=] { carol->setCurrentRoom(QStringLiteral("general")); carol->setTyping(true); });
    s.run(&app);

    const int dialogIdx = int(app.arguments().indexOf(QStringLiteral("--dialog")));
    const QString dialog = dialogIdx > 0 && dialogIdx + 1 < app.arguments().size() ? app.arguments().at(dialogIdx + 1) : QString();

    // Sessions "on the LAN": a second TLS hub and an open one, announced over loopback UDP.
    HubHost other;
    HubConfig otherConfig;
    otherConfig.sessionName = QStringLiteral("Ops war room");
    otherConfig.dataDir = dir.filePath(QStringLiteral("other"));
    other.setConfig(otherConfig);
    other.setTls(HubHost::TlsMode::On);
    other.setAnnounce(false);
    if (!other.start(QHostAddress::LocalHost, 0, &error))
        qWarning("%s", qPrintable(error));
    auto *listener = new DiscoveryListener(&app);
    listener->setEndpoint(QHostAddress::LocalHost, 47999);
    listener->start();
    const QList<DiscoveryInfo> announced{{QStringLiteral("Lab bench"), quint16(host.server()->port()), true, host.fingerprint(), true},
                                         {QStringLiteral("Ops war room"), quint16(other.server()->port()), true, other.fingerprint(), false},
                                         {QStringLiteral("Sensor demo (no TLS)"), 8766, false, QString(), false}};
    for (const DiscoveryInfo &info : announced) {
        auto *a = new DiscoveryAnnouncer(&app);
        a->setDestination(QHostAddress::LocalHost, 47999);
        a->setInfo(info);
        a->start();
    }
    if (dialog == QLatin1String("changed")) {   // alice pinned an older certificate for the other hub
        HubJoinCheck check;
        check.setKnownHostsFile(alice->knownHostsFile());
        check.trust(other.url(), QString(64, u'a'));
    }
    // Some steady chatter so the host view shows rates.
    auto *chatter = new QTimer(&app);
    int n = 0;
    QObject::connect(chatter, &QTimer::timeout, &app, [=]() mutable {
        say(dave, QStringLiteral("ops"), QStringLiteral("lab-2 load %1").arg(0.4 + (n++ % 7) * 0.1, 0, 'f', 1));
    });
    QTimer::singleShot(5000, chatter, [chatter] { chatter->start(250); });

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties({{QStringLiteral("client"), QVariant::fromValue(alice)},
                                 {QStringLiteral("host"), QVariant::fromValue(&host)},
                                 {QStringLiteral("dark"), dark},
                                 {QStringLiteral("dialog"), dialog},
                                 {QStringLiteral("discovery"), QVariant::fromValue(listener)},
                                 {QStringLiteral("otherUrl"), other.url()},
                                 {QStringLiteral("otherFingerprint"), other.fingerprint()}});
    engine.load(QUrl::fromLocalFile(QStringLiteral(PULSEBOARD_HARNESS_DIR "/ChatHarness.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return app.exec();
}
