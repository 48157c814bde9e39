#include "roompostlimiter.h"

#include <algorithm>

void RoomPostLimiter::expire(Room &r, qint64 now)
{
    while (!r.sent.isEmpty() && r.sent.first() <= now - WindowMs)
        r.sent.removeFirst();
}

bool RoomPostLimiter::hasSlot(Room &r, qint64 now) const
{
    expire(r, now);
    return r.sent.size() < m_maxPerMinute;
}

QString RoomPostLimiter::summary(int held)
{
    return held == 1 ? QStringLiteral("1 more alert event not posted (see the notification center)")
                     : QStringLiteral("%1 more alert events not posted (see the notification center)").arg(held);
}

QList<RoomPostLimiter::Post> RoomPostLimiter::offer(const QString &room, const QString &text, qint64 tMs)
{
    m_now = std::max(m_now, tMs);
    QList<Post> out = advanceTime(m_now);
    auto it = m_rooms.find(room);
    if (it == m_rooms.end()) {
        if (m_rooms.size() >= MaxRooms) {
            ++m_droppedRooms;
            return out;
        }
        it = m_rooms.insert(room, Room{});
    }
    // Once something is held back, later events join the summary rather than overtake it.
    if (it->held > 0 || !hasSlot(*it, m_now)) {
        ++it->held;
        return out;
    }
    it->sent.append(m_now);
    out.append({room, text});
    return out;
}

QList<RoomPostLimiter::Post> RoomPostLimiter::advanceTime(qint64 nowMs)
{
    m_now = std::max(m_now, nowMs);
    QList<Post> out;
    for (auto it = m_rooms.begin(); it != m_rooms.end();) {
        if (it->held > 0 && hasSlot(*it, m_now)) {
            it->sent.append(m_now);
            out.append({it.key(), summary(it->held)});
            it->held = 0;
        }
        expire(*it, m_now);
        if (it->held == 0 && it->sent.isEmpty())
            it = m_rooms.erase(it);   // idle for a minute: forget the room
        else
            ++it;
    }
    // Deterministic order for several rooms at once.
    std::sort(out.begin(), out.end(), [](const Post &a, const Post &b) { return a.first < b.first; });
    return out;
}
