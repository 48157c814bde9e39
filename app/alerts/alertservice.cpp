#include "alertservice.h"
#include "alertthrottle.h"
#include "desktopnotifier.h"
#include "notificationcenter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>

namespace {
QString fileOf(const QUrl &url, QString *error)
{
    if (url.isEmpty() || !url.isLocalFile()) {
        *error = QStringLiteral("choose a local file (got \"%1\")").arg(url.toDisplayString().left(200));
        return {};
    }
    return url.toLocalFile();
}

} // namespace

AlertService::AlertService(QObject *parent)
    : QObject(parent)
    , m_center(new NotificationCenter(this))
    , m_throttle(new AlertThrottle(this))
    , m_notifier(new DesktopNotifier(this))
{
    m_sink.setWake([this] { QMetaObject::invokeMethod(this, &AlertService::deliverPending, Qt::QueuedConnection); });
    connect(m_center, &NotificationCenter::unacknowledgedCountChanged, this, &AlertService::unacknowledgedCountChanged);
    connect(m_throttle, &AlertThrottle::notificationReady, this, &AlertService::onNotification);
    connect(m_throttle, &AlertThrottle::settingsChanged, this, &AlertService::settingsChanged);
    connect(m_notifier, &DesktopNotifier::settingsChanged, this, &AlertService::settingsChanged);
    connect(m_notifier, &DesktopNotifier::activated, this, &AlertService::activate);
    m_tick.setInterval(TickMs);
    connect(&m_tick, &QTimer::timeout, this, [this] { advanceTime(now()); });
    m_tick.start();
}

AlertService::~AlertService() = default;

void AlertService::setClock(Clock clock)
{
    m_sink.setClock(std::move(clock));
}

int AlertService::unacknowledgedCount() const
{
    return m_center->unacknowledgedCount();
}

void AlertService::setNickname(const QString &nick)
{
    if (nick == m_nickname)
        return;
    m_nickname = nick;
    Q_EMIT nicknameChanged();
}

// ---- rules ---------------------------------------------------------------------------

QString AlertService::rulesJson() const
{
    return QString::fromUtf8(m_rules.toJson());
}

QVariantList AlertService::ruleList() const
{
    QVariantList list;
    list.reserve(m_rules.rules.size());
    const QJsonArray array = m_rules.toJsonObject().value(QStringLiteral("rules")).toArray();
    for (const QJsonValue &v : array)
        list.append(v.toObject().toVariantMap());
    return list;
}

QString AlertService::replaceRules(const AlertRuleSet &set)
{
    m_sink.setRules(set);
    m_rules = set;
    Q_EMIT rulesChanged();
    return {};
}

void AlertService::syncRulesFromSink()
{
    m_rules = m_sink.rules();
    Q_EMIT rulesChanged();
}

QString AlertService::applyRulesJson(const QString &json)
{
    AlertRuleSet set;
    QString error;
    if (!AlertRuleSet::fromJson(json.toUtf8(), &set, &error, QStringLiteral("rules")))
        return error;
    return replaceRules(set);
}

QJsonObject AlertService::rulesObject() const
{
    return m_rules.toJsonObject();
}

QString AlertService::applyRulesObject(const QJsonObject &object)
{
    AlertRuleSet set;
    QString error;
    if (!AlertRuleSet::fromJsonObject(object, &set, &error, QStringLiteral("workspace alerts")))
        return error;
    return replaceRules(set);
}

QString AlertService::validateRule(const QVariantMap &rule, int index) const
{
    QJsonArray array = m_rules.toJsonObject().value(QStringLiteral("rules")).toArray();
    const QJsonObject object = QJsonObject::fromVariantMap(rule);
    if (index >= 0 && index < array.size())
        array.replace(index, object);
    else
        array.append(object);
    AlertRuleSet set;
    QString error;
    if (AlertRuleSet::fromJsonObject(QJsonObject{{QStringLiteral("rules"), array}}, &set, &error, QString()))
        return {};
    // The parser's own words without the (empty) file name: `rule "x" (rules[2]): field ...`.
    return error.startsWith(QLatin1String(": ")) ? error.mid(2) : error;
}

