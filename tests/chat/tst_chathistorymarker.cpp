// ChatHistoryMarker, where the chat pane draws its "history" divider, against a real hub
// and real ChatClients: the boundary is the lastSeq of the first join, live messages
// and a resume after reconnect do not move it, empty rooms and private conversations
// have none, a hostile "joined" for a room never asked for is ignored, and the marks
// stay within their bound while rooms come and go.
#include "chatclient.h"
#include "chathistorymarker.h"
#include "hubserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QTemporaryDir>
#include <QtTest>

namespace {
void setUp(ChatClient &c, const QString &nick, quint16 port, const QTemporaryDir &home)
{
    c.setNickname(nick);
    c.setUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port));
    c.setKnownHostsFile(home.filePath(nick + ".json"));
    c.setBackoff({50, 200, 20});
}
} // namespace

class tst_ChatHistoryMarker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void boundaryIsTheFirstJoin()
    {
        QTemporaryDir home;
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        ChatClient bob, alice;
        setUp(bob, "bob", hub.port(), home);
        setUp(alice, "alice", hub.port(), home);
        bob.connectToHub();
        QTRY_VERIFY(bob.isConnected());
        QVERIFY(bob.join("general"));
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(bob.sendMessage(QStringLiteral("line %1").arg(i)));
            QTRY_COMPARE(bob.lastSeq("general"), qint64(i));
        }

        ChatHistoryMarker marker;
        QSignalSpy changed(&marker, &ChatHistoryMarker::boundaryChanged);
        marker.setClient(&alice);
        QCOMPARE(marker.currentBoundary(), 0);
        alice.connectToHub();
        QTRY_VERIFY(alice.isConnected());
        QVERIFY(alice.join("general"));
        QVERIFY(alice.join("empty"));
        QTRY_COMPARE(alice.lastSeq("general"), qint64(3));
        QCOMPARE(marker.boundary("general"), 3);
        QCOMPARE(marker.historyCount("general"), 3);
        QCOMPARE(marker.currentBoundary(), 3);   // general is current
        QVERIFY(changed.size() >= 1);
        QTRY_COMPARE(marker.markCount(), 2);
        QCOMPARE(marker.boundary("empty"), 0);   // nothing replayed: no divider

        QVERIFY(bob.sendMessage("live"));        // live lines do not move it
        QTRY_COMPARE(alice.lastSeq("general"), qint64(4));
        QCOMPARE(marker.boundary("general"), 3);

        alice.disconnectFromHub();               // resume: missed lines are new, not history
        QTRY_VERIFY(!alice.isConnected());
        QVERIFY(bob.sendMessage("while away"));
        QTRY_COMPARE(bob.lastSeq("general"), qint64(5));
        alice.connectToHub();
        QTRY_COMPARE(alice.lastSeq("general"), qint64(5));
        QCOMPARE(marker.boundary("general"), 3);

        alice.openPrivate("bob");
        QCOMPARE(marker.currentBoundary(), 0);
        QCOMPARE(marker.boundary("@bob"), 0);

        marker.setClient(nullptr);
        QCOMPARE(marker.currentBoundary(), 0);
        QCOMPARE(marker.markCount(), 0);
    }

    void hostileJoinedIsIgnored()
    {
        // A scripted hub (the real one never does this): welcome, then "joined" replies
        // for a room nobody asked for and with out-of-range numbers.
        QWebSocketServer fake(QStringLiteral("fake"), QWebSocketServer::NonSecureMode);
        QVERIFY(fake.listen(QHostAddress::LocalHost, 0));
        QList<QWebSocket *> sockets;
        connect(&fake, &QWebSocketServer::newConnection, this, [&] {
            QWebSocket *ws = fake.nextPendingConnection();
            sockets << ws;
            connect(ws, &QWebSocket::textMessageReceived, ws, [ws](const QString &text) {
                const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
                auto send = [ws](const QJsonObject &r) {
                    ws->sendTextMessage(QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact)));
                };
                if (o.value("type") == "hello") {
                    send({{"type", "welcome"}, {"version", 1}, {"session", "fake"}, {"nick", o.value("nick")}});
                } else if (o.value("type") == "join") {
                    send({{"type", "joined"}, {"room", "other"}, {"members", QJsonArray{}}, {"lastSeq", 99}, {"replay", 5}});
                    send({{"type", "joined"}, {"room", o.value("room")}, {"members", QJsonArray{}}, {"lastSeq", -5},
                          {"replay", 1e12}});
                    send({{"type", "ping"}});
                }
            });
        });
        QTemporaryDir home;
        ChatClient alice;
        setUp(alice, "alice", fake.serverPort(), home);
        ChatHistoryMarker marker;
        marker.setClient(&alice);
        alice.connectToHub();
        QTRY_VERIFY(alice.isConnected());
        QVERIFY(alice.join("general"));
        QTRY_VERIFY(alice.rooms()->index(0).data(ChatRoomModel::JoinedRole).toBool());
        QTRY_COMPARE(marker.markCount(), 1);
        QCOMPARE(marker.boundary("other"), 0);
        QCOMPARE(marker.boundary("general"), 0);            // negative lastSeq: no divider
        QCOMPARE(marker.historyCount("general"), 1'000'000); // clamped
        qDeleteAll(sockets);
    }

    void marksStayBounded()
    {
        QTemporaryDir home;
        HubConfig config;
        config.maxRoomsPerPeer = 200;
        config.rateMessagesPerSec = 10'000;
        config.rateBurst = 10'000;
        HubServer hub;
        hub.setConfig(config);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        ChatClient bob, alice;
        setUp(bob, "bob", hub.port(), home);
        setUp(alice, "alice", hub.port(), home);
        bob.connectToHub();
        alice.connectToHub();
        QTRY_VERIFY(bob.isConnected() && alice.isConnected());
        QVERIFY(bob.join("last"));
        QVERIFY(bob.sendMessage("the only line"));
        QTRY_COMPARE(bob.lastSeq("last"), qint64(1));

        ChatHistoryMarker marker;
        marker.setClient(&alice);
        const int rooms = ChatHistoryMarker::MaxRooms + 10;
        for (int i = 0; i < rooms; ++i) {
            const QString room = QStringLiteral("r%1").arg(i);
            QVERIFY(alice.join(room));
            QTRY_VERIFY(alice.rooms()->index(alice.rooms()->rowCount() - 1).data(ChatRoomModel::JoinedRole).toBool());
            QVERIFY(marker.markCount() <= ChatHistoryMarker::MaxRooms);
            QVERIFY(alice.leave(room));
        }
        QVERIFY(alice.join("last"));
        QTRY_COMPARE(marker.boundary("last"), 1);   // a new room still gets its divider
        QVERIFY(marker.markCount() <= ChatHistoryMarker::MaxRooms);
    }
};

QTEST_GUILESS_MAIN(tst_ChatHistoryMarker)
#include "tst_chathistorymarker.moc"
