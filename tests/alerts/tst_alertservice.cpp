// AlertService: the window's alert plumbing. Samples go in through the SampleSink the
// FeedConnections get (on any thread), come out on the GUI thread as notification center
// rows, toasts (throttled), desktop notifications (only when the window is inactive),
// chat posts (limited per room) and focus requests. A fake clock and advanceTime() stand
// in for waiting: nothing here sleeps.
#include "alertservice.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <thread>

namespace {
constexpr qint64 T0 = 1'700'000'000'000;

SampleBatch batch(std::initializer_list<Sample> samples) { return SampleBatch(samples); }

QString rules(const QString &list) { return QStringLiteral("{\"version\":1,\"rules\":[%1]}").arg(list); }

const QString kAbove = QStringLiteral(
    R"({"name":"BTC high","kind":"above","series":"BTC","raise":10,"clear":5,"severity":"critical","postToRoom":"ops"})");
} // namespace

class TstAlertService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void sinkEventsReachTheGuiThreadAsRows();
    void manyThreadsOneHopPerBurst();
    void pendingQueueIsBounded();
    void toastsAreThrottledAndSummarised();
    void staleRaisedByTheTick();
    void postToRoomSignalAndLimit();
    void desktopOnlyWhenWindowInactive();
    void trayTextIsPlainAndBounded();
    void desktopUnavailableDegradesToInApp();
    void clickingFocusesWhatTheAlertIsAbout_data();
    void clickingFocusesWhatTheAlertIsAbout();
    void chatMentionAndHostileText();
    void connectionStateFromTheSink();
    void ruleErrorsAreTheParsersWords();
    void editEnableMuteSnooze();
    void importExport();
    void importRefusesHostileFiles();
    void settingsRoundTripAndClamp();
    void roomPostLimiterBounds();

private:
    qint64 m_now = T0;
    std::unique_ptr<AlertService> m_service;
};

void TstAlertService::init()
{
    m_now = T0;
    m_service = std::make_unique<AlertService>();
    m_service->setClock([this] { return m_now; });
    m_service->notifier()->setWindowActive(true);
}

void TstAlertService::sinkEventsReachTheGuiThreadAsRows()
{
    AlertService &s = *m_service;
    QCOMPARE(s.applyRulesJson(rules(kAbove)), QString());
    QSignalSpy toasts(&s, &AlertService::toast);
    QSignalSpy unacked(&s, &AlertService::unacknowledgedCountChanged);

    s.sampleSink()->consume(QStringLiteral("feed"), batch({{"BTC", T0, 1}, {"BTC", T0 + 10, 11}, {"ETH", T0 + 10, 99}}));
    QCOMPARE(s.notificationCenter()->count(), 0);   // queued to the GUI thread, not delivered inline
    QTRY_COMPARE(s.notificationCenter()->count(), 1);
    const AlertEvent e = s.notificationCenter()->event(0);
    QCOMPARE(e.rule, QStringLiteral("BTC high"));
    QCOMPARE(e.state, AlertEvent::State::Raised);
    QCOMPARE(e.value, 11.0);
    QCOMPARE(e.t, T0 + 10);
    QCOMPARE(s.unacknowledgedCount(), 1);
    QVERIFY(unacked.count() >= 1);
    QCOMPARE(toasts.count(), 1);
    QCOMPARE(s.latestToast().rule, QStringLiteral("BTC high"));
    QCOMPARE(s.latestToast().severity, AlertRule::Severity::Critical);

    // Hysteresis: 6 does not clear, 5 does; the clear is a row but not a toast.
    s.sampleSink()->consume(QStringLiteral("feed"), batch({{"BTC", T0 + 20, 6}, {"BTC", T0 + 30, 5}}));
    QTRY_COMPARE(s.notificationCenter()->count(), 2);
    QCOMPARE(s.notificationCenter()->event(0).state, AlertEvent::State::Cleared);
    QCOMPARE(toasts.count(), 1);
    s.notificationCenter()->acknowledgeAll();
    QCOMPARE(s.unacknowledgedCount(), 0);
}

