// AlertEngine: every rule kind, driven only by the timestamps the test passes in
// (never the clock). Events are compared as compact lines "rule state source value @t".
#include "alertengine.h"

#include <QElapsedTimer>
#include <QtTest>
#include <atomic>
#include <cmath>
#include <limits>

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
// Counts heap allocations by interposing malloc and friends (Qt's containers call
// malloc directly, so counting operator new alone would miss them).
#define PB_COUNT_ALLOCATIONS 1
extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
}
static std::atomic<bool> g_counting{false};
static std::atomic<long> g_allocations{0};
extern "C" void *malloc(size_t n)
{
    if (g_counting.load(std::memory_order_relaxed))
        g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(n);
}
extern "C" void *calloc(size_t n, size_t s)
{
    if (g_counting.load(std::memory_order_relaxed))
        g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(n, s);
}
extern "C" void *realloc(void *p, size_t n)
{
    if (g_counting.load(std::memory_order_relaxed))
        g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(p, n);
}
#endif

using State = FeedState;

// Records every event as a line; the engine is driven directly by the test.
class Recorder
{
public:
    explicit Recorder(AlertEngine *engine)
    {
        QObject::connect(engine, &AlertEngine::alertEvent, engine, [this](const AlertEvent &e) {
            events.append(e);
            lines.append(QStringLiteral("%1 %2 %3 %4 @%5")
                             .arg(e.rule, AlertEvent::stateName(e.state), e.source,
                                  QString::number(e.value, 'g', 12), QString::number(e.t)));
        });
    }
    QStringList take()
    {
        QStringList out = lines;
        lines.clear();
        events.clear();
        return out;
    }
    QStringList lines;
    QList<AlertEvent> events;
};

static AlertRuleSet rules(const QByteArray &rulesArray)
{
    AlertRuleSet set;
    QString error;
    if (!AlertRuleSet::fromJson("{\"rules\":" + rulesArray + "}", &set, &error))
        qFatal("bad rules in test: %s", qPrintable(error));
    return set;
}

class TstAlertEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aboveRaisesAndClearsOnce();
    void belowRaisesAndClears();
    void hysteresisPreventsFlapping();
    void minimumDuration();
    void minimumDurationDoesNotDependOnAdvanceTime();
    void rateOfChange();
    void ratePerSecondAndDirection();
    void rateUsesValueHeldAtWindowStart();
    void rateWindowIsBounded();
    void rateClearsWhenTheWindowSlidesPastTheJump();
    void rateWaitDroppedWhenTheJumpLeavesTheWindow();
    void staleDrivenByAdvanceTime();
    void staleWithoutAdvanceTime();
    void staleNeverSentIgnoresOtherSeriesTimestamps();
    void staleNeverSentCountsFromStartNotFirstTick();
    void staleGlobTracksSeenSeriesOnly();
    void connectionLostFailedRestored();
    void connectionDeliberateCloseIsQuiet();
    void connectionFailedOnFirstConnect();
    void connectionGlob();
    void chatMention();
    void chatPrivateMessage();
    void chatWatchedRoom();
    void chatHostileText();
    void globTracksStatePerSeries();
    void disabledRuleIsSilent();
    void mutedRule();
    void snoozeFromFile();
    void snoozeAtRuntime();
    void setRulesForgetsState();
    void outOfOrderAndNonFiniteSamplesIgnored();
    void batchesEqualSingles();
    void postToRoomIsCarried();
    void limitsBoundTrackedSeries();
    void ndjsonFormat();
    void noAllocationOnHotPath();
    void throughput();
};

void TstAlertEngine::aboveRaisesAndClearsOnce()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"hi","kind":"above","series":"x","raise":10,"clear":8,"severity":"critical"}])"));
    Recorder rec(&engine);
    const double values[] = {5, 10, 11, 9, 12, 8.5, 8, 7, 10};
    qint64 t = 1000;
    for (double v : values)
        engine.onSample(QStringLiteral("x"), t += 1000, v);
    QCOMPARE(rec.take(), (QStringList{"hi raised x 11 @4000", "hi cleared x 8 @8000"}));
    engine.onSample(QStringLiteral("y"), 20000, 100);   // other series: nothing
    QVERIFY(rec.take().isEmpty());
}

void TstAlertEngine::belowRaisesAndClears()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"lo","kind":"below","series":"x","raise":0,"clear":2}])"));
    Recorder rec(&engine);
    engine.onSample(QStringLiteral("x"), 1, 1);
    engine.onSample(QStringLiteral("x"), 2, 0);     // not below 0
    engine.onSample(QStringLiteral("x"), 3, -0.5);
    engine.onSample(QStringLiteral("x"), 4, 1.9);
    engine.onSample(QStringLiteral("x"), 5, 2);
    QCOMPARE(rec.take(), (QStringList{"lo raised x -0.5 @3", "lo cleared x 2 @5"}));
    QCOMPARE(rec.events.size(), 0);
}

