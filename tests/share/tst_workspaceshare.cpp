// Sharing a connection from its card (issue 13 §2, Workspace::shareConnection): while the
// desktop hosts a session, a window connection's samples reach a session peer that has no
// credentials (a raw topic reader: Qt's QWebSocket, and Pulseboard's own pipeline with
// the shipped pulseboard-share.json profile), the card's model row shows the topic, and
// the share follows an edit, ends with stopSharing, removal and the end of the session.
// Bad topics, a second share on the same topic and sharing without hosting are refused
// in words, and the feed keeps running.
#include "connectionlistmodel.h"
#include "feedsharer.h"
#include "hubhost.h"
#include "hubserver.h"
#include "workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <utility>
#include <QtTest>

class tst_WorkspaceShare : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aPeerReadsTheSharedConnection();
    void refusedInWords_data();
    void refusedInWords();
    void shareFollowsEditAndEndsWithTheSession();
    void cleanupTestCase();

private:
    void startFeed();
    QVariantMap spec(const QString &name) const;
    static void host(Workspace &w);

    QWebSocketServer m_feed{QStringLiteral("feed"), QWebSocketServer::NonSecureMode};
    QList<QWebSocket *> m_clients;
    QTimer m_tick;
    int m_seq = 0;
};

void tst_WorkspaceShare::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);   // never the user's workspace or history
    startFeed();
}

// The feed's sockets, left to the server's destructor, would signal `disconnected` into
// m_clients after it is destroyed (ASan: use after free): they are deleted here.
void tst_WorkspaceShare::cleanupTestCase()
{
    m_tick.stop();
    for (QWebSocket *s : std::exchange(m_clients, {})) {
        s->disconnect(this);
        delete s;
    }
    m_feed.close();
}

// A feed server: every 20 ms each client gets {"price": 100 + seq}.
void tst_WorkspaceShare::startFeed()
{
    QVERIFY(m_feed.listen(QHostAddress::LocalHost, 0));
    connect(&m_feed, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *s = m_feed.nextPendingConnection()) {
            m_clients.append(s);
            connect(s, &QWebSocket::disconnected, this, [this, s] {
                m_clients.removeAll(s);
                s->deleteLater();
            });
        }
    });
    connect(&m_tick, &QTimer::timeout, this, [this] {
        ++m_seq;
        for (QWebSocket *s : std::as_const(m_clients))
            s->sendTextMessage(QStringLiteral("{\"price\":%1}").arg(100 + m_seq));
    });
    m_tick.start(20);
}

QVariantMap tst_WorkspaceShare::spec(const QString &name) const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:%1/").arg(m_feed.serverPort())}};
}

void tst_WorkspaceShare::host(Workspace &w)
{
    HubHost &h = *w.hubHost();
    h.setAddressText(QStringLiteral("127.0.0.1"));
    h.setPort(0);
    h.setTlsMode(HubHost::TlsMode::Off);
    h.setAnnounce(false);
    QVERIFY2(h.start(), qPrintable(h.lastError()));
}

void tst_WorkspaceShare::aPeerReadsTheSharedConnection()
{
    Workspace w;
    QCOMPARE(w.addConnection(spec(QStringLiteral("Lab Feed"))), QString());
    QTRY_VERIFY_WITH_TIMEOUT(w.connections()->connectionAt(0)->isLive(), 10000);
    // Not hosting: refused, with what to do.
    QVERIFY(w.shareConnection(0, QStringLiteral("feeds/lab")).contains(QStringLiteral("Host a session first")));
    host(w);
    QCOMPARE(w.suggestedTopic(0), QStringLiteral("feeds/lab-feed"));
    QCOMPARE(w.shareConnection(0, w.suggestedTopic(0)), QString());
    const QModelIndex row = w.connections()->index(0);
    QCOMPARE(row.data(ConnectionListModel::SharedTopicRole).toString(), QStringLiteral("feeds/lab-feed"));
    QVERIFY(w.sharerOf(0));

    // A peer with no credentials for the feed reads the topic.
    QWebSocket reader;
    QStringList got;
    connect(&reader, &QWebSocket::textMessageReceived, this, [&got](const QString &m) { got.append(m); });
    reader.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/topics/feeds/lab-feed").arg(w.hubHost()->server()->port())));
    QTRY_VERIFY_WITH_TIMEOUT(got.size() >= 3, 10000);
    double last = 0;
    for (const QString &m : std::as_const(got)) {
        const QJsonObject o = QJsonDocument::fromJson(m.toUtf8()).object();
        QCOMPARE(o.value("feed").toString(), QStringLiteral("Lab Feed"));
        for (const QJsonValue &s : o.value("samples").toArray()) {
            QCOMPARE(s.toObject().value("series").toString(), QStringLiteral("/price"));   // auto-discovery names a series by its pointer
            const double v = s.toObject().value("v").toDouble();
            QVERIFY2(v > last, "samples in order, none twice");
            last = v;
        }
    }
    QVERIFY(w.sharerOf(0)->published() > 0);
    QCOMPARE(w.sharerOf(0)->dropped(), 0);

    // Stop sharing: the row says so, and the feed itself goes on.
    w.stopSharing(0);
    QCOMPARE(row.data(ConnectionListModel::SharedTopicRole).toString(), QString());
    QVERIFY(!w.sharerOf(0));
    const qint64 before = w.connections()->connectionAt(0)->stats().messages;
    QTRY_VERIFY(w.connections()->connectionAt(0)->stats().messages > before);
}

