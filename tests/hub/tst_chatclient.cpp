// ChatClient, the client side used by the QML chat pane, against a real hub with a
// second ChatClient and the independent Python client: rooms with unread counts,
// messages with grouping and @mentions (flag + signal), participants with presence and
// typing, private conversations, history, resume after the hub restarts (no loss, no
// duplicate, unacked message resent once), wrong password (error text before the Failed
// state), a kick (1008) that is final, certificate pinning (unknown refused unless the
// caller opted in, changed refused), maxTextBytes from welcome and the history role.
#include "chatclient.h"
#include "hubdispatcher.h"
#include "hubhost.h"
#include "hubserver.h"
#include "knownhosts.h"
#include "pythonpeer.h"
#include "tlsidentity.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

namespace {
QStringList column(const QAbstractItemModel *m, int role)
{
    QStringList out;
    for (int i = 0; i < m->rowCount(); ++i)
        out << m->index(i, 0).data(role).toString();
    return out;
}
int rowOf(const QAbstractItemModel *m, int role, const QString &value)
{
    for (int i = 0; i < m->rowCount(); ++i) {
        if (m->index(i, 0).data(role).toString() == value)
            return i;
    }
    return -1;
}

struct TestedClient
{
    explicit TestedClient(const QString &nick, quint16 port, const QString &home, bool tls = false)
    {
        client.setNickname(nick);
        client.setUrl(QStringLiteral("%1://127.0.0.1:%2/").arg(tls ? "wss" : "ws").arg(port));
        client.setKnownHostsFile(home + "/known_hosts.json");
        client.setBackoff({50, 200, 20});
        for (QAbstractItemModel *m : {static_cast<QAbstractItemModel *>(client.rooms()),
                                      static_cast<QAbstractItemModel *>(client.messages()),
                                      static_cast<QAbstractItemModel *>(client.participants())})
            testers.emplace_back(std::make_unique<QAbstractItemModelTester>(m, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }
    ChatClient client;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
};
} // namespace

class tst_ChatClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roomsMessagesMentionsTypingAndPrivate()
    {
        QTemporaryDir home;
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        PythonPeer carol;
        QVERIFY(carol.start(QStringLiteral("ws://127.0.0.1:%1/").arg(hub.port()), "carol"));
        QVERIFY(carol.waitEvent("welcome") >= 0);
        carol.command({{"cmd", "join"}, {"room", "general"}});
        QVERIFY(carol.waitRx("joined") >= 0);
        carol.command({{"cmd", "say"}, {"room", "general"}, {"text", "old news @alice"}, {"id", "o1"}});
        QVERIFY(carol.waitRx("ack") >= 0);

        TestedClient alice("alice", hub.port(), home.path()), bob("bob", hub.port(), home.path());
        QSignalSpy mentions(&alice.client, &ChatClient::mentioned);
        alice.client.connectToHub();
        bob.client.connectToHub();
        QTRY_VERIFY(alice.client.isConnected() && bob.client.isConnected());
        QVERIFY(alice.client.join("general"));
        QVERIFY(bob.client.join("general"));
        QCOMPARE(alice.client.currentRoom(), QStringLiteral("general"));
        QTRY_COMPARE(alice.client.messages()->rowCount(), 1);   // history on join...
        QCOMPARE(mentions.size(), 0);                             // ...is not a new mention
        QVERIFY(alice.client.messages()->index(0).data(ChatMessageModel::MentionsMeRole).toBool());
        QVERIFY(alice.client.messages()->index(0).data(ChatMessageModel::HistoryRole).toBool());
        QVERIFY(alice.client.messages()->roleNames().value(ChatMessageModel::HistoryRole) == "history");
        QCOMPARE(alice.client.maxTextBytes(), HubConfig().maxTextBytes);
        QTRY_COMPARE(column(alice.client.participants(), ChatParticipantModel::NickRole),
                     (QStringList{"alice", "bob", "carol"}));

        carol.command({{"cmd", "say"}, {"room", "general"}, {"text", "hi @Alice, and @alice2"}, {"id", "n1"}});
        QTRY_COMPARE(mentions.size(), 1);
        QCOMPARE(mentions.at(0).at(1).toString(), QStringLiteral("carol"));
        QTRY_COMPARE(bob.client.messages()->rowCount(), 2);
        QVERIFY(!bob.client.messages()->index(1).data(ChatMessageModel::MentionsMeRole).toBool());
        QVERIFY(!bob.client.messages()->index(1).data(ChatMessageModel::HistoryRole).toBool());   // live
        carol.command({{"cmd", "say"}, {"room", "general"}, {"text", "mail @alice2 or email@alice.example"}, {"id", "n2"}});
        QTRY_COMPARE(alice.client.messages()->rowCount(), 3);
        QCOMPARE(mentions.size(), 1);   // neither is a mention of "alice"
        QCOMPARE(alice.client.messages()->index(2).data(ChatMessageModel::FirstOfGroupRole).toBool(), false);