void TstAlertEngine::hysteresisPreventsFlapping()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"h","kind":"above","series":"x","raise":10,"clear":9},
                              {"name":"bare","kind":"above","series":"x","raise":10}])"));
    Recorder rec(&engine);
    // Noise around the raise level, never down to the clear level.
    for (int i = 0; i < 1000; ++i)
        engine.onSample(QStringLiteral("x"), i, i % 2 ? 10.4 : 9.6);
    const QStringList withHysteresis = rec.lines.filter(QRegularExpression("^h "));
    QCOMPARE(withHysteresis, QStringList{"h raised x 10.4 @1"});
    // The same signal flaps a rule without a clear level: the hysteresis is what helps.
    QCOMPARE(rec.lines.filter(QRegularExpression("^bare raised")).size(), 500);
    rec.take();
    engine.onSample(QStringLiteral("x"), 2000, 9);
    QCOMPARE(rec.take(), (QStringList{"h cleared x 9 @2000", "bare cleared x 9 @2000"}) );
}

void TstAlertEngine::minimumDuration()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"d","kind":"above","series":"x","raise":10,"clear":5,"forSeconds":5}])"));
    Recorder rec(&engine);
    engine.onSample(QStringLiteral("x"), 0, 11);
    engine.onSample(QStringLiteral("x"), 1000, 12);
    engine.onSample(QStringLiteral("x"), 2000, 9);      // below raise: the wait starts over
    engine.onSample(QStringLiteral("x"), 3000, 11);
    engine.onSample(QStringLiteral("x"), 7999, 11);
    QVERIFY(rec.lines.isEmpty());
    engine.onSample(QStringLiteral("x"), 8000, 13);
    QCOMPARE(rec.take(), QStringList{"d raised x 11 @8000"});   // held since 3000: raised at 3000+5000

    // Time alone completes the wait.
    engine.setRules(engine.rules());
    engine.onSample(QStringLiteral("x"), 100000, 20);
    engine.advanceTime(104999);
    QVERIFY(rec.lines.isEmpty());
    engine.advanceTime(105000);
    engine.advanceTime(200000);
    QCOMPARE(rec.take(), QStringList{"d raised x 20 @105000"});
    engine.onSample(QStringLiteral("x"), 200001, 4);
    QCOMPARE(rec.take(), QStringList{"d cleared x 4 @200001"});
}

void TstAlertEngine::minimumDurationDoesNotDependOnAdvanceTime()
{
    // The value 11 held from 0 to 60 s, so the 5 s rule raised at 5 s, whether or not
    // advanceTime() looked in between; then 1 at 60 s clears it.
    const auto run = [](bool tick) {
        AlertEngine engine;
        engine.setRules(rules(R"([{"name":"d","kind":"above","series":"x","raise":10,"forSeconds":5}])"));
        Recorder rec(&engine);
        engine.onSample(QStringLiteral("x"), 0, 11);
        for (qint64 t = 100; tick && t < 60000; t += 100)
            engine.advanceTime(t);
        engine.onSample(QStringLiteral("x"), 60000, 1);
        return rec.take();
    };
    const QStringList expected{"d raised x 11 @5000", "d cleared x 1 @60000"};
    QCOMPARE(run(false), expected);
    QCOMPARE(run(true), expected);
}

void TstAlertEngine::rateOfChange()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"r","kind":"rate","series":"p","windowSeconds":10,"raise":5,"clear":2}])"));
    Recorder rec(&engine);
    for (int s = 0; s <= 10; ++s)
        engine.onSample(QStringLiteral("p"), s * 1000, 0);
    engine.onSample(QStringLiteral("p"), 11000, 6);          // +6 against the value at 1 s
    QCOMPARE(rec.take(), QStringList{"r raised p 6 @11000"});
    for (int s = 12; s <= 20; ++s)                            // window still sees the jump
        engine.onSample(QStringLiteral("p"), s * 1000, 6);
    QVERIFY(rec.lines.isEmpty());
    engine.onSample(QStringLiteral("p"), 21000, 6);          // value at 11 s was 6: change 0
    QCOMPARE(rec.take(), QStringList{"r cleared p 0 @21000"});
    // A 4 s drop of 4 is between clear and raise: nothing.
    engine.onSample(QStringLiteral("p"), 22000, 2);
    QVERIFY(rec.lines.isEmpty());
}

void TstAlertEngine::ratePerSecondAndDirection()
{
    AlertEngine engine;
    engine.setRules(rules(R"([
        {"name":"ps","kind":"rate","series":"p","windowSeconds":10,"mode":"perSecond","raise":0.5},
        {"name":"up","kind":"rate","series":"p","windowSeconds":10,"direction":"up","raise":5},
        {"name":"down","kind":"rate","series":"p","windowSeconds":10,"direction":"down","raise":5}])"));
    Recorder rec(&engine);
    engine.onSample(QStringLiteral("p"), 0, 0);
    engine.onSample(QStringLiteral("p"), 10000, 6);   // +6 in 10 s: 0.6/s
    QCOMPARE(rec.take(), (QStringList{"ps raised p 0.6 @10000", "up raised p 6 @10000"}));
    engine.onSample(QStringLiteral("p"), 20000, 0);   // -6 in 10 s
    QCOMPARE(rec.take(), (QStringList{"up cleared p -6 @20000", "down raised p -6 @20000"}));
    QCOMPARE(rec.events.size(), 0);
}

