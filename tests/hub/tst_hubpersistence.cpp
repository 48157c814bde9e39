// Hub history persistence: SQLite in the data dir, written before it is relayed,
// bounded per room, sequence numbers that continue after a restart, and no loss or
// duplicate across a kill -9 of the real `pulseboard --headless --host` process, checked
// by a C++ client and by the independent Python client resuming with `since`.
#include "hubdispatcher.h"
#include "hubserver.h"
#include "hubtestclient.h"
#include "pythonpeer.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

namespace {
// The real product binary hosting a hub; killed with SIGKILL (QProcess::kill on Unix).
class HubProcess
{
public:
    bool start(const QString &dataDir, quint16 port = 0)
    {
        m_err.clear();
        proc.setProgram(QStringLiteral(PULSEBOARD_BINARY));
        proc.setArguments({"--headless", "--host", QStringLiteral("127.0.0.1:%1").arg(port), "--data-dir", dataDir});
        proc.start();
        if (!proc.waitForStarted(5000))
            return false;
        QElapsedTimer t;
        t.start();
        static const QRegularExpression re(QStringLiteral("listening on wss?://[^:]+:(\\d+)/"));
        while (t.elapsed() < 15000 && proc.state() == QProcess::Running) {
            m_err += proc.readAllStandardError();
            const auto m = re.match(QString::fromUtf8(m_err));
            if (m.hasMatch()) {
                this->port = quint16(m.captured(1).toUInt());
                return true;
            }
            QSignalSpy more(&proc, &QProcess::readyReadStandardError);
            more.wait(500);
        }
        qWarning() << "hub process output:" << m_err;
        return false;
    }
    void kill9()
    {
        proc.kill();   // SIGKILL: no cleanup, no checkpoint
        proc.waitForFinished(5000);
    }
    ~HubProcess()
    {
        if (proc.state() != QProcess::NotRunning)
            kill9();
    }
    QProcess proc;
    quint16 port = 0;

private:
    QByteArray m_err;
};

QJsonObject say(const QString &room, const QString &text, const QString &id)
{
    return {{"type", "say"}, {"room", room}, {"text", text}, {"id", id}};
}
} // namespace