        // unread counts for rooms not on screen
        QVERIFY(alice.client.join("random"));
        alice.client.setCurrentRoom("random");
        bob.client.sendMessage("while you are away");
        const int generalRow = rowOf(alice.client.rooms(), ChatRoomModel::NameRole, "general");
        QTRY_COMPARE(alice.client.rooms()->index(generalRow, 0).data(ChatRoomModel::UnreadRole).toInt(), 1);
        QCOMPARE(alice.client.rooms()->totalUnread(), 1);
        alice.client.setCurrentRoom("general");
        QCOMPARE(alice.client.rooms()->index(generalRow, 0).data(ChatRoomModel::UnreadRole).toInt(), 0);
        QCOMPARE(alice.client.messages()->index(alice.client.messages()->rowCount() - 1).data(ChatMessageModel::TextRole).toString(),
                 QStringLiteral("while you are away"));
        QTRY_VERIFY(bob.client.messages()->index(bob.client.messages()->rowCount() - 1).data(ChatMessageModel::MineRole).toBool());

        // typing indicator
        bob.client.setTyping(true);
        QTRY_COMPARE(alice.client.typingText(), QStringLiteral("bob is typing…"));
        const int bobRow = rowOf(alice.client.participants(), ChatParticipantModel::NickRole, "bob");
        QVERIFY(alice.client.participants()->index(bobRow, 0).data(ChatParticipantModel::TypingRole).toBool());
        bob.client.setTyping(false);
        QTRY_VERIFY(alice.client.typingText().isEmpty());

        // presence
        carol.command({{"cmd", "close"}});
        QTRY_COMPARE(column(alice.client.participants(), ChatParticipantModel::NickRole), (QStringList{"alice", "bob"}));

        // private conversation
        QSignalSpy pms(&alice.client, &ChatClient::privateMessageReceived);
        QVERIFY(bob.client.sendPrivate("alice", "psst"));
        QTRY_COMPARE(pms.size(), 1);
        QVERIFY(rowOf(alice.client.rooms(), ChatRoomModel::NameRole, "@bob") >= 0);
        QCOMPARE(bob.client.currentRoom(), QStringLiteral("@alice"));
        QTRY_COMPARE(bob.client.messages()->rowCount(), 1);
        alice.client.setCurrentRoom("@bob");
        QTRY_COMPARE(alice.client.messages()->rowCount(), 1);
        QCOMPARE(alice.client.messages()->index(0).data(ChatMessageModel::TextRole).toString(), QStringLiteral("psst"));
        QVERIFY(alice.client.sendMessage("reply in private"));   // "@bob" room sends a pm
        QTRY_COMPARE(bob.client.messages()->rowCount(), 2);
    }

    void resumesAfterHubRestartWithoutLossOrDuplicates()
    {
        QTemporaryDir home, data;
        HubConfig cfg;
        cfg.dataDir = data.path();
        auto hub = std::make_unique<HubServer>();
        hub->setConfig(cfg);
        QVERIFY(hub->listen(QHostAddress::LocalHost, 0));
        const quint16 port = hub->port();
        TestedClient alice("alice", port, home.path());
        alice.client.connectToHub();
        QTRY_VERIFY(alice.client.isConnected());
        alice.client.join("r");
        PythonPeer carol;
        QVERIFY(carol.start(QStringLiteral("ws://127.0.0.1:%1/").arg(port), "carol"));
        QVERIFY(carol.waitEvent("welcome") >= 0);
        carol.command({{"cmd", "join"}, {"room", "r"}});
        QVERIFY(carol.waitRx("joined") >= 0);
        for (int i = 1; i <= 5; ++i)
            carol.command({{"cmd", "say"}, {"room", "r"}, {"text", QString::number(i)}, {"id", QString::number(i)}});
        QTRY_COMPARE(alice.client.messages()->rowCount(), 5);

        hub->stop(QStringLiteral("restart"));   // alice starts reconnecting
        hub.reset();
        QTRY_COMPARE(alice.client.state(), ChatClient::Reconnecting);
        QVERIFY(alice.client.sendMessage("written while offline"));   // queued in the outbox
        QCOMPARE(alice.client.outboxSize(), 1);

        HubServer second;
        second.setConfig(cfg);
        QVERIFY(second.listen(QHostAddress::LocalHost, port));
        const int before = int(carol.lines.size());
        carol.command({{"cmd", "reconnect"}});
        QVERIFY(carol.waitRx("joined", before) >= 0);
        for (int i = 6; i <= 8; ++i)
            carol.command({{"cmd", "say"}, {"room", "r"}, {"text", QString::number(i)}, {"id", QString::number(i)}});
        QTRY_VERIFY_WITH_TIMEOUT(alice.client.isConnected(), 10000);
        QTRY_COMPARE(alice.client.outboxSize(), 0);
        QTRY_COMPARE(alice.client.messages()->rowCount(), 9);
        QTRY_COMPARE(alice.client.lastSeq("r"), qint64(9));
        QStringList seqs = column(alice.client.messages(), ChatMessageModel::SeqRole);
        QStringList expected;
        for (int i = 1; i <= 9; ++i)
            expected << QString::number(i);
        QCOMPARE(seqs, expected);   // every message exactly once, in order
        QVERIFY(carol.waitFor([](const QJsonObject &o) {
            return o.value("rx").toObject().value("text").toString() == "written while offline"; }, before) >= 0);
        QCOMPARE(carol.events("duplicate"), 0);
    }