void TstAlertEngine::rateUsesValueHeldAtWindowStart()
{
    // Sparse samples: the value at t-10 s is the one held since t=0.
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"r","kind":"rate","series":"p","windowSeconds":10,"raise":5}])"));
    Recorder rec(&engine);
    engine.onSample(QStringLiteral("p"), 0, 0);
    engine.onSample(QStringLiteral("p"), 30000, 10);
    QCOMPARE(rec.take(), QStringList{"r raised p 10 @30000"});
}

// A jump raises; then no sample comes. Values are held, so once a whole window has passed
// since the last sample the change is 0: the rule clears at lastT + window (value 0),
// whether advanceTime() or the next sample notices, and not before.
void TstAlertEngine::rateClearsWhenTheWindowSlidesPastTheJump()
{
    for (const bool byTick : {true, false}) {
        AlertEngine engine;
        engine.setRules(rules(R"([{"name":"r","kind":"rate","series":"p","windowSeconds":10,"raise":5}])"));
        Recorder rec(&engine);
        engine.onSample(QStringLiteral("p"), 0, 0);
        engine.onSample(QStringLiteral("p"), 5000, 10);
        QCOMPARE(rec.take(), QStringList{"r raised p 10 @5000"});
        if (byTick) {
            engine.advanceTime(14'999);   // the jump is still in the window
            QVERIFY(rec.lines.isEmpty());
            QVERIFY(engine.isRaised("r", "p"));
            engine.advanceTime(16'000);
            QCOMPARE(rec.take(), QStringList{"r cleared p 0 @15000"});
            engine.advanceTime(60'000);
            QVERIFY(rec.lines.isEmpty());   // once
        }
        // The next sample compares with the value held (10), not with the old 0.
        engine.onSample(QStringLiteral("p"), 30'000, 11);
        QCOMPARE(rec.take(), byTick ? QStringList{} : QStringList{"r cleared p 0 @15000"});
        QVERIFY(!engine.isRaised("r", "p"));
        engine.onSample(QStringLiteral("p"), 31'000, 17);   // +7 against the 10 held at 21 s
        QCOMPARE(rec.take(), QStringList{"r raised p 7 @31000"});
    }
}

// A jump starts a 20 s wait, but it leaves the 10 s window first: nothing raises. With a
// 3 s wait it raises at the end of the wait, then clears when the window has slid past.
void TstAlertEngine::rateWaitDroppedWhenTheJumpLeavesTheWindow()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"long","kind":"rate","series":"p","windowSeconds":10,"raise":5,"forSeconds":20},
                              {"name":"short","kind":"rate","series":"p","windowSeconds":10,"raise":5,"forSeconds":3}])"));
    Recorder rec(&engine);
    engine.onSample(QStringLiteral("p"), 0, 0);
    engine.onSample(QStringLiteral("p"), 1000, 10);
    QVERIFY(rec.lines.isEmpty());
    engine.advanceTime(60'000);
    QCOMPARE(rec.take(), (QStringList{"short raised p 10 @4000", "short cleared p 0 @11000"}));
    engine.advanceTime(120'000);
    QVERIFY(rec.lines.isEmpty());
    QCOMPARE(engine.raisedCount(), 0);
}

void TstAlertEngine::rateWindowIsBounded()
{
    RateWindow w;
    w.configure(60000);
    double change = 0;
    for (qint64 t = 0; t < 200000; ++t)   // 1 kHz for 200 s
        change = w.add(t, double(t));
    QVERIFY(w.size() <= w.capacity());
    QCOMPARE(w.capacity(), RateWindow::DefaultBuckets + 2);
    // Resolution is one bucket (60 s / 256 = 234 ms) at worst.
    QVERIFY2(std::abs(change - 60000) <= 235, qPrintable(QString::number(change)));
}

void TstAlertEngine::staleDrivenByAdvanceTime()
{
    AlertEngine engine;
    engine.setClock([] { return qint64(0); });   // the engine starts at 0: "x" has never sent
    engine.setRules(rules(R"([{"name":"s","kind":"stale","series":"x","afterSeconds":5}])"));
    QCOMPARE(engine.startedAt(), 0);
    Recorder rec(&engine);
    engine.advanceTime(4999);
    QVERIFY(rec.lines.isEmpty());
    engine.advanceTime(5000);
    QCOMPARE(rec.take(), QStringList{"s raised x 0 @5000"});
    engine.advanceTime(9000);
    QVERIFY(rec.lines.isEmpty());   // raised once, not on every tick
    engine.onSample(QStringLiteral("x"), 9500, 3);
    QCOMPARE(rec.take(), QStringList{"s cleared x 3 @9500"});
    engine.advanceTime(14499);
    QVERIFY(rec.lines.isEmpty());
    engine.advanceTime(20000);
    QCOMPARE(rec.take(), QStringList{"s raised x 3 @14500"});   // the moment it became stale
}

// A series named exactly that never sends is silent from the engine's start, whatever the
// other series' timestamps say: data stamped a day ago must not make it stale at once
// (it used to be, stamped before the process started).
void TstAlertEngine::staleNeverSentIgnoresOtherSeriesTimestamps()
{
    constexpr qint64 T0 = 1'700'000'000'000;
    constexpr qint64 day = 86'400'000;
    AlertEngine engine;
    engine.setClock([] { return T0; });
    engine.setRules(rules(R"([{"name":"s","kind":"stale","series":"x","afterSeconds":5}])"));
    Recorder rec(&engine);
    engine.onSample(QStringLiteral("y"), T0 - day, 1);           // replayed/old data
    engine.onSample(QStringLiteral("y"), T0 - day + 1000, 2);
    engine.advanceTime(T0 + 1000);
    engine.advanceTime(T0 + 4999);
    QVERIFY2(rec.lines.isEmpty(), qPrintable(rec.lines.join(u'|')));
    engine.advanceTime(T0 + 5000);
    QCOMPARE(rec.take(), QStringList{"s raised x 0 @1700000005000"});
}

// ... nor from the first tick or the first sample of another series: no tick before the
// deadline, a current sample of "y" 0.9 s after the start; "x" is stale at start + 5 s
// exactly (it used to count from the first time the engine saw, ~1 s late).
void TstAlertEngine::staleNeverSentCountsFromStartNotFirstTick()
{
    constexpr qint64 T0 = 1'700'000'000'000;
    qint64 now = T0;
    AlertEngine engine;
    engine.setClock([&now] { return now; });
    engine.setRules(rules(R"([{"name":"s","kind":"stale","series":"x","afterSeconds":5},
                              {"name":"t","kind":"stale","series":"z","afterSeconds":5}])"));
    now = T0 + 700;   // the clock moves on; the start stays where setRules() read it
    Recorder rec(&engine);
    engine.onSample(QStringLiteral("y"), T0 + 900, 1);
    engine.advanceTime(T0 + 5000);
    QCOMPARE(rec.take(), (QStringList{"s raised x 0 @1700000005000", "t raised z 0 @1700000005000"}));

    // The first tick alone must not be the start either.
    AlertEngine second;
    now = T0;
    second.setClock([&now] { return now; });
    second.setRules(rules(R"([{"name":"s","kind":"stale","series":"x","afterSeconds":5}])"));
    Recorder rec2(&second);
    second.advanceTime(T0 + 1000);
    QVERIFY(rec2.lines.isEmpty());
    second.advanceTime(T0 + 5000);
    QCOMPARE(rec2.take(), QStringList{"s raised x 0 @1700000005000"});

    // setRules() restarts: the silence counts from the new start.
    now = T0 + 10'000;
    second.setRules(second.rules());
    QCOMPARE(second.startedAt(), T0 + 10'000);
    second.advanceTime(T0 + 14'999);
    QVERIFY(rec2.lines.isEmpty());
    second.advanceTime(T0 + 15'000);
    QCOMPARE(rec2.take(), QStringList{"s raised x 0 @1700000015000"});
}

void TstAlertEngine::staleWithoutAdvanceTime()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"s","kind":"stale","series":"x","afterSeconds":5}])"));
    Recorder rec(&engine);
    engine.onSample(QStringLiteral("x"), 0, 1);
    engine.onSample(QStringLiteral("x"), 4000, 2);
    engine.onSample(QStringLiteral("x"), 20000, 3);   // a 16 s gap: it was stale from 9 s
    QCOMPARE(rec.take(), (QStringList{"s raised x 2 @9000", "s cleared x 3 @20000"}));
}

void TstAlertEngine::staleGlobTracksSeenSeriesOnly()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"s","kind":"stale","series":"*.price","afterSeconds":5}])"));
    Recorder rec(&engine);
    engine.advanceTime(0);
    engine.onSample(QStringLiteral("A.price"), 1000, 1);
    engine.onSample(QStringLiteral("B.price"), 3000, 1);
    engine.onSample(QStringLiteral("A.volume"), 3000, 1);
    engine.advanceTime(6000);
    QCOMPARE(rec.take(), QStringList{"s raised A.price 1 @6000"});
    engine.advanceTime(8000);
    QCOMPARE(rec.take(), QStringList{"s raised B.price 1 @8000"});
    QVERIFY(engine.isRaised(QStringLiteral("s"), QStringLiteral("A.price")));
    QCOMPARE(engine.raisedCount(), 2);
}

