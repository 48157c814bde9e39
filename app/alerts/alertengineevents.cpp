// AlertEngine, rules on events rather than series: connection lost, failed for a time,
// restored (per connection, with its own deadlines), and chat rules (mention of my nick as
// a whole word, private message, message in a room), each raised through emitEvent().
#include "alertengine.h"
#include "alertenginerules.h"

using namespace AlertEngineRules;

AlertEngine::ConnectionState *AlertEngine::connectionFor(const QString &name)
{
    const auto it = m_connectionIndex.constFind(name);
    if (it != m_connectionIndex.cend())
        return &m_connections[size_t(*it)];
    if (int(m_connections.size()) >= m_limits.maxConnections) {
        ++m_untrackedConnections;
        return nullptr;
    }
    ConnectionState c;
    for (int rule : std::as_const(m_connectionRules)) {
        if (m_rules[rule].pattern.matches(name)) {
            c.rules.append(rule);
            c.raised.append(false);
        }
    }
    m_connectionIndex.insert(name, int(m_connections.size()));
    m_connectionNames.append(name);
    m_connections.push_back(std::move(c));
    return &m_connections.back();
}

void AlertEngine::catchUp(ConnectionState &c, const QString &name, qint64 now)
{
    if (c.downSince < 0)
        return;
    for (qsizetype i = 0; i < c.rules.size(); ++i) {
        const AlertRule &r = m_rules[c.rules[i]].rule;
        if (r.kind != Kind::ConnectionFailed || c.raised[i] || !isActive(r))
            continue;
        const qint64 due = dueAt(r, later(c.downSince, r.afterMs));
        if (now >= due) {
            c.raised[i] = true;
            emitEvent(c.rules[i], AlertEvent::State::Raised, name, double(due - c.downSince) / 1000.0, due);
        }
    }
}

void AlertEngine::onConnectionState(const QString &connection, FeedState state, qint64 tMs)
{
    if (m_connectionRules.isEmpty())
        return;
    ConnectionState *c = connectionFor(connection);
    if (!c)
        return;
    catchUp(*c, connection, tMs);
    const FeedState prev = c->state;
    c->state = state;

    if (isDown(state)) {
        if (c->downSince < 0)
            c->downSince = tMs;
        if (prev != FeedState::Live)
            return;
        for (qsizetype i = 0; i < c->rules.size(); ++i) {
            const AlertRule &r = m_rules[c->rules[i]].rule;
            if (r.kind == Kind::ConnectionLost && !c->raised[i] && !r.silencedAt(tMs)) {
                c->raised[i] = true;
                emitEvent(c->rules[i], AlertEvent::State::Raised, connection, 0, tMs);
            }
        }
        return;
    }

    // Live again, or closed/idle on purpose: the down period (if any) ends here.
    const bool wasDown = c->downSince >= 0;
    const double downSeconds = wasDown ? double(tMs - c->downSince) / 1000.0 : 0;
    const bool restored = state == FeedState::Live && wasDown && c->wasLive;
    c->downSince = -1;
    c->wasLive = state == FeedState::Live;
    for (qsizetype i = 0; i < c->rules.size(); ++i) {
        const AlertRule &r = m_rules[c->rules[i]].rule;
        if (c->raised[i]) {
            c->raised[i] = false;
            if (!r.silencedAt(tMs))
                emitEvent(c->rules[i], AlertEvent::State::Cleared, connection, downSeconds, tMs);
        } else if (restored && r.kind == Kind::ConnectionRestored && !r.silencedAt(tMs)) {
            emitEvent(c->rules[i], AlertEvent::State::Raised, connection, downSeconds, tMs);
        }
    }
}

namespace {
bool isWordChar(QChar c) { return c.isLetterOrNumber() || c == u'_'; }

// Whole-word, case-insensitive: "bob" is mentioned in "hi @Bob!" but not in "bobcat".
bool mentions(QStringView text, QStringView nick)
{
    for (qsizetype from = 0;;) {
        const qsizetype at = text.indexOf(nick, from, Qt::CaseInsensitive);
        if (at < 0)
            return false;
        const qsizetype end = at + nick.size();
        if ((at == 0 || !isWordChar(text[at - 1])) && (end >= text.size() || !isWordChar(text[end])))
            return true;
        from = at + 1;
    }
}
} // namespace

void AlertEngine::onChatMessage(const QString &room, const QString &sender, const QString &text,
                                bool isPrivate, qint64 tMs, const QString &myNick)
{
    if (m_chatRules.isEmpty() || (!myNick.isEmpty() && sender == myNick))
        return;   // nothing to do, or my own message
    QString detail;
    for (int rule : std::as_const(m_chatRules)) {
        const Compiled &c = m_rules[rule];
        if (c.rule.silencedAt(tMs))
            continue;
        bool hit = false;
        QString source = room;
        switch (c.rule.kind) {
        case Kind::Mention:
            hit = !isPrivate && !myNick.isEmpty() && c.pattern.matches(room) && mentions(text, myNick);
            break;
        case Kind::PrivateMessage:
            hit = isPrivate && c.pattern.matches(sender);
            source = sender;
            break;
        case Kind::RoomMessage:
            hit = !isPrivate && c.pattern.matches(room);
            break;
        default:
            break;
        }
        if (!hit)
            continue;
        if (detail.isNull()) {
            detail = sender + QStringLiteral(": ") + text;
            if (detail.size() > kMaxDetail)
                detail = detail.left(kMaxDetail - 1) + QChar(0x2026);
        }
        emitEvent(rule, AlertEvent::State::Raised, source, 0, tMs, detail);
    }
}