    void wrongPasswordIsFinal()
    {
        QTemporaryDir home;
        HubServer hub;
        HubConfig cfg;
        cfg.password = "right";
        cfg.pbkdf2Iterations = 1000;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        TestedClient eve("eve", hub.port(), home.path());
        eve.client.setPassword("wrong");
        QSignalSpy states(&eve.client, &ChatClient::stateChanged);
        QStringList errorWhenFailed;   // what a binding on state sees at the moment it turns Failed
        connect(&eve.client, &ChatClient::stateChanged, this, [&] {
            if (eve.client.state() == ChatClient::Failed)
                errorWhenFailed << eve.client.lastError();
        });
        eve.client.connectToHub();
        QTRY_COMPARE(eve.client.state(), ChatClient::Failed);
        QCOMPARE(eve.client.lastError(), QStringLiteral("Wrong password for this hub."));
        QCOMPARE(errorWhenFailed, QStringList{QStringLiteral("Wrong password for this hub.")});
        states.clear();
        QVERIFY(!states.wait(500));   // no retry loop
        TestedClient ok("ok", hub.port(), home.path());
        ok.client.setPassword("right");
        ok.client.connectToHub();
        QTRY_VERIFY(ok.client.isConnected());
    }

    void changedCertificateIsRefusedWithAWarning()
    {
        QTemporaryDir home, dirA, dirB;
        quint16 port = 0;
        QString firstFingerprint;
        {
            HubHost a;
            HubConfig cfg;
            cfg.dataDir = dirA.path();
            a.setConfig(cfg);
            a.setTls(HubHost::TlsMode::On);
            QVERIFY(a.start(QHostAddress::LocalHost, 0, nullptr));
            port = a.server()->port();
            firstFingerprint = a.fingerprint();
            TestedClient alice("alice", port, home.path(), true);
            alice.client.setTrustOnFirstUse(true);   // explicit opt-in
            alice.client.connectToHub();
            QTRY_VERIFY(alice.client.isConnected());
            QCOMPARE(alice.client.fingerprint(), firstFingerprint);   // pinned on first use
        }
        HubHost b;
        HubConfig cfg;
        cfg.dataDir = dirB.path();
        b.setConfig(cfg);
        b.setTls(HubHost::TlsMode::On);
        QVERIFY(b.start(QHostAddress::LocalHost, port, nullptr));
        TestedClient alice("alice", port, home.path(), true);
        alice.client.setTrustOnFirstUse(true);   // never overrides a changed pin
        alice.client.connectToHub();
        QTRY_COMPARE(alice.client.state(), ChatClient::Failed);
        QVERIFY(alice.client.certificateWarning().contains("CHANGED"));
        QVERIFY(alice.client.lastError().contains(TlsIdentity::displayFingerprint(firstFingerprint)));
        QVERIFY(b.server()->dispatcher().nicknames().isEmpty());   // never said hello
        KnownHosts hosts(home.path() + "/known_hosts.json");
        QVERIFY(hosts.load());
        QCOMPARE(hosts.pinned("127.0.0.1", port), firstFingerprint);

        TestedClient viaDiscovery("bob", port, home.path() + "/other", true);
        viaDiscovery.client.setExpectedFingerprint(QString(64, u'0'));   // what discovery announced
        viaDiscovery.client.connectToHub();
        QTRY_COMPARE(viaDiscovery.client.state(), ChatClient::Failed);
        QVERIFY(viaDiscovery.client.certificateWarning().contains("CHANGED"));
    }