void TstAlertEngine::connectionLostFailedRestored()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"lost","kind":"connectionLost"},
        {"name":"failed","kind":"connectionFailed","connection":"ex","afterSeconds":30},
        {"name":"back","kind":"connectionRestored"}])"));
    Recorder rec(&engine);
    const QString ex = QStringLiteral("ex");
    engine.onConnectionState(ex, State::Connecting, 0);
    engine.onConnectionState(ex, State::Live, 100);
    QVERIFY(rec.lines.isEmpty());                    // first connect: not "restored"
    engine.onConnectionState(ex, State::Reconnecting, 1000);
    QCOMPARE(rec.take(), QStringList{"lost raised ex 0 @1000"});
    engine.onConnectionState(ex, State::Connecting, 1500);
    engine.onConnectionState(ex, State::Reconnecting, 2000);
    engine.advanceTime(30999);
    QVERIFY(rec.lines.isEmpty());
    engine.advanceTime(31000);
    engine.advanceTime(35000);
    QCOMPARE(rec.take(), QStringList{"failed raised ex 30 @31000"});
    engine.onConnectionState(ex, State::Failed, 36000);
    QVERIFY(rec.lines.isEmpty());
    engine.onConnectionState(ex, State::Live, 40000);
    QCOMPARE(rec.take(), (QStringList{"lost cleared ex 39 @40000", "failed cleared ex 39 @40000",
                                      "back raised ex 39 @40000"}));
    // A short outage: lost and back, never failed; state changes alone (no advanceTime).
    engine.onConnectionState(ex, State::Reconnecting, 50000);
    engine.onConnectionState(ex, State::Live, 52000);
    QCOMPARE(rec.take(), (QStringList{"lost raised ex 0 @50000", "lost cleared ex 2 @52000", "back raised ex 2 @52000"}));
    // A long outage seen only through state changes still reports "failed" at 30 s.
    engine.onConnectionState(ex, State::Reconnecting, 60000);
    engine.onConnectionState(ex, State::Live, 100000);
    QCOMPARE(rec.take(), (QStringList{"lost raised ex 0 @60000", "failed raised ex 30 @90000",
                                      "lost cleared ex 40 @100000", "failed cleared ex 40 @100000",
                                      "back raised ex 40 @100000"}));
}