void tst_WorkspaceShare::refusedInWords_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QString() << "is not a topic name";
    QTest::newRow("space") << QStringLiteral("my feed") << "is not a topic name";
    QTest::newRow("traversal") << QStringLiteral("feeds/../admin") << "is not a topic name";
    QTest::newRow("too long") << QString(129, u'a') << "is not a topic name";
    QTest::newRow("markup") << QStringLiteral("<b>x</b>") << "is not a topic name";
    QTest::newRow("taken") << QStringLiteral("feeds/one") << "already shares on feeds/one";
}

void tst_WorkspaceShare::refusedInWords()
{
    QFETCH(QString, topic);
    QFETCH(QString, expected);
    Workspace w;
    QCOMPARE(w.addConnection(spec(QStringLiteral("one"))), QString());
    QCOMPARE(w.addConnection(spec(QStringLiteral("two"))), QString());
    host(w);
    QCOMPARE(w.shareConnection(0, QStringLiteral("feeds/one")), QString());
    const QString error = w.shareConnection(1, topic);
    QVERIFY2(error.contains(expected), qPrintable(error));
    QCOMPARE(w.connections()->index(1).data(ConnectionListModel::SharedTopicRole).toString(), QString());
    QVERIFY(!w.sharerOf(1));
    QVERIFY(w.sharerOf(0));   // the other share is untouched
    QVERIFY(w.shareConnection(7, QStringLiteral("feeds/x")).contains(QStringLiteral("no longer exists")));
}

void tst_WorkspaceShare::shareFollowsEditAndEndsWithTheSession()
{
    Workspace w;
    QCOMPARE(w.addConnection(spec(QStringLiteral("one"))), QString());
    QCOMPARE(w.addConnection(spec(QStringLiteral("two"))), QString());
    host(w);
    QCOMPARE(w.shareConnection(0, QStringLiteral("feeds/a")), QString());
    QCOMPARE(w.shareConnection(1, QStringLiteral("feeds/b")), QString());

    // Edited (renamed): the new connection shares on the same topic under its new name.
    QCOMPARE(w.editConnection(0, spec(QStringLiteral("renamed"))), QString());
    QCOMPARE(w.connections()->index(0).data(ConnectionListModel::SharedTopicRole).toString(), QStringLiteral("feeds/a"));
    QVERIFY(w.sharerOf(0));
    QCOMPARE(w.sharerOf(0)->topic(), QStringLiteral("feeds/a"));
    QTRY_VERIFY_WITH_TIMEOUT(w.sharerOf(0)->published() > 0, 10000);

    // Removed: its share goes with it; the other stays.
    w.removeConnection(1);
    QCOMPARE(w.connections()->count(), 1);
    QVERIFY(w.sharerOf(0));

    // The session ends: every share ends, and sharing again needs a new session.
    w.hubHost()->stop(QStringLiteral("test over"));
    QCOMPARE(w.connections()->index(0).data(ConnectionListModel::SharedTopicRole).toString(), QString());
    QVERIFY(!w.sharerOf(0));
    QVERIFY(w.shareConnection(0, QStringLiteral("feeds/a")).contains(QStringLiteral("Host a session first")));
}

QTEST_MAIN(tst_WorkspaceShare)
#include "tst_workspaceshare.moc"