QString AlertService::setRule(int index, const QVariantMap &rule)
{
    const QString error = validateRule(rule, index);
    if (!error.isEmpty())
        return error;
    QJsonArray array = m_rules.toJsonObject().value(QStringLiteral("rules")).toArray();
    if (index >= 0 && index < array.size())
        array.replace(index, QJsonObject::fromVariantMap(rule));
    else
        array.append(QJsonObject::fromVariantMap(rule));
    AlertRuleSet set;
    QString unexpected;
    if (!AlertRuleSet::fromJsonObject(QJsonObject{{QStringLiteral("rules"), array}}, &set, &unexpected))
        return unexpected;
    return replaceRules(set);
}

bool AlertService::removeRule(int index)
{
    if (index < 0 || index >= m_rules.rules.size())
        return false;
    AlertRuleSet set = m_rules;
    set.rules.removeAt(index);
    replaceRules(set);
    return true;
}

bool AlertService::setRuleEnabled(const QString &rule, bool enabled)
{
    if (!m_sink.setRuleEnabled(rule, enabled))
        return false;
    syncRulesFromSink();
    return true;
}

bool AlertService::setRuleMuted(const QString &rule, bool muted)
{
    if (!m_sink.setRuleMuted(rule, muted))
        return false;
    syncRulesFromSink();
    return true;
}

bool AlertService::snoozeRule(const QString &rule, int seconds)
{
    const qint64 until = seconds > 0 ? now() + qint64(seconds) * 1000 : 0;
    if (!m_sink.snoozeRule(rule, until))
        return false;
    syncRulesFromSink();
    return true;
}

QString AlertService::importRules(const QUrl &file)
{
    QString error;
    const QString path = fileOf(file, &error);
    if (path.isEmpty())
        return QStringLiteral("Cannot import alert rules: ") + error;
    AlertRuleSet set;
    if (!AlertRuleSet::load(path, &set, &error))
        return error;
    return replaceRules(set);
}

QString AlertService::exportRules(const QUrl &file) const
{
    QString error;
    const QString path = fileOf(file, &error);
    if (path.isEmpty())
        return QStringLiteral("Cannot export alert rules: ") + error;
    if (!m_rules.save(path, &error))
        return error;
    return {};
}

// ---- settings ------------------------------------------------------------------------

QVariantMap AlertService::settings() const
{
    return {
        {QStringLiteral("desktopEnabled"), m_notifier->isEnabled()},
        {QStringLiteral("soundInfo"), m_notifier->soundInfo()},
        {QStringLiteral("soundWarning"), m_notifier->soundWarning()},
        {QStringLiteral("soundCritical"), m_notifier->soundCritical()},
        {QStringLiteral("maxPerMinute"), m_throttle->maxPerMinute()},
        {QStringLiteral("coalesceSeconds"), m_throttle->coalesceMs() / 1000},
        {QStringLiteral("roomPostsPerMinute"), m_posts.maxPerMinute()},
    };
}

void AlertService::setSettings(const QVariantMap &s)
{
    const QSignalBlocker notifierQuiet(m_notifier);
    const QSignalBlocker throttleQuiet(m_throttle);
    const QVariantMap before = settings();
    auto boolOf = [&](const char *key, bool fallback) {
        const QVariant v = s.value(QLatin1String(key));
        return v.typeId() == QMetaType::Bool ? v.toBool() : fallback;
    };
    auto intOf = [&](const char *key, int fallback, int lo, int hi) {
        bool ok = false;
        const double d = s.value(QLatin1String(key)).toDouble(&ok);
        return ok && std::isfinite(d) ? int(std::clamp(d, double(lo), double(hi))) : fallback;
    };
    m_notifier->setEnabled(boolOf("desktopEnabled", m_notifier->isEnabled()));
    m_notifier->setSoundInfo(boolOf("soundInfo", m_notifier->soundInfo()));
    m_notifier->setSoundWarning(boolOf("soundWarning", m_notifier->soundWarning()));
    m_notifier->setSoundCritical(boolOf("soundCritical", m_notifier->soundCritical()));
    m_throttle->setMaxPerMinute(intOf("maxPerMinute", m_throttle->maxPerMinute(), 1, 60));
    m_throttle->setCoalesceMs(intOf("coalesceSeconds", m_throttle->coalesceMs() / 1000, 0, 3600) * 1000);
    m_posts.setMaxPerMinute(intOf("roomPostsPerMinute", m_posts.maxPerMinute(), 1, 60));
    if (settings() != before)
        Q_EMIT settingsChanged();
}