void TstAlertEngine::connectionDeliberateCloseIsQuiet()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"lost","kind":"connectionLost"},{"name":"back","kind":"connectionRestored"}])"));
    Recorder rec(&engine);
    engine.onConnectionState(QStringLiteral("c"), State::Live, 0);
    engine.onConnectionState(QStringLiteral("c"), State::Closed, 1000);
    engine.onConnectionState(QStringLiteral("c"), State::Connecting, 2000);
    engine.onConnectionState(QStringLiteral("c"), State::Live, 3000);
    QVERIFY2(rec.lines.isEmpty(), qPrintable(rec.lines.join('\n')));
    // Lost, then closed by the user while down: the alert clears.
    engine.onConnectionState(QStringLiteral("c"), State::Reconnecting, 4000);
    engine.onConnectionState(QStringLiteral("c"), State::Closed, 5000);
    QCOMPARE(rec.take(), (QStringList{"lost raised c 0 @4000", "lost cleared c 1 @5000"}));
}

void TstAlertEngine::connectionFailedOnFirstConnect()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"failed","kind":"connectionFailed","afterSeconds":10},
                              {"name":"lost","kind":"connectionLost"}])"));
    Recorder rec(&engine);
    engine.onConnectionState(QStringLiteral("c"), State::Connecting, 0);
    engine.onConnectionState(QStringLiteral("c"), State::Reconnecting, 500);
    engine.advanceTime(10000);
    QCOMPARE(rec.take(), QStringList{"failed raised c 10 @10000"});   // never connected at all
}

void TstAlertEngine::connectionGlob()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"lost","kind":"connectionLost","connection":"exchange-*"}])"));
    Recorder rec(&engine);
    for (const char *name : {"exchange-a", "sensors", "exchange-b"}) {
        engine.onConnectionState(QString::fromLatin1(name), State::Live, 0);
        engine.onConnectionState(QString::fromLatin1(name), State::Reconnecting, 10);
    }
    QCOMPARE(rec.take(), (QStringList{"lost raised exchange-a 0 @10", "lost raised exchange-b 0 @10"}));
}

void TstAlertEngine::chatMention()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"m","kind":"mention"},{"name":"ops","kind":"mention","room":"ops*"}])"));
    Recorder rec(&engine);
    const QString bob = QStringLiteral("bob");
    engine.onChatMessage("general", "alice", "hi bob!", false, 1, bob);
    engine.onChatMessage("general", "alice", "bobcat and kabob", false, 2, bob);   // not a word
    engine.onChatMessage("ops-eu", "carol", "@Bob: look", false, 3, bob);          // any case, '@'
    engine.onChatMessage("general", "bob", "I am bob", false, 4, bob);             // my own message
    engine.onChatMessage("", "alice", "bob?", true, 5, bob);                        // private: not a mention
    engine.onChatMessage("general", "alice", "hi bob", false, 6, QString());        // no nick known
    engine.onChatMessage("general", "alice", "bob", false, 7, bob);
    QCOMPARE(rec.take(), (QStringList{"m raised general 0 @1", "m raised ops-eu 0 @3", "ops raised ops-eu 0 @3",
                                      "m raised general 0 @7"}));
}

