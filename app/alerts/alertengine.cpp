#include "alertengine.h"
#include "alertenginerules.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>

using namespace AlertEngineRules;

AlertEngine::AlertEngine(QObject *parent)
    : AlertEngine(Limits{}, parent)
{
}

AlertEngine::AlertEngine(Limits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{
    setClock({});
}

AlertEngine::~AlertEngine() = default;

void AlertEngine::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); });
}

void AlertEngine::setRules(const AlertRuleSet &rules)
{
    m_set = rules;
    m_rules.clear();
    m_exactSeriesRules.clear();
    m_globSeriesRules.clear();
    m_connectionRules.clear();
    m_chatRules.clear();
    m_bySeries.clear();
    m_states.clear();
    m_connectionIndex.clear();
    m_connections.clear();
    m_connectionNames.clear();
    m_startT = m_clock();
    m_untrackedSeries = m_untrackedConnections = 0;

    for (const AlertRule &r : m_set.rules) {
        const int index = int(m_rules.size());
        Compiled c{r, GlobPattern(r.target.isEmpty() ? QStringLiteral("*") : r.target)};
        c.timed = isTimed(r);
        m_rules.append(c);
        if (r.isSeriesRule()) {
            if (c.pattern.isExact())
                m_exactSeriesRules[c.pattern.literal()].append(index);
            else
                m_globSeriesRules.append(index);
        } else if (r.isConnectionRule()) {
            m_connectionRules.append(index);
        } else {
            m_chatRules.append(index);
        }
    }
    // Exact names are learned now, so a stale rule can fire for a series that never
    // sends anything, and the limits never refuse a series named in a rule. In rule
    // order, not hash order: events raised together come out in the same order every run.
    for (const Compiled &c : std::as_const(m_rules)) {
        if (c.rule.isSeriesRule() && c.pattern.isExact())
            statesFor(c.pattern.literal());
    }
    Q_EMIT rulesChanged();
}

QString AlertEngine::rulesJson() const
{
    return QString::fromUtf8(m_set.toJson());
}

QString AlertEngine::applyRulesJson(const QString &json)
{
    AlertRuleSet set;
    QString error;
    if (!AlertRuleSet::fromJson(json.toUtf8(), &set, &error, QStringLiteral("rules")))
        return error;
    setRules(set);
    return {};
}

int AlertEngine::addSeriesState(int rule, const QString &series)
{
    SeriesState s;
    s.rule = rule;
    s.series = series;
    if (m_rules[rule].rule.kind == Kind::Rate)
        s.window.configure(m_rules[rule].rule.windowMs, m_limits.rateBuckets);
    m_states.push_back(std::move(s));
    return int(m_states.size() - 1);
}

const QList<int> &AlertEngine::statesFor(const QString &series)
{
    const auto it = m_bySeries.constFind(series);
    if (it != m_bySeries.cend())
        return *it;

    // First sight of this name: work out which rules select it.
    const bool exact = m_exactSeriesRules.contains(series);
    const bool namesFull = m_bySeries.size() >= m_limits.maxSeriesNames;
    QList<int> indices;
    auto track = [&](int rule) {
        if (int(m_states.size()) >= m_limits.maxSeriesStates && !exact)
            ++m_untrackedSeries;
        else
            indices.append(addSeriesState(rule, series));
    };
    for (int rule : m_exactSeriesRules.value(series))
        track(rule);
    for (int rule : std::as_const(m_globSeriesRules)) {
        if (!m_rules[rule].pattern.matches(series))
            continue;
        if (namesFull && !exact)
            ++m_untrackedSeries;   // cannot remember the name, so cannot keep its state
        else
            track(rule);
    }
    if (namesFull && !exact)
        return m_noStates;
    return *m_bySeries.insert(series, indices);
}

bool AlertEngine::setRuleEnabled(const QString &rule, bool enabled)
{
    const int i = m_set.indexOf(rule);
    if (i < 0)
        return false;
    m_set.rules[i].enabled = m_rules[i].rule.enabled = enabled;
    resetRule(i);
    return true;
}