class tst_HubPersistence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killNineLosesNothingAndDuplicatesNothing()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        HubProcess hub;
        QVERIFY(hub.start(dir.path()));
        const quint16 port = hub.port;
        const QString url = QStringLiteral("ws://127.0.0.1:%1/").arg(port);

        HubTestClient a;
        QVERIFY(a.open(port) && a.login("alice"));
        a.send({{"type", "join"}, {"room", "r"}});
        QVERIFY(!a.next("joined").isEmpty());
        PythonPeer py;
        QVERIFY(py.start(url, "carol"));
        QVERIFY(py.waitEvent("welcome") >= 0);
        py.command({{"cmd", "join"}, {"room", "r"}});
        QVERIFY(py.waitRx("joined") >= 0);

        for (int i = 1; i <= 40; ++i)
            a.send(say("r", QStringLiteral("before %1").arg(i), QStringLiteral("a%1").arg(i)));
        QTRY_COMPARE(a.ofType("ack").size(), 40);   // acked = stored (stored before relayed)
        hub.kill9();                                 // the instant the last ack arrived
        QTRY_VERIFY(a.closed);
        QVERIFY(py.waitEvent("closed") >= 0);
        const int pySeenBefore = int(py.rx("msg").size());

        QVERIFY(hub.start(dir.path(), port));        // same data dir, same port
        HubTestClient a2;
        QVERIFY(a2.open(port) && a2.login("alice"));
        a2.send({{"type", "join"}, {"room", "r"}, {"since", 40}});
        const QJsonObject joined = a2.next("joined");
        QCOMPARE(joined.value("lastSeq").toInt(), 40);
        QCOMPARE(joined.value("replay").toInt(), 0);
        QCOMPARE(joined.value("skipped").toInt(), 0);

        // Resending a message whose ack may have been lost is recognised across the crash.
        a2.send(say("r", "before 40", "a40"));
        const QJsonObject dup = a2.next("ack");
        QCOMPARE(dup.value("seq").toInt(), 40);
        QCOMPARE(dup.value("duplicate").toBool(), true);
        a2.send(say("r", "after restart", "a41"));
        QCOMPARE(a2.next("ack").value("seq").toInt(), 41);

        const int before = int(py.lines.size());
        py.command({{"cmd", "reconnect"}});          // joins with since = last seq it saw
        const int pj = py.waitRx("joined", before);
        QVERIFY(pj >= 0);
        QCOMPARE(py.lines.at(pj).value("rx").toObject().value("replay").toInt(), 41 - pySeenBefore);
        QVERIFY(py.waitFor([](const QJsonObject &o) { return o.value("rx").toObject().value("seq").toInt() == 41; }, before) >= 0);
        QCOMPARE(py.rx("msg").size(), 41);
        QCOMPARE(py.events("duplicate"), 0);
        QCOMPARE(py.events("gap"), 0);

        HubTestClient fresh;   // the whole history, contiguous
        QVERIFY(fresh.open(port) && fresh.login("dave"));
        fresh.send({{"type", "join"}, {"room", "r"}, {"limit", 1000}});
        QCOMPARE(fresh.next("joined").value("replay").toInt(), 41);
        QTRY_COMPARE(fresh.ofType("msg").size(), 41);
        for (int i = 0; i < 41; ++i)
            QCOMPARE(fresh.ofType("msg").at(i).value("seq").toInt(), i + 1);
        QCOMPARE(fresh.ofType("msg").at(39).value("text").toString(), QStringLiteral("before 40"));
        QVERIFY(QFile::exists(dir.filePath("hub-history.sqlite")));
    }

    void boundPerRoomAndSequenceAfterRestart()
    {
        QTemporaryDir dir;
        HubConfig cfg;
        cfg.dataDir = dir.path();
        cfg.roomHistoryBound = 50;
        cfg.rateBurst = 1000;
        {
            HubServer hub;
            hub.setConfig(cfg);
            QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
            HubTestClient a;
            QVERIFY(a.open(hub.port()) && a.login("alice"));
            a.send({{"type", "join"}, {"room", "r"}});
            for (int i = 1; i <= 120; ++i)
                a.send(say("r", QString::number(i), QString::number(i)));
            QTRY_COMPARE(a.ofType("ack").size(), 120);
            QCOMPARE(hub.dispatcher().history().countInRoom("r"), qint64(50));
        }
        HubServer again;
        again.setConfig(cfg);
        QVERIFY(again.listen(QHostAddress::LocalHost, 0));
        QCOMPARE(again.dispatcher().history().countInRoom("r"), qint64(50));
        HubTestClient b;
        QVERIFY(b.open(again.port()) && b.login("bob"));
        b.send({{"type", "join"}, {"room", "r"}, {"limit", 1000}});
        const QJsonObject joined = b.next("joined");
        QCOMPARE(joined.value("lastSeq").toInt(), 120);
        QCOMPARE(joined.value("replay").toInt(), 50);
        QTRY_COMPARE(b.ofType("msg").size(), 50);
        QCOMPARE(b.ofType("msg").first().value("seq").toInt(), 71);
        b.send({{"type", "join"}, {"room", "r"}, {"since", 10}, {"limit", 1000}});   // resume beyond retention
        QCOMPARE(b.next("joined").value("skipped").toInt(), 60);
        b.send(say("r", "next", "n"));
        QCOMPARE(b.next("ack").value("seq").toInt(), 121);   // never reused, even after trimming
    }

    // "kind":"alert" (issue 12): kept in the history, relayed and replayed with the message;
    // absent for a person's words; any other kind refused by field. A history file from
    // before kinds (no column) is migrated in place and keeps its messages.
    void alertKindIsKeptRelayedAndMigrated()
    {
        QTemporaryDir dir;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(dir.filePath(QStringLiteral("hub-history.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec("CREATE TABLE messages (room TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, "
                           "sender TEXT NOT NULL, cid TEXT, text TEXT NOT NULL, PRIMARY KEY (room, seq)) WITHOUT ROWID"));
            QVERIFY(q.exec("CREATE TABLE rooms (room TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)"));
            QVERIFY(q.exec("INSERT INTO messages VALUES ('r', 1, 1700000000000, 'carol', NULL, 'old words')"));
            QVERIFY(q.exec("INSERT INTO rooms VALUES ('r', 1)"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        HubConfig cfg;
        cfg.dataDir = dir.path();
        {
            HubServer hub;
            hub.setConfig(cfg);
            QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
            HubTestClient a, b;
            QVERIFY(a.open(hub.port()) && a.login("alice"));
            QVERIFY(b.open(hub.port()) && b.login("bob"));
            a.send({{"type", "join"}, {"room", "r"}});
            b.send({{"type", "join"}, {"room", "r"}});
            QTRY_COMPARE(b.ofType("msg").size(), 1);   // the old message, replayed
            QVERIFY(!b.ofType("msg").first().contains("kind"));
            QJsonObject alert = say("r", "disk: raised", "a1");
            alert.insert("kind", "alert");
            a.send(alert);
            QCOMPARE(a.next("ack").value("seq").toInt(), 2);
            QJsonObject text = say("r", "on it", "a2");
            text.insert("kind", "text");
            a.send(text);
            QCOMPARE(a.next("ack").value("seq").toInt(), 3);
            for (const QJsonValue bad : {QJsonValue("ALERT"), QJsonValue(1), QJsonValue(QJsonObject{}), QJsonValue("<b>")}) {
                QJsonObject m = say("r", "x", "bad");
                m.insert("kind", bad);
                a.send(m);
                const QJsonObject e = a.next("error");
                QCOMPARE(e.value("code").toString(), QStringLiteral("invalid_field"));
                QCOMPARE(e.value("field").toString(), QStringLiteral("kind"));
            }
            QTRY_COMPARE(b.ofType("msg").size(), 3);
            QCOMPARE(b.ofType("msg").at(1).value("kind").toString(), QStringLiteral("alert"));
            QVERIFY(!b.ofType("msg").at(2).contains("kind"));   // "text" is the default: not written
        }
        HubServer again;
        again.setConfig(cfg);
        QVERIFY(again.listen(QHostAddress::LocalHost, 0));
        HubTestClient c;
        QVERIFY(c.open(again.port()) && c.login("carol"));
        c.send({{"type", "join"}, {"room", "r"}, {"limit", 100}});
        QTRY_COMPARE(c.ofType("msg").size(), 3);
        QCOMPARE(c.ofType("msg").at(0).value("text").toString(), QStringLiteral("old words"));
        QVERIFY(!c.ofType("msg").at(0).contains("kind"));
        QCOMPARE(c.ofType("msg").at(1).value("kind").toString(), QStringLiteral("alert"));
        QVERIFY(!c.ofType("msg").at(2).contains("kind"));
    }

    void failedWriteIsNotRelayed()
    {
        QTemporaryDir dir;
        HubConfig cfg;
        cfg.dataDir = dir.path();
        HubServer hub;
        hub.setConfig(cfg);
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubTestClient a, b;
        QVERIFY(a.open(hub.port()) && a.login("alice"));
        QVERIFY(b.open(hub.port()) && b.login("bob"));
        a.send({{"type", "join"}, {"room", "r"}});
        b.send({{"type", "join"}, {"room", "r"}});
        QVERIFY(!b.next("joined").isEmpty());
        a.send(say("r", "one", "1"));
        QCOMPARE(a.next("ack").value("seq").toInt(), 1);

        {   // another process-like connection holds the write lock: the hub cannot store
            QSqlDatabase locker = QSqlDatabase::addDatabase("QSQLITE", "locker");
            locker.setDatabaseName(dir.filePath("hub-history.sqlite"));
            QVERIFY(locker.open());
            QSqlQuery q(locker);
            QVERIFY2(q.exec("BEGIN EXCLUSIVE"), qPrintable(q.lastError().text()));
            a.send(say("r", "lost?", "2"));
            const QJsonObject e = a.next("error", 10000);
            QCOMPARE(e.value("code").toString(), QStringLiteral("storage_failed"));
            QVERIFY(q.exec("ROLLBACK"));
            locker.close();
        }
        QSqlDatabase::removeDatabase("locker");
        a.send(say("r", "three", "3"));
        QCOMPARE(a.next("ack").value("seq").toInt(), 2);   // the failed one consumed no number
        QTRY_COMPARE(b.ofType("msg").size(), 2);
        QCOMPARE(b.ofType("msg").at(0).value("text").toString(), QStringLiteral("one"));
        QCOMPARE(b.ofType("msg").at(1).value("text").toString(), QStringLiteral("three"));
    }

    void unusableDataDirFailsListenReadably()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        HubConfig cfg;
        cfg.dataDir = dir.filePath("file/sub");   // a path under a regular file
        HubServer hub;
        hub.setConfig(cfg);
        QString error;
        QVERIFY(!hub.listen(QHostAddress::LocalHost, 0, &error));
        QVERIFY2(error.contains("data directory"), qPrintable(error));
        QVERIFY(!hub.isListening());
    }
};

QTEST_GUILESS_MAIN(tst_HubPersistence)
#include "tst_hubpersistence.moc"