void TstAlertService::manyThreadsOneHopPerBurst()
{
    AlertService &s = *m_service;
    s.throttle()->setCoalesceMs(0);
    QCOMPARE(s.applyRulesJson(rules(QStringLiteral(R"({"name":"hot","kind":"above","series":"s*","raise":10})"))), QString());
    QThread *const gui = QThread::currentThread();
    bool offThread = false;
    connect(s.notificationCenter(), &QAbstractItemModel::rowsInserted, this,
            [&] { offThread = offThread || QThread::currentThread() != gui; });
    QSignalSpy inserts(s.notificationCenter(), &QAbstractItemModel::rowsInserted);

    // Four "ingest threads", each flapping its own series 100 times: 800 events.
    constexpr int threads = 4, flaps = 100;
    std::vector<std::thread> pool;
    for (int k = 0; k < threads; ++k) {
        pool.emplace_back([&s, k] {
            const QString name = QStringLiteral("s%1").arg(k);
            for (int i = 0; i < flaps; ++i) {
                s.sampleSink()->consume(name, batch({{name, T0 + 2 * i, 11}}));
                s.sampleSink()->consume(name, batch({{name, T0 + 2 * i + 1, 1}}));
            }
        });
    }
    for (auto &t : pool)
        t.join();
    QTRY_COMPARE(s.notificationCenter()->count(), threads * flaps * 2);
    QVERIFY(!offThread);
    // The GUI thread was blocked in join() while 800 events were produced: they arrive
    // in one queued call and one model insertion, not 800.
    QCOMPARE(inserts.count(), 1);
    // Per series the order is kept: newest first, alternating raised/cleared.
    int seen = 0;
    for (int row = 0; row < s.notificationCenter()->count(); ++row) {
        const AlertEvent e = s.notificationCenter()->event(row);
        if (e.source != QLatin1String("s2"))
            continue;
        QCOMPARE(e.state, seen % 2 == 0 ? AlertEvent::State::Cleared : AlertEvent::State::Raised);
        ++seen;
    }
    QCOMPARE(seen, flaps * 2);
    QCOMPARE(s.droppedEvents(), 0);
}