bool AlertEngine::setRuleMuted(const QString &rule, bool muted)
{
    const int i = m_set.indexOf(rule);
    if (i < 0)
        return false;
    m_set.rules[i].muted = m_rules[i].rule.muted = muted;
    resetRule(i);
    return true;
}

bool AlertEngine::snoozeRule(const QString &rule, qint64 untilMs)
{
    const int i = m_set.indexOf(rule);
    if (i < 0)
        return false;
    m_set.rules[i].snoozeUntilMs = m_rules[i].rule.snoozeUntilMs = std::max<qint64>(untilMs, 0);
    const AlertRule &r = m_rules[i].rule;
    m_rules[i].timed = isTimed(r);
    resetRule(i);
    return true;
}

// Forgets what the rule had raised (no "cleared" event: the user asked for quiet).
// Pending durations survive a snooze (the condition is still being watched) but not
// disabling or muting.
void AlertEngine::resetRule(int rule)
{
    const bool forgetPending = !isActive(m_rules[rule].rule);
    for (SeriesState &s : m_states) {
        if (s.rule != rule)
            continue;
        s.raised = false;
        if (forgetPending)
            s.pendingSince = -1;
    }
    for (ConnectionState &c : m_connections) {
        for (qsizetype i = 0; i < c.rules.size(); ++i) {
            if (c.rules[i] == rule)
                c.raised[i] = false;
        }
    }
}

bool AlertEngine::isRaised(const QString &rule, const QString &source) const
{
    const int index = m_set.indexOf(rule);
    if (index < 0)
        return false;
    for (const SeriesState &s : m_states) {
        if (s.rule == index && s.raised && s.series == source)
            return true;
    }
    const auto it = m_connectionIndex.constFind(source);
    if (it != m_connectionIndex.cend()) {
        const ConnectionState &c = m_connections[size_t(*it)];
        for (qsizetype i = 0; i < c.rules.size(); ++i) {
            if (c.rules[i] == index && c.raised[i])
                return true;
        }
    }
    return false;
}

int AlertEngine::raisedCount() const
{
    int n = 0;
    for (const SeriesState &s : m_states)
        n += s.raised ? 1 : 0;
    for (const ConnectionState &c : m_connections)
        n += int(c.raised.count(true));
    return n;
}

void AlertEngine::onSample(const QString &series, qint64 tMs, double v)
{
    if (m_exactSeriesRules.isEmpty() && m_globSeriesRules.isEmpty())
        return;
    if (!std::isfinite(v))
        return;
    // A copy of an implicitly shared list: no allocation, and safe if a slot connected
    // to alertEvent() feeds another new series in and the hash grows.
    const QList<int> states = statesFor(series);
    for (int index : states)
        evaluate(m_states[index], tMs, v);
}

void AlertEngine::onSamples(const SampleBatch &batch)
{
    for (const Sample &s : batch)
        onSample(s.series, s.t, s.v);
}

void AlertEngine::evaluate(SeriesState &s, qint64 t, double v)
{
    if (s.seen && t < s.lastT)
        return;   // out of order: the value "now" is already known
    const AlertRule &r = m_rules[s.rule].rule;
    catchUp(s, t);   // deadlines that passed between the previous sample and this one

    double metric = v;
    if (r.kind == Kind::Rate) {
        metric = rateMetric(r, s.window.add(t, v));
        s.lastMetric = metric;
    }
    const bool wasRaised = s.raised;
    s.seen = true;
    s.lastT = t;
    s.lastV = v;
    if (!isActive(r)) {
        s.raised = false;
        s.pendingSince = -1;
        return;
    }

    switch (r.kind) {
    case Kind::Above:
        step(s, v > r.raise, v <= r.clearLevel(), t, v);
        break;
    case Kind::Below:
        step(s, v < r.raise, v >= r.clearLevel(), t, v);
        break;
    case Kind::Rate: {
        const double m = r.direction == AlertRule::Direction::Any ? std::abs(metric)
                       : r.direction == AlertRule::Direction::Up ? metric : -metric;
        step(s, m > r.raise, m <= r.clearLevel(), t, metric);
        break;
    }
    case Kind::Stale:
        if (wasRaised) {
            s.raised = false;
            emitEvent(s.rule, AlertEvent::State::Cleared, s.series, v, t);
        }
        break;
    default:
        break;
    }
}

