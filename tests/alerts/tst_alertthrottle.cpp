// AlertThrottle: storm control. Time comes from event timestamps and advanceTime(),
// so a minute of alerts is simulated in microseconds.
#include "alertthrottle.h"

#include <QRandomGenerator>
#include <QtTest>

static AlertEvent raised(const QString &rule, qint64 t, AlertRule::Severity sev = AlertRule::Severity::Warning)
{
    AlertEvent e;
    e.rule = rule;
    e.state = AlertEvent::State::Raised;
    e.severity = sev;
    e.kind = AlertRule::Kind::Above;
    e.source = QStringLiteral("x");
    e.value = 1;
    e.t = t;
    return e;
}

class Sink
{
public:
    explicit Sink(AlertThrottle *throttle)
    {
        QObject::connect(throttle, &AlertThrottle::notificationReady, throttle,
                         [this](const AlertNotification &n) { list.append(n); });
    }
    QStringList titles() const
    {
        QStringList out;
        for (const AlertNotification &n : list)
            out << QStringLiteral("%1 @%2").arg(n.title).arg(n.t);
        return out;
    }
    QList<AlertNotification> list;
};

class TstAlertThrottle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void firstRaiseNotifiesAtOnce();
    void clearedEventsDoNotNotify();
    void repeatsOfOneRuleCoalesced();
    void coalescingOff();
    void perMinuteLimitSummarises();
    void summaryDoesNotStarve();
    void limitHoldsOverAnyMinuteAndNothingIsLost();
};

void TstAlertThrottle::defaults()
{
    AlertThrottle t;
    QCOMPARE(t.maxPerMinute(), 5);
    QCOMPARE(t.coalesceMs(), 60000);
    QSignalSpy changed(&t, &AlertThrottle::settingsChanged);
    t.setMaxPerMinute(0);
    QCOMPARE(t.maxPerMinute(), 1);      // at least one notification per minute
    t.setCoalesceMs(-5);
    QCOMPARE(t.coalesceMs(), 0);
    QCOMPARE(changed.size(), 2);
}

void TstAlertThrottle::firstRaiseNotifiesAtOnce()
{
    AlertThrottle throttle;
    Sink sink(&throttle);
    throttle.onAlertEvent(raised("BTC high", 1000, AlertRule::Severity::Critical));
    QCOMPARE(sink.list.size(), 1);
    const AlertNotification &n = sink.list.at(0);
    QCOMPARE(n.type, AlertNotification::Type::Alert);
    QCOMPARE(n.title, QStringLiteral("BTC high"));
    QCOMPARE(n.body, QStringLiteral("BTC high raised: x = 1"));
    QCOMPARE(n.severity, AlertRule::Severity::Critical);
    QCOMPARE(n.rule, QStringLiteral("BTC high"));
    QCOMPARE(n.source, QStringLiteral("x"));
    QCOMPARE(n.count, 1);
    QCOMPARE(n.t, 1000);
}

void TstAlertThrottle::clearedEventsDoNotNotify()
{
    AlertThrottle throttle;
    Sink sink(&throttle);
    AlertEvent e = raised("a", 0);
    e.state = AlertEvent::State::Cleared;
    throttle.onAlertEvent(e);
    throttle.advanceTime(1'000'000);
    QVERIFY(sink.list.isEmpty());
}

void TstAlertThrottle::repeatsOfOneRuleCoalesced()
{
    AlertThrottle throttle;
    Sink sink(&throttle);
    for (int i = 0; i < 10; ++i)
        throttle.onAlertEvent(raised("flappy", i * 1000));
    QCOMPARE(sink.titles(), QStringList{"flappy @0"});
    throttle.advanceTime(59999);
    QCOMPARE(sink.list.size(), 1);
    throttle.advanceTime(60000);
    QCOMPARE(sink.list.size(), 2);
    const AlertNotification &r = sink.list.at(1);
    QCOMPARE(r.type, AlertNotification::Type::Repeats);
    QCOMPARE(r.count, 9);
    QCOMPARE(r.title, QStringLiteral("flappy: 9 more times"));
    QCOMPARE(r.body, QStringLiteral("Raised 9 more times in 60 s. Latest: flappy raised: x = 1"));
    QCOMPARE(r.t, 60000);

    // Still firing: folded into the next window, one notification per minute.
    throttle.onAlertEvent(raised("flappy", 61000));
    QCOMPARE(sink.list.size(), 2);
    throttle.advanceTime(120000);
    QCOMPARE(sink.titles().last(), QStringLiteral("flappy: 1 more time @120000"));
    // A quiet window ends the coalescing: the next raise notifies at once.
    throttle.advanceTime(180000);
    QCOMPARE(sink.list.size(), 3);
    throttle.onAlertEvent(raised("flappy", 180001));
    QCOMPARE(sink.titles().last(), QStringLiteral("flappy @180001"));
    // Without advanceTime, the next event closes what is due first.
    throttle.onAlertEvent(raised("flappy", 180002));
    throttle.onAlertEvent(raised("other", 500000));
    QCOMPARE(sink.titles().mid(4), (QStringList{"flappy: 1 more time @240001", "other @500000"}));
}