// ---- inputs and delivery -------------------------------------------------------------

void AlertService::onConnectionState(const QString &connection, FeedState state)
{
    m_sink.onConnectionState(connection, state, now());
    deliverPending();
}

void AlertService::onChatMessage(const QString &room, const QString &sender, const QString &text, bool isPrivate)
{
    m_sink.onChatMessage(room, sender, text, isPrivate, now(), m_nickname);
    deliverPending();
}

void AlertService::advanceTime(qint64 nowMs)
{
    m_sink.advanceTime(nowMs);
    deliverPending();
    m_throttle->advanceTime(nowMs);
    post(m_posts.advanceTime(nowMs));
}

void AlertService::deliverPending()
{
    const QList<AlertEvent> events = m_sink.takePending();
    if (m_sink.dropped() != m_seenDropped) {
        m_seenDropped = m_sink.dropped();
        Q_EMIT droppedEventsChanged();
    }
    if (events.isEmpty())
        return;
    m_center->addEvents(events);   // one insertion for the whole burst
    for (const AlertEvent &e : events) {
        m_throttle->onAlertEvent(e);
        if (!e.postToRoom.isEmpty())
            post(m_posts.offer(e.postToRoom, e.summary(), e.t));
    }
}

void AlertService::post(const QList<RoomPostLimiter::Post> &posts)
{
    for (const RoomPostLimiter::Post &p : posts)
        Q_EMIT postToRoomRequested(p.first, p.second);
}

void AlertService::onNotification(const AlertNotification &n)
{
    m_latestToast = n;
    Q_EMIT toast(n);
    m_notifier->notify(n);
}

QPair<QString, QString> AlertService::focusTarget(const AlertNotification &n)
{
    using Kind = AlertRule::Kind;
    if (n.type == AlertNotification::Type::Overflow)
        return {QStringLiteral("notifications"), QString()};
    switch (n.kind) {
    case Kind::Above:
    case Kind::Below:
    case Kind::Rate:
    case Kind::Stale:
        return {QStringLiteral("series"), n.source};
    case Kind::ConnectionLost:
    case Kind::ConnectionFailed:
    case Kind::ConnectionRestored:
        return {QStringLiteral("connection"), n.source};
    case Kind::Mention:
    case Kind::RoomMessage:
        return {QStringLiteral("room"), n.source};
    case Kind::PrivateMessage:
        return {QStringLiteral("user"), n.source};
    }
    return {QStringLiteral("notifications"), QString()};
}

void AlertService::activate(const AlertNotification &notification)
{
    const auto [kind, target] = focusTarget(notification);
    Q_EMIT focusRequested(kind, target);
}

void AlertService::requestFocus(const QString &kind, const QString &target)
{
    Q_EMIT focusRequested(kind, target);
}

QVariantMap AlertService::describe(const AlertNotification &n) const
{
    static const char *const types[] = {"alert", "repeats", "overflow"};
    const auto [kind, target] = focusTarget(n);
    return {
        {QStringLiteral("title"), n.title},
        {QStringLiteral("body"), n.body},
        {QStringLiteral("severity"), AlertRule::severityName(n.severity)},
        {QStringLiteral("type"), QString::fromLatin1(types[int(n.type)])},
        {QStringLiteral("rule"), n.rule},
        {QStringLiteral("source"), n.source},
        {QStringLiteral("count"), n.count},
        {QStringLiteral("t"), n.t},
        {QStringLiteral("focusKind"), kind},
        {QStringLiteral("focusTarget"), target},
    };
}

void AlertService::activateEntry(int row)
{
    if (row < 0 || row >= m_center->count())
        return;
    const AlertEvent e = m_center->event(row);
    AlertNotification n;
    n.rule = e.rule;
    n.kind = e.kind;
    n.source = e.source;
    n.severity = e.severity;
    activate(n);
}
