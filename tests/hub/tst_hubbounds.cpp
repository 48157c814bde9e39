// The documented bounds of the hub's and chat client's smaller parts, each reached and
// shown to hold: token bucket (rate, burst, strike window), AuthGuard (lockout window,
// address table), KnownHosts (entries, damaged file, IPv6 keys), the chat models
// (messages, rooms) and the name rules every input path uses.
#include "authguard.h"
#include "chatmessagemodel.h"
#include "chatroommodel.h"
#include "hubnames.h"
#include "knownhosts.h"
#include "tokenbucket.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

class tst_HubBounds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenBucketRateBurstAndStrikes()
    {
        TokenBucket b(10.0, 5, 1'000);
        int allowed = 0;
        for (int i = 0; i < 20; ++i)
            allowed += b.take(1'000);
        QCOMPARE(allowed, 5);                 // the burst
        QCOMPARE(b.strikesInWindow(1'000), 15);
        QVERIFY(!b.take(1'050));              // 0.5 token refilled: not enough
        QVERIFY(b.take(1'100));               // 1 token after 100 ms at 10/s
        QCOMPARE(b.strikesInWindow(2'051), 0); // strikes leave the window
        for (int i = 0; i < 10'000; ++i)
            b.take(3'000);
        QVERIFY(b.strikesInWindow(3'000) <= 4'096);   // the strike record is bounded too
        QVERIFY(b.take(1'000'000));           // refill caps at the burst...
        int again = 1;
        while (b.take(1'000'000))
            ++again;
        QCOMPARE(again, 5);                   // ...never more
    }

    void authGuardLocksThenForgets()
    {
        AuthGuard g(3, 60'000, 4);
        QCOMPARE(g.lockedForMs("a", 0), qint64(0));
        g.recordFailure("a", 0);
        g.recordFailure("a", 10'000);
        QCOMPARE(g.lockedForMs("a", 10'000), qint64(0));
        g.recordFailure("a", 20'000);
        QCOMPARE(g.lockedForMs("a", 20'000), qint64(40'000));   // until the first failure ages out
        QCOMPARE(g.lockedForMs("b", 20'000), qint64(0));        // per address
        QCOMPARE(g.lockedForMs("a", 60'001), qint64(0));
        for (int i = 0; i < 100; ++i)
            g.recordFailure(QString::number(i), 70'000 + i);
        QVERIFY(g.trackedAddresses() <= 4);
    }

    void knownHostsBoundDamageAndKeys()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("kh.json");
        constexpr int cap = 20;   // the default is KnownHosts::MaxEntries (1,000)
        KnownHosts k(path, cap);
        QVERIFY(k.load());   // missing file = empty
        QCOMPARE(KnownHosts::key("::1", 8765), QStringLiteral("[::1]:8765"));
        QCOMPARE(KnownHosts::key("Host.LAN", 1), QStringLiteral("host.lan:1"));
        QString error;
        QVERIFY(!k.trust("h", 1, "not-hex", &error));
        QVERIFY(error.contains("64 hex"));
        const QString fp(64, u'a');
        for (int i = 0; i < cap + 10; ++i)
            QVERIFY(k.trust("h", quint16(i + 1), fp));
        QCOMPARE(k.count(), cap);
        KnownHosts reread(path, cap);
        QVERIFY(reread.load());
        QCOMPARE(reread.count(), cap);
        QCOMPARE(reread.check("h", quint16(cap + 10), QString(64, u'A')), KnownHosts::Verdict::Trusted);
        QCOMPARE(reread.check("h", quint16(cap + 10), QString(64, u'b')), KnownHosts::Verdict::Changed);
        QCOMPARE(reread.check("other", 1, fp), KnownHosts::Verdict::Unknown);

        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"hosts\": {\"x:1\": {\"sha256\": \"zz\"}, \"y:2\": 5");
        f.close();
        KnownHosts damaged(path);
        QVERIFY(!damaged.load(&error));
        QVERIFY(error.contains("damaged"));
        QCOMPARE(damaged.count(), 0);
    }

    void chatMessageModelIsBounded()
    {
        ChatMessageModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<ChatMessage> batch;
        for (int i = 1; i <= 1500; ++i)
            batch.append({i, i * 1000, i % 2 ? "a" : "b", QString::number(i), false, false});
        m.append(batch);
        m.append(batch.mid(0, 1000));
        QCOMPARE(m.rowCount(), ChatMessageModel::MaxRows);
        QCOMPARE(m.index(0).data(ChatMessageModel::SeqRole).toLongLong(), qint64(501));   // oldest gone first
        QCOMPARE(m.index(0).data(ChatMessageModel::FirstOfGroupRole).toBool(), true);
        QList<ChatMessage> huge;
        for (int i = 0; i < 5000; ++i)
            huge.append({i, 0, "a", "x", false, false});
        m.reset(huge);
        QCOMPARE(m.rowCount(), ChatMessageModel::MaxRows);
        QCOMPARE(m.index(1).data(ChatMessageModel::FirstOfGroupRole).toBool(), false);   // same sender, same minute
    }

    void chatRoomModelIsBounded()
    {
        ChatRoomModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < ChatRoomModel::MaxRooms; ++i)
            QVERIFY(m.ensure(QString::number(i), false));
        QVERIFY(!m.ensure("one-too-many", false));
        QVERIFY(m.ensure("0", false));   // existing rows are fine
        m.setUnread("3", 7);
        m.setUnread("4", 2);
        QCOMPARE(m.totalUnread(), 9);
        m.remove("3");
        QCOMPARE(m.totalUnread(), 2);
        QCOMPARE(m.rowCount(), ChatRoomModel::MaxRooms - 1);
    }

    void nameRules_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("nick ok") << "nick" << "Al.ice_-9" << true;
        QTest::newRow("nick 24") << "nick" << QString(24, u'a') << true;
        QTest::newRow("nick 25") << "nick" << QString(25, u'a') << false;
        QTest::newRow("nick dot first") << "nick" << ".a" << false;
        QTest::newRow("nick unicode") << "nick" << "Zoë" << false;
        QTest::newRow("nick hub") << "nick" << "Hub" << false;
        QTest::newRow("room ok") << "room" << "lab-2_b" << true;
        QTest::newRow("room upper") << "room" << "Lab" << false;
        QTest::newRow("room dash first") << "room" << "-a" << false;
        QTest::newRow("room 33") << "room" << QString(33, u'a') << false;
        QTest::newRow("topic ok") << "topic" << "lab/temp.1/x-y_z" << true;
        QTest::newRow("topic empty segment") << "topic" << "a//b" << false;
        QTest::newRow("topic trailing slash") << "topic" << "a/" << false;
        QTest::newRow("topic dot") << "topic" << "a/./b" << false;
        QTest::newRow("topic 128") << "topic" << QString(128, u'a') << true;
        QTest::newRow("topic percent") << "topic" << "a%2fb" << false;
        QTest::newRow("text tab newline") << "text" << "a\tb\nc" << true;
        QTest::newRow("text cr") << "text" << "a\rb" << false;
        QTest::newRow("text nul") << "text" << QString(QChar(0)) << false;
        QTest::newRow("text del") << "text" << QString(QChar(0x7f)) << false;
        QTest::newRow("text C1 first") << "text" << QString(QChar(0x80)) << false;
        QTest::newRow("text C1 CSI") << "text" << (QStringLiteral("a") + QChar(0x9b) + QStringLiteral("2J")) << false;
        QTest::newRow("text C1 last") << "text" << QString(QChar(0x9f)) << false;
        QTest::newRow("text nbsp ok") << "text" << QString(QChar(0xa0)) << true;
        QTest::newRow("text emoji") << "text" << QString::fromUtf8("ok \xf0\x9f\x98\x80") << true;
        QTest::newRow("text bidi ok") << "text" << QString::fromUtf8("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d") << true;
    }
    void nameRules()
    {
        QFETCH(QString, kind);
        QFETCH(QString, value);
        QFETCH(bool, valid);
        const bool got = kind == "nick" ? HubNames::isValidNick(value)
                         : kind == "room" ? HubNames::isValidRoom(value)
                         : kind == "topic" ? HubNames::isValidTopic(value)
                                           : HubNames::isCleanText(value);
        QCOMPARE(got, valid);
    }
};

QTEST_GUILESS_MAIN(tst_HubBounds)
#include "tst_hubbounds.moc"