void TstAlertEngine::chatPrivateMessage()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"pm","kind":"privateMessage"},{"name":"boss","kind":"privateMessage","from":"boss"}])"));
    Recorder rec(&engine);
    engine.onChatMessage("", "alice", "psst", true, 1, "bob");
    engine.onChatMessage("general", "alice", "hello all", false, 2, "bob");
    engine.onChatMessage("", "boss", "call me", true, 3, "bob");
    QCOMPARE(rec.take(), (QStringList{"pm raised alice 0 @1", "pm raised boss 0 @3", "boss raised boss 0 @3"}));
}

void TstAlertEngine::chatWatchedRoom()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"ops","kind":"roomMessage","room":"ops"}])"));
    Recorder rec(&engine);
    engine.onChatMessage("general", "alice", "x", false, 1, "bob");
    engine.onChatMessage("ops", "alice", "disk full", false, 2, "bob");
    engine.onChatMessage("ops", "bob", "on it", false, 3, "bob");
    QCOMPARE(rec.take(), QStringList{"ops raised ops 0 @2"});
    engine.onChatMessage("ops", "alice", "again", false, 4, "bob");
    QCOMPARE(rec.events.size(), 1);
    QCOMPARE(rec.events.at(0).detail, QStringLiteral("alice: again"));
    QCOMPARE(rec.events.at(0).kind, AlertRule::Kind::RoomMessage);
}

void TstAlertEngine::chatHostileText()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"m","kind":"mention"}])"));
    Recorder rec(&engine);
    const QString huge = QString(1'000'000, u'b') + QStringLiteral(" bob");
    QElapsedTimer timer;
    timer.start();
    engine.onChatMessage("general", "eve", huge, false, 1, "bob");
    QVERIFY2(timer.elapsed() < 10000, "a 1 MB chat message must not stall the engine");
    QCOMPARE(rec.events.size(), 1);
    QCOMPARE(rec.events.at(0).detail.size(), 200);   // shortened for toasts and lists
    QVERIFY(rec.events.at(0).detail.endsWith(QChar(0x2026)));
}

void TstAlertEngine::globTracksStatePerSeries()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"p","kind":"above","series":"*.price","raise":10}])"));
    Recorder rec(&engine);
    engine.onSample("A.price", 1, 11);
    engine.onSample("B.price", 2, 12);
    engine.onSample("A.price", 3, 13);      // A already raised
    engine.onSample("C.volume", 4, 100);    // not selected
    engine.onSample("A.price", 5, 5);
    QCOMPARE(rec.take(), (QStringList{"p raised A.price 11 @1", "p raised B.price 12 @2", "p cleared A.price 5 @5"}));
    QVERIFY(!engine.isRaised("p", "A.price"));
    QVERIFY(engine.isRaised("p", "B.price"));
    QCOMPARE(engine.raisedCount(), 1);
}

void TstAlertEngine::disabledRuleIsSilent()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"a","kind":"above","series":"x","raise":1,"enabled":false},
                              {"name":"s","kind":"stale","series":"x","afterSeconds":1,"enabled":false},
                              {"name":"m","kind":"mention","enabled":false}])"));
    Recorder rec(&engine);
    engine.onSample("x", 0, 5);
    engine.advanceTime(100000);
    engine.onChatMessage("r", "alice", "bob", false, 1, "bob");
    QVERIFY(rec.lines.isEmpty());
    QVERIFY(engine.setRuleEnabled("a", true));
    QVERIFY(!engine.setRuleEnabled("nope", true));
    engine.onSample("x", 100001, 5);
    QCOMPARE(rec.take(), QStringList{"a raised x 5 @100001"});
    QVERIFY(engine.rules().rules.at(0).enabled);   // the switch shows in rules() for saving
}

void TstAlertEngine::mutedRule()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"a","kind":"above","series":"x","raise":1}])"));
    Recorder rec(&engine);
    engine.onSample("x", 0, 5);
    QCOMPARE(rec.take(), QStringList{"a raised x 5 @0"});
    QVERIFY(engine.setRuleMuted("a", true));
    QVERIFY(!engine.isRaised("a", "x"));             // forgotten, without a "cleared"
    engine.onSample("x", 1, 0);
    engine.onSample("x", 2, 5);
    QVERIFY(rec.lines.isEmpty());
    QVERIFY(engine.setRuleMuted("a", false));
    engine.onSample("x", 3, 6);
    QCOMPARE(rec.take(), QStringList{"a raised x 6 @3"});
}

void TstAlertEngine::snoozeFromFile()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"a","kind":"above","series":"x","raise":10,"snoozeUntil":5000},
                              {"name":"s","kind":"stale","series":"y","afterSeconds":1,"snoozeUntil":5000},
                              {"name":"m","kind":"mention","snoozeUntil":5000}])"));
    Recorder rec(&engine);
    engine.onSample("x", 1000, 11);
    engine.onSample("y", 1000, 1);
    engine.onChatMessage("r", "alice", "bob", false, 1000, "bob");   // dropped: snoozed
    engine.advanceTime(4999);
    QVERIFY(rec.lines.isEmpty());
    engine.advanceTime(5000);   // still true when the snooze ends: raised then
    QCOMPARE(rec.take(), (QStringList{"a raised x 11 @5000", "s raised y 1 @5000"}));
    engine.onChatMessage("r", "alice", "bob", false, 5001, "bob");
    QCOMPARE(rec.take(), QStringList{"m raised r 0 @5001"});
}

