// AlertEngineRules: the small rule predicates AlertEngine's files share (series rules in
// alertengine.cpp, connection and chat rules in alertengineevents.cpp). Internal.
#pragma once
#include "alertrule.h"
#include "feedstats.h"

#include <algorithm>
#include <limits>

namespace AlertEngineRules {
using Kind = AlertRule::Kind;

inline bool isDown(FeedState s)
{
    return s == FeedState::Connecting || s == FeedState::Reconnecting || s == FeedState::Failed;
}

inline bool isActive(const AlertRule &r) { return r.enabled && !r.muted; }

// t + d (d >= 0) without overflow: timestamps come from the data and may be anything.
inline qint64 later(qint64 t, qint64 d)
{
    return t > std::numeric_limits<qint64>::max() - d ? std::numeric_limits<qint64>::max() : t + d;
}

// A deadline pushed to the end of a snooze: what is still true then is raised then.
inline qint64 dueAt(const AlertRule &r, qint64 natural) { return std::max(natural, r.snoozeUntilMs); }

// Has deadlines that advanceTime() must check.
inline bool isTimed(const AlertRule &r)
{
    return r.kind == Kind::Stale || r.kind == Kind::ConnectionFailed || r.forMs > 0 || r.snoozeUntilMs > 0;
}

constexpr int kMaxDetail = 200;   // characters of chat text kept in an event's detail
} // namespace AlertEngineRules