void TstAlertThrottle::coalescingOff()
{
    AlertThrottle throttle;
    throttle.setCoalesceMs(0);
    Sink sink(&throttle);
    for (int i = 0; i < 3; ++i)
        throttle.onAlertEvent(raised("a", i));
    QCOMPARE(sink.list.size(), 3);
}

void TstAlertThrottle::perMinuteLimitSummarises()
{
    AlertThrottle throttle;
    Sink sink(&throttle);
    QSignalSpy held(&throttle, &AlertThrottle::heldBackChanged);
    for (int i = 0; i < 17; ++i)
        throttle.onAlertEvent(raised(QStringLiteral("rule %1").arg(i), i,
                                     i == 9 ? AlertRule::Severity::Critical : AlertRule::Severity::Info));
    QCOMPARE(sink.list.size(), 5);
    QCOMPARE(throttle.heldBack(), 12);
    QVERIFY(held.size() > 0);
    throttle.advanceTime(59999);
    QCOMPARE(sink.list.size(), 5);
    throttle.advanceTime(60000);        // the first of the five leaves the minute
    QCOMPARE(sink.list.size(), 6);
    const AlertNotification &s = sink.list.at(5);
    QCOMPARE(s.type, AlertNotification::Type::Overflow);
    QCOMPARE(s.title, QStringLiteral("12 more alerts"));
    QCOMPARE(s.count, 12);
    QCOMPARE(s.severity, AlertRule::Severity::Critical);   // the worst held back
    QCOMPARE(s.rule, QStringLiteral("rule 16"));            // the latest
    QCOMPARE(s.body, QStringLiteral("Latest: rule 16 raised: x = 1"));
    QCOMPARE(throttle.heldBack(), 0);
}

void TstAlertThrottle::summaryDoesNotStarve()
{
    AlertThrottle throttle;
    throttle.setMaxPerMinute(1);
    Sink sink(&throttle);
    throttle.onAlertEvent(raised("a", 0));
    throttle.onAlertEvent(raised("b", 1));            // held back
    throttle.onAlertEvent(raised("c", 60000));        // a slot is free, but the summary goes first
    QCOMPARE(sink.titles(), (QStringList{"a @0", "1 more alert @60000"}));
    QCOMPARE(throttle.heldBack(), 1);
    throttle.advanceTime(120000);
    QCOMPARE(sink.titles().last(), QStringLiteral("1 more alert @120000"));
}

void TstAlertThrottle::limitHoldsOverAnyMinuteAndNothingIsLost()
{
    AlertThrottle throttle;
    QList<qint64> sentAt;
    qint64 now = 0;
    int notified = 0;
    connect(&throttle, &AlertThrottle::notificationReady, this, [&](const AlertNotification &n) {
        sentAt.append(now);
        notified += n.count;
    });
    QRandomGenerator rng(42);
    int raisedCount = 0;
    // One simulated hour: bursts of up to 40 alerts from 30 rules, a tick every second.
    for (now = 0; now < 3'600'000; now += 1000) {
        const int burst = rng.bounded(100) < 10 ? rng.bounded(40) : rng.bounded(2);
        for (int i = 0; i < burst; ++i, ++raisedCount)
            throttle.onAlertEvent(raised(QStringLiteral("r%1").arg(rng.bounded(30)), now));
        throttle.advanceTime(now);
    }
    for (int i = 0; i < 100; ++i, now += 60000)   // let everything drain
        throttle.advanceTime(now);
    QVERIFY(raisedCount > 1000);
    QCOMPARE(notified, raisedCount);      // every alert is in some notification's count
    QCOMPARE(throttle.heldBack(), 0);
    for (qsizetype i = 5; i < sentAt.size(); ++i)
        QVERIFY2(sentAt[i] - sentAt[i - 5] >= 60000, "more than 5 notifications within a minute");
    qInfo("%d alerts became %lld notifications", raisedCount, qlonglong(sentAt.size()));
}

QTEST_GUILESS_MAIN(TstAlertThrottle)
#include "tst_alertthrottle.moc"