void TstAlertEngine::snoozeAtRuntime()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"a","kind":"above","series":"x","raise":10,"clear":5}])"));
    Recorder rec(&engine);
    engine.onSample("x", 0, 11);
    QCOMPARE(rec.take(), QStringList{"a raised x 11 @0"});
    QVERIFY(engine.snoozeRule("a", 60000));
    engine.onSample("x", 1000, 1);      // would clear, but the rule is quiet and forgot it
    engine.onSample("x", 2000, 12);
    engine.advanceTime(59999);
    QVERIFY(rec.lines.isEmpty());
    engine.onSample("x", 61000, 12);
    QCOMPARE(rec.take(), QStringList{"a raised x 12 @60000"});
    QCOMPARE(engine.rules().rules.at(0).snoozeUntilMs, 60000);
}

void TstAlertEngine::setRulesForgetsState()
{
    AlertEngine engine;
    QSignalSpy changed(&engine, &AlertEngine::rulesChanged);
    engine.setRules(rules(R"([{"name":"a","kind":"above","series":"x","raise":1}])"));
    Recorder rec(&engine);
    engine.onSample("x", 0, 5);
    QCOMPARE(engine.raisedCount(), 1);
    engine.setRules(engine.rules());
    QCOMPARE(engine.raisedCount(), 0);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(engine.ruleCount(), 1);
    engine.onSample("x", 1, 5);
    QCOMPARE(rec.take(), (QStringList{"a raised x 5 @0", "a raised x 5 @1"}));
}

void TstAlertEngine::outOfOrderAndNonFiniteSamplesIgnored()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"a","kind":"above","series":"x","raise":10}])"));
    Recorder rec(&engine);
    engine.onSample("x", 1000, 1);
    engine.onSample("x", 500, 50);    // older than what we know: ignored
    engine.onSample("x", 1500, std::numeric_limits<double>::quiet_NaN());
    engine.onSample("x", 1600, std::numeric_limits<double>::infinity());
    QVERIFY(rec.lines.isEmpty());
    engine.onSample("x", 2000, 11);
    QCOMPARE(rec.take(), QStringList{"a raised x 11 @2000"});
}

void TstAlertEngine::batchesEqualSingles()
{
    const QByteArray json = R"([{"name":"a","kind":"above","series":"*","raise":5,"clear":2}])";
    SampleBatch batch;
    for (int i = 0; i < 200; ++i)
        batch.append(Sample{QStringLiteral("s%1").arg(i % 7), i * 10, double((i * 37) % 11)});
    AlertEngine one, two;
    one.setRules(rules(json));
    two.setRules(rules(json));
    Recorder a(&one), b(&two);
    one.onSamples(batch);
    for (const Sample &s : batch)
        two.onSample(s.series, s.t, s.v);
    QVERIFY(!a.lines.isEmpty());
    QCOMPARE(a.lines, b.lines);
}

void TstAlertEngine::postToRoomIsCarried()
{
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"a","kind":"above","series":"x","raise":1,"postToRoom":"traders","severity":"info"}])"));
    Recorder rec(&engine);
    engine.onSample("x", 7, 2);
    QCOMPARE(rec.events.size(), 1);
    const AlertEvent &e = rec.events.at(0);
    QCOMPARE(e.postToRoom, QStringLiteral("traders"));
    QCOMPARE(e.severity, AlertRule::Severity::Info);
    QCOMPARE(e.kind, AlertRule::Kind::Above);
    QCOMPARE(e.summary(), QStringLiteral("a raised: x = 2"));
}

void TstAlertEngine::limitsBoundTrackedSeries()
{
    AlertEngine::Limits limits;
    limits.maxSeriesNames = 10;
    limits.maxSeriesStates = 5;
    AlertEngine engine(limits);
    engine.setRules(rules(R"([{"name":"any","kind":"above","series":"*","raise":0},
                              {"name":"named","kind":"above","series":"s99","raise":0}])"));
    Recorder rec(&engine);
    for (int i = 0; i < 30; ++i)
        engine.onSample(QStringLiteral("s%1").arg(i), i, 1);
    engine.onSample(QStringLiteral("s99"), 100, 1);   // named in a rule: always tracked
    const QStringList lines = rec.take();
    QVERIFY(lines.contains("named raised s99 1 @100"));
    QCOMPARE(lines.filter(QRegularExpression("^any raised")).size(), 4);   // s99 (2 states), s0..s2
    QCOMPARE(engine.untrackedSeries(), 27);   // s3..s29
    // Names that match nothing are remembered up to the bound, then just looked up.
    for (int i = 0; i < 100; ++i)
        engine.onSample(QStringLiteral("s%1").arg(i), 1000 + i, 1);
    QCOMPARE(rec.take().filter(QRegularExpression("^any raised")).size(), 0);
}