void TstAlertService::pendingQueueIsBounded()
{
    AlertService &s = *m_service;
    QCOMPARE(s.applyRulesJson(rules(QStringLiteral(R"({"name":"any","kind":"above","series":"*","raise":0})"))), QString());
    QSignalSpy dropped(&s, &AlertService::droppedEventsChanged);
    SampleBatch big;
    const int n = AlertFeedSink::MaxPendingEvents + 2'500;
    for (int i = 0; i < n; ++i)
        big.append({QStringLiteral("x%1").arg(i), T0, 1});
    s.sampleSink()->consume(QStringLiteral("feed"), big);   // one batch, before the GUI runs
    QTRY_COMPARE(dropped.count(), 1);
    QCOMPARE(s.droppedEvents(), 2'500);
    QCOMPARE(s.notificationCenter()->count(), NotificationCenter::DefaultMaxEntries);   // its own bound
    QCOMPARE(s.notificationCenter()->event(0).source, QStringLiteral("x%1").arg(AlertFeedSink::MaxPendingEvents - 1));
}

void TstAlertService::toastsAreThrottledAndSummarised()
{
    AlertService &s = *m_service;
    QStringList list;
    for (int i = 0; i < 8; ++i)
        list << QStringLiteral(R"({"name":"r%1","kind":"above","series":"v%1","raise":1})").arg(i);
    QCOMPARE(s.applyRulesJson(rules(list.join(QLatin1Char(',')))), QString());
    QCOMPARE(s.throttle()->maxPerMinute(), 5);
    QSignalSpy toasts(&s, &AlertService::toast);
    SampleBatch b;
    for (int i = 0; i < 8; ++i)
        b.append({QStringLiteral("v%1").arg(i), T0, 2});
    s.sampleSink()->consume(QStringLiteral("feed"), b);
    QTRY_COMPARE(s.notificationCenter()->count(), 8);   // the center gets everything
    QCOMPARE(toasts.count(), 5);
    QCOMPARE(s.throttle()->heldBack(), 3);

    m_now = T0 + 59'999;
    s.advanceTime(m_now);
    QCOMPARE(toasts.count(), 5);
    m_now = T0 + 60'000;
    s.advanceTime(m_now);
    QCOMPARE(toasts.count(), 6);
    const auto summary = toasts.last().at(0).value<AlertNotification>();
    QCOMPARE(summary.type, AlertNotification::Type::Overflow);
    QCOMPARE(summary.count, 3);
    QCOMPARE(summary.title, QStringLiteral("3 more alerts"));
    QCOMPARE(s.latestToast().title, QStringLiteral("3 more alerts"));
}

void TstAlertService::staleRaisedByTheTick()
{
    AlertService &s = *m_service;
    QCOMPARE(s.applyRulesJson(rules(QStringLiteral(R"({"name":"quiet","kind":"stale","series":"BTC","afterSeconds":30})"))),
             QString());
    s.sampleSink()->consume(QStringLiteral("feed"), batch({{"BTC", T0, 1}}));
    s.advanceTime(T0 + 29'999);
    QCOMPARE(s.notificationCenter()->count(), 0);
    s.advanceTime(T0 + 30'000);   // delivered synchronously: advanceTime runs on the GUI thread
    QCOMPARE(s.notificationCenter()->count(), 1);
    QCOMPARE(s.notificationCenter()->event(0).t, T0 + 30'000);
    // The 1 Hz timer uses the service's clock.
    m_now = T0 + 100'000;   // the rules are applied now: ETH's silence counts from here
    s.applyRulesJson(rules(QStringLiteral(R"({"name":"quiet2","kind":"stale","series":"ETH","afterSeconds":1})")));
    s.advanceTime(m_now + 999);
    QCOMPARE(s.notificationCenter()->count(), 1);
    m_now = T0 + 101'000;   // nobody calls advanceTime() now but the service's own timer
    QTRY_COMPARE_WITH_TIMEOUT(s.notificationCenter()->count(), 2, 3000);
    QCOMPARE(s.notificationCenter()->event(0).rule, QStringLiteral("quiet2"));
}

void TstAlertService::postToRoomSignalAndLimit()
{
    AlertService &s = *m_service;
    QCOMPARE(s.applyRulesJson(rules(kAbove)), QString());
    QSignalSpy posts(&s, &AlertService::postToRoomRequested);
    s.sampleSink()->consume(QStringLiteral("feed"), batch({{"BTC", T0, 11}, {"BTC", T0 + 1, 4}}));
    QTRY_COMPARE(posts.count(), 2);
    QCOMPARE(posts.at(0).at(0).toString(), QStringLiteral("ops"));
    QCOMPARE(posts.at(0).at(1).toString(), QStringLiteral("BTC high raised: BTC = 11"));
    QCOMPARE(posts.at(1).at(1).toString(), QStringLiteral("BTC high cleared: BTC = 4"));

    // A flapping rule: 40 events in a second; the room gets 10 per minute, then one summary.
    posts.clear();
    SampleBatch flapping;
    for (int i = 0; i < 20; ++i) {
        flapping.append({QStringLiteral("BTC"), T0 + 1000 + 2 * i, 11});
        flapping.append({QStringLiteral("BTC"), T0 + 1001 + 2 * i, 4});
    }
    s.sampleSink()->consume(QStringLiteral("feed"), flapping);
    QTRY_COMPARE(s.notificationCenter()->count(), 42);
    QCOMPARE(posts.count(), RoomPostLimiter::DefaultMaxPerMinute - 2);   // two went out above
    s.advanceTime(T0 + 59'999);
    QCOMPARE(posts.count(), RoomPostLimiter::DefaultMaxPerMinute - 2);   // the first post still counts
    s.advanceTime(T0 + 60'000);
    QCOMPARE(posts.count(), RoomPostLimiter::DefaultMaxPerMinute - 1);
    QCOMPARE(posts.last().at(0).toString(), QStringLiteral("ops"));
    QCOMPARE(posts.last().at(1).toString(),
             QStringLiteral("32 more alert events not posted (see the notification center)"));
}

void TstAlertService::desktopOnlyWhenWindowInactive()
{
    AlertService &s = *m_service;
    DesktopNotifier *n = s.notifier();
    QStringList shown;
    n->setPresenter([&](const QString &title, const QString &body, const AlertNotification &) {
        shown << title + QLatin1String(" | ") + body;
    });
    QVERIFY(n->desktopAvailable());
    QCOMPARE(s.applyRulesJson(rules(kAbove + QStringLiteral(
                 R"(,{"name":"ETH <b>low</b>","kind":"below","series":"*","raise":0})"))), QString());
    QSignalSpy toasts(&s, &AlertService::toast);

    n->setWindowActive(true);
    s.sampleSink()->consume(QStringLiteral("feed"), batch({{"BTC", T0, 11}}));
    QTRY_COMPARE(toasts.count(), 1);
    QVERIFY(shown.isEmpty());   // the user is looking: toast only

    n->setWindowActive(false);
    s.sampleSink()->consume(QStringLiteral("feed"), batch({{"ETH\n<i>x</i>", T0 + 1, -1}}));
    QTRY_COMPARE(toasts.count(), 2);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.first(), QStringLiteral("ETH \u2039b\u203Alow\u2039/b\u203A | ETH \u2039b\u203Alow\u2039/b\u203A raised: "
                                           "ETH \u2039i\u203Ax\u2039/i\u203A = -1"));
    QCOMPARE(n->shownCount(), 1);

    n->setEnabled(false);
    QCOMPARE(n->notify(s.latestToast()), DesktopNotifier::Decision::Disabled);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(s.settings().value("desktopEnabled").toBool(), false);

    // Sound per severity: critical on, warning off.
    n->setEnabled(true);
    n->setSoundCritical(true);
    QSignalSpy sounds(n, &DesktopNotifier::soundPlayed);
    AlertNotification critical;
    critical.severity = AlertRule::Severity::Critical;
    AlertNotification warning;
    warning.severity = AlertRule::Severity::Warning;
    n->notify(warning);
    QCOMPARE(sounds.count(), 0);
    n->notify(critical);
    QCOMPARE(sounds.count(), 1);
    QCOMPARE(sounds.at(0).at(0).value<AlertRule::Severity>(), AlertRule::Severity::Critical);
}

void TstAlertService::trayTextIsPlainAndBounded()
{
    QCOMPARE(DesktopNotifier::plainText(QStringLiteral("a<b>&\t\u2028z"), 100), QStringLiteral("a\u2039b\u203A\uFF06  z"));
    const QString huge(100'000, QLatin1Char('x'));
    const QString cut = DesktopNotifier::plainText(huge, DesktopNotifier::MaxBody);
    QCOMPARE(cut.size(), DesktopNotifier::MaxBody);
    QCOMPARE(cut.back(), QChar(0x2026));
    QCOMPARE(DesktopNotifier::plainText(QString(10, QLatin1Char('y')), 10), QString(10, QLatin1Char('y')));   // fits: no ellipsis
    QCOMPARE(DesktopNotifier::decide(true, true, false), DesktopNotifier::Decision::Desktop);
    QCOMPARE(DesktopNotifier::decide(true, true, true), DesktopNotifier::Decision::WindowActive);
    QCOMPARE(DesktopNotifier::decide(false, true, false), DesktopNotifier::Decision::Unavailable);
    QCOMPARE(DesktopNotifier::decide(true, false, false), DesktopNotifier::Decision::Disabled);
}

void TstAlertService::desktopUnavailableDegradesToInApp()
{
    // Offscreen has no system tray: nothing is shown, the UI is told, toasts still work.
    AlertService &s = *m_service;
    QCOMPARE(s.notifier()->desktopAvailable(), false);
    s.notifier()->setWindowActive(false);
    QSignalSpy shown(s.notifier(), &DesktopNotifier::shown);
    QSignalSpy toasts(&s, &AlertService::toast);
    QCOMPARE(s.applyRulesJson(rules(kAbove)), QString());
    s.sampleSink()->consume(QStringLiteral("feed"), batch({{"BTC", T0, 11}}));
    QTRY_COMPARE(toasts.count(), 1);
    QCOMPARE(shown.count(), 0);
    QCOMPARE(s.notifier()->notify(s.latestToast()), DesktopNotifier::Decision::Unavailable);
    s.notifier()->setWindowActive(true);
    QCOMPARE(s.notifier()->notify(s.latestToast()), DesktopNotifier::Decision::WindowActive);
}

void TstAlertService::clickingFocusesWhatTheAlertIsAbout_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("target");
    QTest::newRow("series") << kAbove << "series" << "BTC";
    QTest::newRow("connection") << R"({"name":"down","kind":"connectionLost","connection":"exchange"})"
                                << "connection" << "exchange";
    QTest::newRow("room") << R"({"name":"me","kind":"mention"})" << "room" << "general";
    QTest::newRow("private") << R"({"name":"pm","kind":"privateMessage"})" << "user" << "alice";
}

void TstAlertService::clickingFocusesWhatTheAlertIsAbout()
{
    QFETCH(QString, rule);
    QFETCH(QString, kind);
    QFETCH(QString, target);
    AlertService &s = *m_service;
    QCOMPARE(s.applyRulesJson(rules(rule)), QString());
    s.setNickname(QStringLiteral("bob"));
    QStringList shown;
    s.notifier()->setPresenter([&](const QString &title, const QString &, const AlertNotification &) { shown << title; });
    s.notifier()->setWindowActive(false);
    QSignalSpy focus(&s, &AlertService::focusRequested);

    if (kind == QLatin1String("series"))
        s.sampleSink()->consume(QStringLiteral("feed"), batch({{"BTC", T0, 11}}));
    else if (kind == QLatin1String("connection")) {
        s.sampleSink()->connectionState(QStringLiteral("exchange"), FeedState::Live, {});
        s.sampleSink()->connectionState(QStringLiteral("exchange"), FeedState::Reconnecting, QStringLiteral("gone"));
    } else if (kind == QLatin1String("room"))
        s.onChatMessage(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("hey bob"), false);
    else
        s.onChatMessage(QString(), QStringLiteral("alice"), QStringLiteral("psst"), true);
    QTRY_COMPARE(shown.size(), 1);

    s.notifier()->onMessageClicked();   // what QSystemTrayIcon::messageClicked calls
    QCOMPARE(focus.count(), 1);
    QCOMPARE(focus.at(0).at(0).toString(), kind);
    QCOMPARE(focus.at(0).at(1).toString(), target);
    s.activate(s.latestToast());        // the in-app toast
    s.activateEntry(0);                 // a row of the notification center
    s.activateEntry(99);                // out of range: nothing
    QCOMPARE(focus.count(), 3);
    QCOMPARE(focus.at(2).at(1).toString(), target);

    AlertNotification overflow;
    overflow.type = AlertNotification::Type::Overflow;
    QCOMPARE(AlertService::focusTarget(overflow).first, QStringLiteral("notifications"));
}

void TstAlertService::chatMentionAndHostileText()
{
    AlertService &s = *m_service;
    QCOMPARE(s.applyRulesJson(rules(QStringLiteral(R"({"name":"me","kind":"mention","postToRoom":"log"})"))), QString());
    QSignalSpy nick(&s, &AlertService::nicknameChanged);
    s.setNickname(QStringLiteral("bob"));
    s.setNickname(QStringLiteral("bob"));
    QCOMPARE(nick.count(), 1);
    QSignalSpy posts(&s, &AlertService::postToRoomRequested);

    m_now = T0 + 5;
    s.onChatMessage(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("bobcat"), false);
    s.onChatMessage(QStringLiteral("general"), QStringLiteral("bob"), QStringLiteral("I am bob"), false);   // myself
    QCOMPARE(s.notificationCenter()->count(), 0);
    s.onChatMessage(QStringLiteral("general"), QStringLiteral("alice"), QStringLiteral("@Bob: look"), false);
    QCOMPARE(s.notificationCenter()->count(), 1);   // synchronous: chat arrives on the GUI thread
    QCOMPARE(s.notificationCenter()->event(0).t, T0 + 5);
    QCOMPARE(s.notificationCenter()->event(0).detail, QStringLiteral("alice: @Bob: look"));

    // A megabyte of control characters and markup: the detail stays bounded, the post too.
    const QString hostile = QStringLiteral("bob ") + QString(1 << 20, QChar(0x07)) + QStringLiteral("<script>");
    s.onChatMessage(QStringLiteral("general"), QStringLiteral("mallory\n"), hostile, false);
    QCOMPARE(s.notificationCenter()->count(), 2);
    QVERIFY(s.notificationCenter()->event(0).detail.size() <= 200);
    QCOMPARE(posts.count(), 2);
    QVERIFY(posts.last().at(1).toString().size() < 300);
    const QString plain = DesktopNotifier::plainText(s.notificationCenter()->event(0).detail, DesktopNotifier::MaxBody);
    QVERIFY(!plain.contains(QChar(0x07)));
    QVERIFY(!plain.contains(QLatin1Char('\n')));
}

void TstAlertService::connectionStateFromTheSink()
{
    AlertService &s = *m_service;
    QCOMPARE(s.applyRulesJson(rules(QStringLiteral(
                 R"({"name":"fail","kind":"connectionFailed","connection":"*","afterSeconds":10})"))), QString());
    s.sampleSink()->connectionState(QStringLiteral("exchange"), FeedState::Connecting, {});
    m_now = T0 + 10'000;
    s.advanceTime(m_now);
    QCOMPARE(s.notificationCenter()->count(), 1);
    QCOMPARE(s.notificationCenter()->event(0).t, T0 + 10'000);
    QCOMPARE(s.notificationCenter()->event(0).source, QStringLiteral("exchange"));
    m_now = T0 + 12'000;
    s.onConnectionState(QStringLiteral("exchange"), FeedState::Live);   // the GUI-thread entry
    QCOMPARE(s.notificationCenter()->count(), 2);
    QCOMPARE(s.notificationCenter()->event(0).state, AlertEvent::State::Cleared);
}

void TstAlertService::ruleErrorsAreTheParsersWords()
{
    AlertService &s = *m_service;
    QSignalSpy changed(&s, &AlertService::rulesChanged);
    QCOMPARE(s.applyRulesJson(QStringLiteral("{\"rules\": [")),
             QStringLiteral("rules: not valid JSON at byte 11: unterminated array"));
    QCOMPARE(s.applyRulesJson(rules(kAbove)), QString());
    QCOMPARE(changed.count(), 1);

    QVariantMap bad{{"name", "Hot"}, {"kind", "above"}, {"series", "T*"}, {"raise", "ten"}};
    QCOMPARE(s.validateRule(bad, -1), QStringLiteral(R"(rule "Hot" (rules[1]): field "raise": must be a number)"));
    QCOMPARE(s.setRule(-1, bad), s.validateRule(bad, -1));
    bad["raise"] = 10;
    bad["clear"] = 20;
    QCOMPARE(s.setRule(-1, bad),
             QStringLiteral(R"(rule "Hot" (rules[1]): field "clear": must be a number below "raise" for an "above" rule)"));
    bad["name"] = "BTC high";
    bad.remove("clear");
    QCOMPARE(s.setRule(-1, bad),
             QStringLiteral(R"(rule "BTC high" (rules[1]): field "name": the name is already used by rules[0]; rule names must be unique)"));
    QCOMPARE(s.setRule(0, bad), QString());   // replacing rule 0 under its own name is fine
    QCOMPARE(s.ruleCount(), 1);
    QCOMPARE(s.ruleList().at(0).toMap().value("series").toString(), QStringLiteral("T*"));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(s.applyRulesObject(QJsonObject{{"rules", 3}}),
             QStringLiteral(R"(workspace alerts: field "rules": must be an array of rule objects)"));
    QCOMPARE(s.ruleCount(), 1);   // unchanged after every error
    QCOMPARE(changed.count(), 2);
}

void TstAlertService::editEnableMuteSnooze()
{
    AlertService &s = *m_service;
    QCOMPARE(s.applyRulesJson(rules(kAbove)), QString());
    QCOMPARE(s.setRule(-1, {{"name", "low"}, {"kind", "below"}, {"series", "BTC"}, {"raise", 1}, {"severity", "info"}}),
             QString());
    QCOMPARE(s.ruleCount(), 2);
    QCOMPARE(s.ruleList().at(1).toMap().value("severity").toString(), QStringLiteral("info"));

    QSignalSpy changed(&s, &AlertService::rulesChanged);
    QVERIFY(s.setRuleMuted(QStringLiteral("BTC high"), true));
    QVERIFY(!s.setRuleMuted(QStringLiteral("nope"), true));
    QCOMPARE(s.ruleList().at(0).toMap().value("muted").toBool(), true);
    s.sampleSink()->consume(QStringLiteral("feed"), batch({{"BTC", T0, 11}}));
    s.deliverPending();
    QCOMPARE(s.notificationCenter()->count(), 0);   // muted
    QVERIFY(s.setRuleMuted(QStringLiteral("BTC high"), false));

    m_now = T0 + 1000;
    QVERIFY(s.snoozeRule(QStringLiteral("BTC high"), 15 * 60));
    QCOMPARE(s.ruleList().at(0).toMap().value("snoozeUntil").toLongLong(), T0 + 1000 + 15 * 60 * 1000);
    QVERIFY(s.rulesJson().contains(QStringLiteral("\"snoozeUntil\"")));   // saved with the workspace
    s.sampleSink()->consume(QStringLiteral("feed"), batch({{"BTC", T0 + 2000, 12}}));
    s.deliverPending();
    QCOMPARE(s.notificationCenter()->count(), 0);   // snoozed
    s.advanceTime(T0 + 1000 + 15 * 60 * 1000);   // still above at the end of the snooze: raised then
    QCOMPARE(s.notificationCenter()->count(), 1);
    QVERIFY(s.snoozeRule(QStringLiteral("BTC high"), 0));
    QVERIFY(!s.ruleList().at(0).toMap().contains("snoozeUntil"));

    QVERIFY(s.setRuleEnabled(QStringLiteral("low"), false));
    QCOMPARE(s.ruleList().at(1).toMap().value("enabled").toBool(), false);
    QCOMPARE(changed.count(), 5);
    QVERIFY(s.removeRule(1));
    QVERIFY(!s.removeRule(1));
    QVERIFY(!s.removeRule(-1));
    QCOMPARE(s.ruleCount(), 1);
}

void TstAlertService::importExport()
{
    AlertService &s = *m_service;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCOMPARE(s.applyRulesJson(rules(kAbove)), QString());
    const QUrl out = QUrl::fromLocalFile(dir.filePath(QStringLiteral("rules.json")));
    QCOMPARE(s.exportRules(out), QString());
    QCOMPARE(s.applyRulesJson(rules(QString())), QString());
    QCOMPARE(s.ruleCount(), 0);
    QCOMPARE(s.importRules(out), QString());
    QCOMPARE(s.ruleCount(), 1);
    QCOMPARE(s.ruleSet().rules.at(0).postToRoom, QStringLiteral("ops"));

    // The documented example file imports as it is.
    QCOMPARE(s.importRules(QUrl::fromLocalFile(QStringLiteral(PULSEBOARD_TEST_DATA "/alerts-example.json"))), QString());
    QVERIFY(s.ruleCount() > 5);

    QCOMPARE(s.exportRules(QUrl::fromLocalFile(dir.filePath(QStringLiteral("no/such/dir/x.json")))).contains(
                 QStringLiteral("cannot save the alert rules")),
             true);
}

void TstAlertService::importRefusesHostileFiles()
{
    AlertService &s = *m_service;
    QCOMPARE(s.applyRulesJson(rules(kAbove)), QString());
    QTemporaryDir dir;
    QCOMPARE(s.importRules(QUrl(QStringLiteral("https://example.invalid/rules.json"))),
             QStringLiteral("Cannot import alert rules: choose a local file (got \"https://example.invalid/rules.json\")"));
    QCOMPARE(s.importRules(QUrl()), QStringLiteral("Cannot import alert rules: choose a local file (got \"\")"));
    QVERIFY(s.importRules(QUrl::fromLocalFile(dir.filePath(QStringLiteral("missing.json")))).startsWith(dir.filePath("missing.json")));

    const QString big = dir.filePath(QStringLiteral("big.json"));
    QFile f(big);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(2 * 1024 * 1024, ' '));
    f.close();
    QCOMPARE(s.importRules(QUrl::fromLocalFile(big)),
             big + QStringLiteral(": the file is 2.0 MiB; alert rules files are limited to 1.0 MiB"));

    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QFile g(bad);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write(R"({"rules":[{"name":"x","kind":"above","series":"a","raise":1,"rasie":2}]})");
    g.close();
    QVERIFY(s.importRules(QUrl::fromLocalFile(bad)).startsWith(bad + QStringLiteral(": rule \"x\" (rules[0]): field \"rasie\"")));
    QCOMPARE(s.ruleCount(), 1);   // the rules stay as they were
    QCOMPARE(s.ruleSet().rules.at(0).name, QStringLiteral("BTC high"));
}

void TstAlertService::settingsRoundTripAndClamp()
{
    AlertService &s = *m_service;
    const QVariantMap defaults = s.settings();
    QCOMPARE(defaults.value("desktopEnabled").toBool(), true);
    QCOMPARE(defaults.value("soundCritical").toBool(), false);
    QCOMPARE(defaults.value("maxPerMinute").toInt(), 5);
    QCOMPARE(defaults.value("coalesceSeconds").toInt(), 60);
    QCOMPARE(defaults.value("roomPostsPerMinute").toInt(), 10);

    QSignalSpy changed(&s, &AlertService::settingsChanged);
    s.setSettings({{"desktopEnabled", false}, {"soundCritical", true}, {"maxPerMinute", 1000},
                   {"coalesceSeconds", -5}, {"roomPostsPerMinute", "three"}, {"unknown", 1}, {"soundInfo", "yes"}});
    QCOMPARE(changed.count(), 1);   // one signal for the whole change
    const QVariantMap now = s.settings();
    QCOMPARE(now.value("desktopEnabled").toBool(), false);
    QCOMPARE(now.value("soundCritical").toBool(), true);
    QCOMPARE(now.value("soundInfo").toBool(), false);           // not a bool: ignored
    QCOMPARE(now.value("maxPerMinute").toInt(), 60);            // clamped
    QCOMPARE(now.value("coalesceSeconds").toInt(), 0);
    QCOMPARE(now.value("roomPostsPerMinute").toInt(), 10);      // not a number: ignored
    s.setSettings(now);
    QCOMPARE(changed.count(), 1);   // nothing changed, no signal

    AlertService other;
    other.setSettings(now);
    QCOMPARE(other.settings(), now);
    s.notifier()->setSoundWarning(true);   // a change made from QML also asks for a save
    QCOMPARE(changed.count(), 2);
}

void TstAlertService::roomPostLimiterBounds()
{
    RoomPostLimiter l;
    l.setMaxPerMinute(2);
    QCOMPARE(l.offer("a", "1", 0).size(), 1);
    QCOMPARE(l.offer("a", "2", 10).size(), 1);
    QCOMPARE(l.offer("a", "3", 20).size(), 0);
    QCOMPARE(l.offer("b", "1", 20).size(), 1);   // rooms are separate
    QCOMPARE(l.heldBack("a"), 1);
    QCOMPARE(l.advanceTime(59'999).size(), 0);
    const auto due = l.advanceTime(60'000);
    QCOMPARE(due.size(), 1);
    QCOMPARE(due.at(0).second, QStringLiteral("1 more alert event not posted (see the notification center)"));
    QCOMPARE(l.heldBack("a"), 0);
    l.advanceTime(200'000);
    QCOMPARE(l.roomCount(), 0);   // idle rooms are forgotten

    for (int i = 0; i < RoomPostLimiter::MaxRooms + 5; ++i)
        l.offer(QString::number(i), "x", 300'000);
    QCOMPARE(l.roomCount(), RoomPostLimiter::MaxRooms);
    QCOMPARE(l.droppedRooms(), 5);
}

QTEST_MAIN(TstAlertService)
#include "tst_alertservice.moc"