double AlertEngine::rateMetric(const AlertRule &r, double change) const
{
    return r.rateMode == AlertRule::RateMode::PerSecond ? change / (double(r.windowMs) / 1000.0) : change;
}

void AlertEngine::step(SeriesState &s, bool cond, bool clearCond, qint64 t, double value)
{
    const AlertRule &r = m_rules[s.rule].rule;
    if (s.raised) {
        if (clearCond) {
            s.raised = false;
            emitEvent(s.rule, AlertEvent::State::Cleared, s.series, value, t);
        }
        return;
    }
    if (!cond) {
        s.pendingSince = -1;
        return;
    }
    if (s.pendingSince < 0)
        s.pendingSince = t;
    if (t >= dueAt(r, later(s.pendingSince, r.forMs))) {
        s.raised = true;
        s.pendingSince = -1;
        emitEvent(s.rule, AlertEvent::State::Raised, s.series, value, t);
    }
}

void AlertEngine::catchUp(SeriesState &s, qint64 now)
{
    const Compiled &c = m_rules[s.rule];
    if (c.rule.kind == Kind::Rate) {
        catchUpRate(s, now);
        return;
    }
    if (!c.timed || s.raised || !isActive(c.rule))
        return;
    qint64 due;
    if (c.rule.kind == Kind::Stale) {
        // A series named exactly that never sent is silent since the engine started.
        due = dueAt(c.rule, later(s.seen ? s.lastT : m_startT, c.rule.afterMs));
    } else {
        if (s.pendingSince < 0)
            return;
        due = dueAt(c.rule, later(s.pendingSince, c.rule.forMs));
    }
    if (now < due)
        return;
    s.raised = true;
    s.pendingSince = -1;
    emitEvent(s.rule, AlertEvent::State::Raised, s.series, s.lastV, due);
}

// Between samples a rate rule keeps the state of the last sample, until the window has
// slid past it: after lastT + window the value has held for a whole window, so the change
// is 0. A raised rule clears (value 0, stamped lastT + window) and a wait that had not
// ended by then is dropped: nothing raises on a change that is no longer in the window.
// At lastT + window itself the last sample is still the window's start, so a sample at
// that instant is compared with it (no clear and re-raise in the same millisecond).
void AlertEngine::catchUpRate(SeriesState &s, qint64 now)
{
    const AlertRule &r = m_rules[s.rule].rule;
    if (!s.seen || (!s.raised && s.pendingSince < 0) || !isActive(r))
        return;
    const qint64 flat = later(s.lastT, r.windowMs);
    if (!s.raised) {
        const qint64 due = dueAt(r, later(s.pendingSince, r.forMs));
        if (due <= flat && now >= due) {   // the change was still in the window then
            s.raised = true;
            s.pendingSince = -1;
            emitEvent(s.rule, AlertEvent::State::Raised, s.series, s.lastMetric, due);
        }
    }
    if (now <= flat)
        return;
    s.pendingSince = -1;
    s.lastMetric = 0;
    if (s.raised) {
        s.raised = false;
        emitEvent(s.rule, AlertEvent::State::Cleared, s.series, 0, flat);
    }
}

void AlertEngine::advanceTime(qint64 nowMs)
{
    if (m_rules.isEmpty())
        return;
    for (SeriesState &s : m_states)
        catchUp(s, nowMs);
    for (size_t i = 0; i < m_connections.size(); ++i)
        catchUp(m_connections[i], m_connectionNames.at(qsizetype(i)), nowMs);
}

void AlertEngine::emitEvent(int rule, AlertEvent::State state, const QString &source, double value, qint64 t,
                            const QString &detail)
{
    const AlertRule &r = m_rules[rule].rule;
    AlertEvent e;
    e.rule = r.name;
    e.state = state;
    e.severity = r.severity;
    e.kind = r.kind;
    e.source = source;
    e.value = value;
    e.t = t;
    e.detail = detail;
    e.postToRoom = r.postToRoom;
    Q_EMIT alertEvent(e);
}