void TstAlertEngine::ndjsonFormat()
{
    AlertEvent e;
    e.rule = QStringLiteral("BTC high");
    e.state = AlertEvent::State::Raised;
    e.severity = AlertRule::Severity::Warning;
    e.source = QStringLiteral("BTCUSD.price");
    e.value = 70000;
    e.t = 1700000000123;
    QCOMPARE(e.toNdjson(), QByteArray(R"({"alert":"BTC high","state":"raised","severity":"warning","series":"BTCUSD.price","value":70000,"t":1700000000123})"));

    e.rule = QStringLiteral(u"a \"q\" \\ é🚀\n\x01");
    e.state = AlertEvent::State::Cleared;
    e.severity = AlertRule::Severity::Critical;
    e.value = 0.1;
    e.t = 5;
    const QByteArray line = e.toNdjson();
    QCOMPARE(line, QByteArray("{\"alert\":\"a \\\"q\\\" \\\\ \xc3\xa9\xf0\x9f\x9a\x80\\n\\u0001\",\"state\":\"cleared\","
                              "\"severity\":\"critical\",\"series\":\"BTCUSD.price\",\"value\":0.1,\"t\":5}"));
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(line, &pe).object();
    QCOMPARE(pe.error, QJsonParseError::NoError);
    QCOMPARE(o.value("alert").toString(), e.rule);

    e.value = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(e.toNdjson().contains(",\"value\":null,"));
    e.value = -1.5e-7;
    QVERIFY(e.toNdjson().contains(",\"value\":-1.5e-07,"));
    QVERIFY(!e.toNdjson().contains('\n'));
}

void TstAlertEngine::noAllocationOnHotPath()
{
#ifndef PB_COUNT_ALLOCATIONS
    QSKIP("allocation counting needs glibc");
#else
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"p","kind":"above","series":"*.price","raise":1000},
                              {"name":"x","kind":"below","series":"X.volume","raise":-1},
                              {"name":"s","kind":"stale","series":"*.price","afterSeconds":60},
                              {"name":"r","kind":"rate","series":"*.price","windowSeconds":1,"raise":1000}])"));
    const QString other = QStringLiteral("BTCUSD.volume");
    const QString price = QStringLiteral("BTCUSD.price");
    const QString exact = QStringLiteral("X.volume");
    engine.onSample(other, 0, 1);    // first sight: learning may allocate
    engine.onSample(price, 0, 1);
    engine.onSample(exact, 0, 1);
    for (int i = 1; i <= 3000; ++i)   // the rate window grows to its bound (1 s at 1 kHz)
        engine.onSample(price, i, 1);

    g_allocations = 0;
    g_counting = true;
    for (int i = 3001; i <= 13000; ++i) {
        engine.onSample(other, i, i);      // matches nothing
        engine.onSample(price, i, 1);      // matches three rules, no event
        engine.onSample(exact, i, 1);
    }
    g_counting = false;
    QCOMPARE(g_allocations.load(), 0L);

    // Sanity check that the counter counts.
    g_counting = true;
    engine.onSample(QStringLiteral("new.price"), 13001, 1);   // learns a name: allocates
    g_counting = false;
    QVERIFY(g_allocations.load() > 0);
#endif
}

void TstAlertEngine::throughput()
{
    // 1,000 series, 3 glob rules and one exact rule; 1,000,000 samples. Reported, and
    // bounded loosely (debug builds, a shared machine) so a pathological slowdown fails.
    AlertEngine engine;
    engine.setRules(rules(R"([{"name":"p","kind":"above","series":"*.price","raise":1e9,"clear":0},
        {"name":"r","kind":"rate","series":"*.price","windowSeconds":10,"raise":1e9},
        {"name":"s","kind":"stale","series":"*.volume","afterSeconds":5},
        {"name":"e","kind":"below","series":"S7.price","raise":-1}])"));
    QStringList names;
    for (int i = 0; i < 1000; ++i)
        names << QStringLiteral("S%1.%2").arg(i).arg(i % 2 ? QStringLiteral("price") : QStringLiteral("volume"));
    int events = 0;
    connect(&engine, &AlertEngine::alertEvent, this, [&] { ++events; });
    QElapsedTimer timer;
    timer.start();
    constexpr int n = 1'000'000;
    for (int i = 0; i < n; ++i)
        engine.onSample(names.at(i % 1000), i, double(i % 100));
    const qint64 ns = timer.nsecsElapsed();
    qInfo("AlertEngine: %.0f ns/sample (%d samples, 1000 series, 4 rules, %d events)", double(ns) / n, n, events);
    QCOMPARE(events, 0);   // speed itself is a benchmark's business (bench/), not a test's
}

QTEST_GUILESS_MAIN(TstAlertEngine)
#include "tst_alertengine.moc"