    void unknownCertificateIsRefusedUntilTrusted()
    {
        QTemporaryDir home, data;
        HubHost host;
        HubConfig cfg;
        cfg.dataDir = data.path();
        host.setConfig(cfg);
        host.setTls(HubHost::TlsMode::On);
        QVERIFY(host.start(QHostAddress::LocalHost, 0, nullptr));
        const quint16 port = host.server()->port();
        const QString knownHosts = home.path() + "/known_hosts.json";

        // a bare connectToHub() to a hub never seen: refused, nothing sent, nothing pinned
        TestedClient alice("alice", port, home.path(), true);
        QVERIFY(!alice.client.trustOnFirstUse());
        QSignalSpy retries(alice.client.connection(), &ChatConnection::reconnectScheduled);
        alice.client.connectToHub();
        QTRY_COMPARE(alice.client.state(), ChatClient::Failed);
        QVERIFY2(alice.client.lastError().contains(TlsIdentity::displayFingerprint(host.fingerprint())),
                 qPrintable(alice.client.lastError()));
        QVERIFY(alice.client.lastError().contains("not trusted"));
        QVERIFY(alice.client.certificateWarning().isEmpty());   // unknown is not CHANGED
        QCOMPARE(retries.size(), 0);
        QVERIFY(!alice.client.connection()->reconnectPending());
        QVERIFY(host.server()->dispatcher().nicknames().isEmpty());   // never said hello
        KnownHosts before(knownHosts);
        QVERIFY(before.load());
        QCOMPARE(before.count(), 0);

        // the user compared and trusted it (JoinDialog: pinned, then passed as expected)
        TestedClient confirmed("bob", port, home.path(), true);
        confirmed.client.setExpectedFingerprint(TlsIdentity::displayFingerprint(host.fingerprint()));   // "AB:CD:.." accepted
        confirmed.client.connectToHub();
        QTRY_VERIFY(confirmed.client.isConnected());
        KnownHosts after(knownHosts);
        QVERIFY(after.load());
        QCOMPARE(after.pinned("127.0.0.1", port), host.fingerprint());

        // once pinned, a bare connectToHub() is accepted
        alice.client.connectToHub();
        QTRY_VERIFY(alice.client.isConnected());
        QVERIFY(alice.client.lastError().isEmpty());
    }

    void kickIsFinal()
    {
        QTemporaryDir home;
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        QSignalSpy peers(&hub, &HubServer::peerConnected);
        TestedClient mallory("mallory", hub.port(), home.path());
        QSignalSpy retries(mallory.client.connection(), &ChatConnection::reconnectScheduled);
        QStringList errorWhenFailed;
        connect(&mallory.client, &ChatClient::stateChanged, this, [&] {
            if (mallory.client.state() == ChatClient::Failed)
                errorWhenFailed << mallory.client.lastError();
        });
        mallory.client.connectToHub();
        QTRY_VERIFY(mallory.client.isConnected());
        QCOMPARE(peers.size(), 1);
        QVERIFY(hub.closePeer(peers.at(0).at(0).toULongLong(), 1008, QStringLiteral("kicked by the host: be nice")));
        QTRY_COMPARE(mallory.client.state(), ChatClient::Failed);
        QVERIFY2(mallory.client.lastError().contains("be nice"), qPrintable(mallory.client.lastError()));
        QCOMPARE(errorWhenFailed.size(), 1);
        QVERIFY(errorWhenFailed.at(0).contains("be nice"));
        QCOMPARE(retries.size(), 0);   // no reconnect was scheduled...
        QVERIFY(!mallory.client.connection()->reconnectPending());
        QTRY_COMPARE(hub.connectionCount(), 0);
        QCOMPARE(mallory.client.state(), ChatClient::Failed);   // ...and it stays out
        QCOMPARE(peers.size(), 1);

        // control: a non-policy close (hub going away) does schedule a reconnect
        TestedClient bob("bob", hub.port(), home.path());
        QSignalSpy bobRetries(bob.client.connection(), &ChatConnection::reconnectScheduled);
        bob.client.connectToHub();
        QTRY_VERIFY(bob.client.isConnected());
        QCOMPARE(peers.size(), 2);
        QVERIFY(hub.closePeer(peers.at(1).at(0).toULongLong(), 1001, QStringLiteral("going away")));
        QTRY_COMPARE(bobRetries.size(), 1);
        QTRY_VERIFY(bob.client.isConnected());   // came back by itself
        QCOMPARE(peers.size(), 3);
    }
};

QTEST_GUILESS_MAIN(tst_ChatClient)
#include "tst_chatclient.moc"
