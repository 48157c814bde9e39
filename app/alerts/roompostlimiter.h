// RoomPostLimiter: storm control for the alert events a rule posts into a chat room
// (the rule's postToRoom). A flapping rule must not flood a room the whole team reads:
// each room gets at most maxPerMinute posts in any 60 s; the rest are counted and, as
// soon as the room's limit allows, one line says "12 more alert events not posted (see
// the notification center)". Time is the events' own timestamps and advanceTime(), like
// AlertThrottle, so tests do not sleep. Owned by AlertService on the GUI thread.
// Bounds: rooms come from rule names (at most AlertRuleSet::MaxRules distinct ones, and
// MaxRooms here); per room at most maxPerMinute send times are remembered.
#pragma once
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

class RoomPostLimiter
{
public:
    static constexpr int DefaultMaxPerMinute = 10;
    static constexpr qint64 WindowMs = 60'000;
    static constexpr int MaxRooms = 1000;   // posts to further rooms are dropped and counted

    using Post = QPair<QString, QString>;   // room, text

    void setMaxPerMinute(int n) { m_maxPerMinute = n < 1 ? 1 : n; }
    int maxPerMinute() const { return m_maxPerMinute; }

    // The posts to send now: the text itself when the room has room, preceded by a
    // pending summary when one is due; nothing when held back.
    QList<Post> offer(const QString &room, const QString &text, qint64 tMs);
    // Summaries whose time has come.
    QList<Post> advanceTime(qint64 nowMs);
    int heldBack(const QString &room) const { return m_rooms.value(room).held; }
    qint64 droppedRooms() const { return m_droppedRooms; }
    int roomCount() const { return int(m_rooms.size()); }

private:
    struct Room {
        QList<qint64> sent;   // times of the posts in the last minute, oldest first
        int held = 0;
    };
    static void expire(Room &r, qint64 now);
    bool hasSlot(Room &r, qint64 now) const;
    static QString summary(int held);

    QHash<QString, Room> m_rooms;
    int m_maxPerMinute = DefaultMaxPerMinute;
    qint64 m_now = 0;
    qint64 m_droppedRooms = 0;
};
