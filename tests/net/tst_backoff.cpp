// Backoff: every delay within [floor, ceiling], ceilings double up to the cap, reset()
// starts over, a seed makes the sequence reproducible, huge attempt counts stay sane.
#include "backoff.h"

#include <QSet>
#include <QTest>

class tst_Backoff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        const BackoffPolicy p;
        QCOMPARE(p.baseMs, 500);
        QCOMPARE(p.capMs, 30'000);
        QCOMPARE(p.floorMs, 100);
    }

    void delaysWithinBounds_data()
    {
        QTest::addColumn<int>("base");
        QTest::addColumn<int>("cap");
        QTest::addColumn<int>("floor");
        QTest::newRow("defaults") << 500 << 30'000 << 100;
        QTest::newRow("small") << 50 << 400 << 20;
        QTest::newRow("floor above base") << 10 << 1000 << 200;
        QTest::newRow("cap below base") << 5000 << 1000 << 100;
    }
    void delaysWithinBounds()
    {
        QFETCH(int, base);
        QFETCH(int, cap);
        QFETCH(int, floor);
        Backoff b({base, cap, floor}, 1234);
        for (int i = 0; i < 200; ++i) {
            const qint64 expectedCeiling =
                std::max<qint64>(floor, std::min<qint64>(cap, qint64(base) << std::min(i, 40)));
            QCOMPARE(b.currentCeilingMs(), int(expectedCeiling));
            QCOMPARE(b.attempt(), i);
            const int d = b.nextDelayMs();
            QVERIFY2(d >= floor && d <= expectedCeiling,
                     qPrintable(QStringLiteral("attempt %1: delay %2 outside [%3, %4]")
                                    .arg(i).arg(d).arg(floor).arg(expectedCeiling)));
        }
    }

    void doublesThenCaps()
    {
        Backoff b({500, 30'000, 100}, 7);
        const QList<int> expected{500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (int ceiling : expected) {
            QCOMPARE(b.currentCeilingMs(), ceiling);
            b.nextDelayMs();
        }
    }

    void fullJitterSpreadsDelays()
    {
        // Full jitter: delays for the same ceiling are spread over [floor, ceiling], not all
        // near the ceiling (which would make every client retry in lock-step).
        Backoff b({30'000, 30'000, 100}, 99);
        QSet<int> distinct;
        int below = 0;
        for (int i = 0; i < 1000; ++i) {
            const int d = b.nextDelayMs();
            distinct.insert(d);
            below += d < 15'000;
        }
        QVERIFY(distinct.size() > 500);
        QVERIFY2(below > 350 && below < 650, qPrintable(QString::number(below)));
    }

    void resetStartsOver()
    {
        Backoff b({100, 10'000, 10}, 3);
        for (int i = 0; i < 6; ++i)
            b.nextDelayMs();
        QCOMPARE(b.attempt(), 6);
        QCOMPARE(b.currentCeilingMs(), 6400);
        b.reset();
        QCOMPARE(b.attempt(), 0);
        QCOMPARE(b.currentCeilingMs(), 100);
        QVERIFY(b.nextDelayMs() <= 100);
    }

    void seedIsDeterministic()
    {
        Backoff a({}, 42), b({}, 42), c({}, 43);
        QList<int> da, db, dc;
        for (int i = 0; i < 20; ++i) {
            da << a.nextDelayMs();
            db << b.nextDelayMs();
            dc << c.nextDelayMs();
        }
        QCOMPARE(da, db);
        QVERIFY(da != dc);

        Backoff r({}, 42);
        r.nextDelayMs();
        r.reseed(42);
        r.reset();
        QCOMPARE(r.nextDelayMs(), da.first());
    }

    void noOverflowAtAttempt1000()
    {
        Backoff b({}, 5);
        for (int i = 0; i < 1000; ++i)
            b.nextDelayMs();
        QCOMPARE(b.attempt(), 1000);
        QCOMPARE(b.currentCeilingMs(), 30'000);
        for (int i = 0; i < 100; ++i) {
            const int d = b.nextDelayMs();
            QVERIFY(d >= 100 && d <= 30'000);
        }
    }

    void nonsensePolicyNeverBusyLoops()
    {
        // Zero or negative settings are clamped: the delay is never 0 ms.
        Backoff b({0, -5, -1}, 11);
        for (int i = 0; i < 100; ++i)
            QVERIFY(b.nextDelayMs() >= 1);
        QVERIFY(b.policy().floorMs >= 1);
        QVERIFY(b.policy().capMs >= b.policy().floorMs);
    }
};

QTEST_GUILESS_MAIN(tst_Backoff)
#include "tst_backoff.moc"
