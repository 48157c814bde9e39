#include "hubrooms.h"
#include "hubbridge.h"
#include "hubnames.h"
#include "hubpeer.h"
#include "hubreply.h"
#include "hubserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <algorithm>

using namespace HubReply;

namespace {
using L = QLatin1String;
constexpr const char *kRoomRule = "must be 1-32 characters of a-z 0-9 _ -, starting with a letter or digit";

bool validRoom(const QString &s) { return HubNames::isValidRoom(s); }

QJsonObject presence(const QString &room, const QString &nick, const char *event)
{
    return {{L("type"), L("presence")}, {L("room"), room}, {L("nick"), nick}, {L("event"), L(event)}};
}

QJsonObject message(const HistoryMessage &m)
{
    QJsonObject o{{L("type"), L("msg")}, {L("room"), m.room}, {L("seq"), m.seq}, {L("ts"), m.ts},
                  {L("from"), m.from}, {L("text"), m.text}};
    if (!m.kind.isEmpty())
        o.insert(L("kind"), m.kind);   // absent for what a person wrote (protocol.md §6)
    return o;
}

} // namespace

bool HubRooms::open(QString *error)
{
    const HubConfig &cfg = m_server.config();
    return m_history.isOpen() || m_history.open(cfg.dataDir, cfg.roomHistoryBound, error);
}

int HubRooms::roomCount() const
{
    QSet<QString> rooms(m_members.keyBegin(), m_members.keyEnd());
    for (const QString &r : m_history.rooms())
        rooms.insert(r);
    return int(rooms.size());
}

void HubRooms::sendToRoom(const QString &room, const QJsonObject &o, quint64 except)
{
    const QByteArray frame = HubServer::textFrame(HubEnvelope::serialize(o));
    const QList<quint64> members = m_members.value(room);   // copy: sending may close peers
    for (quint64 id : members) {
        HubPeer *p = m_server.peer(id);
        if (p && id != except)
            m_server.sendFrame(*p, frame);
    }
}

void HubRooms::onJoin(HubPeer &p, const Envelope &e)
{
    const HubConfig &cfg = m_server.config();
    EnvelopeReader r(e.object);
    const QString room = r.string("room", true, 32, validRoom, kRoomRule);
    const auto since = r.integer("since", false, 0, qint64(9007199254740991));
    const auto limit = r.integer("limit", false, 0, cfg.maxHistoryOnJoin);
    if (!r.ok())
        return reject(m_server, p, r.error(), e.id);
    if (!p.rooms.contains(room)) {
        if (p.rooms.size() >= cfg.maxRoomsPerPeer)
            return reject(m_server, p, error("limit_reached", QStringLiteral("at most %1 rooms per connection").arg(cfg.maxRoomsPerPeer), "room"), e.id);
        if (!m_members.contains(room) && m_history.lastSeq(room) == 0 && roomCount() >= cfg.maxRooms)
            return reject(m_server, p, error("limit_reached", QStringLiteral("the hub has its maximum of %1 rooms").arg(cfg.maxRooms), "room"), e.id);
        sendToRoom(room, presence(room, p.nick, "join"));
        m_members[room].append(p.id);
        p.rooms.insert(room);
        if (HubBridge *b = m_server.bridge())
            b->localPresence(room, p.nick, true);
    }
    const qint64 last = m_history.lastSeq(room);
    const int want = int(limit.value_or(cfg.historyOnJoin));
    const qint64 after = since ? std::min(*since, last) : 0;
    const QList<HistoryMessage> replay = m_history.after(room, after, want);
    const qint64 skipped = since ? std::max<qint64>(0, last - after - replay.size()) : 0;
    QStringList members;
    for (quint64 id : m_members.value(room)) {
        if (HubPeer *m = m_server.peer(id))
            members << m->nick;
    }
    if (HubBridge *b = m_server.bridge())
        members << b->remoteMembers(room);
    std::sort(members.begin(), members.end());
    send(m_server, p, withRe({{L("type"), L("joined")}, {L("room"), room},
                              {L("members"), QJsonArray::fromStringList(members)}, {L("lastSeq"), last},
                              {L("replay"), replay.size()}, {L("skipped"), skipped}},
                             e.id));
    for (const HistoryMessage &m : replay)
        send(m_server, p, message(m));
}

void HubRooms::leaveRoom(HubPeer &p, const QString &room, bool notifySelf, const QJsonValue &re)
{
    auto it = m_members.find(room);
    if (it != m_members.end()) {
        it->removeOne(p.id);
        if (it->isEmpty())
            m_members.erase(it);
    }
    p.rooms.remove(room);
    if (notifySelf)
        send(m_server, p, withRe({{L("type"), L("left")}, {L("room"), room}}, re));
    sendToRoom(room, presence(room, p.nick, "leave"));
    if (HubBridge *b = m_server.bridge())
        b->localPresence(room, p.nick, false);
}

void HubRooms::leaveAll(HubPeer &p)
{
    const QSet<QString> rooms = p.rooms;
    for (const QString &room : rooms)
        leaveRoom(p, room, false, {});
}

void HubRooms::onLeave(HubPeer &p, const Envelope &e)
{
    EnvelopeReader r(e.object);
    const QString room = r.string("room", true, 32, validRoom, kRoomRule);
    if (!r.ok())
        return reject(m_server, p, r.error(), e.id);
    if (!p.rooms.contains(room))
        return reject(m_server, p, error("not_in_room", QStringLiteral("not in room \"%1\"").arg(room), "room"), e.id);
    leaveRoom(p, room, true, e.id);
}

void HubRooms::onRooms(HubPeer &p, const Envelope &e)
{
    QSet<QString> names(m_members.keyBegin(), m_members.keyEnd());
    for (const QString &r : m_history.rooms())
        names.insert(r);
    QStringList sorted(names.begin(), names.end());
    std::sort(sorted.begin(), sorted.end());
    QJsonArray rooms;
    for (const QString &name : sorted) {
        const qsizetype remote = m_server.bridge() ? m_server.bridge()->remoteMembers(name).size() : 0;
        rooms.append(QJsonObject{{L("name"), name}, {L("members"), m_members.value(name).size() + remote},
                                 {L("lastSeq"), m_history.lastSeq(name)}});
    }
    send(m_server, p, withRe({{L("type"), L("rooms")}, {L("rooms"), rooms}}, e.id));
}

void HubRooms::onSay(HubPeer &p, const Envelope &e)
{
    const HubConfig &cfg = m_server.config();
    EnvelopeReader r(e.object);
    const QString room = r.string("room", true, 32, validRoom, kRoomRule);
    const QString text = r.string("text", true, cfg.maxTextBytes);
    if (!checkText(r, text, cfg.maxTextBytes))
        return reject(m_server, p, r.error(), e.id);
    // "kind": absent or "text" = a person's words; "alert" = posted by an alert rule.
    const QJsonValue kindValue = e.object.value(L("kind"));
    if (!kindValue.isUndefined() && kindValue != QJsonValue(L("text")) && kindValue != QJsonValue(L("alert")))
        return reject(m_server, p, error("invalid_field", QStringLiteral("\"kind\" must be \"text\" or \"alert\""), "kind"), e.id);
    const QString kind = kindValue == QJsonValue(L("alert")) ? L("alert") : QString();
    if (!p.rooms.contains(room))
        return reject(m_server, p, error("not_in_room", QStringLiteral("join \"%1\" before saying something there").arg(room), "room"), e.id);
    const QString cid = e.id.isUndefined() ? QString()
                        : e.id.isString()  ? e.id.toString()
                                           : QString::number(qint64(e.id.toDouble()));
    if (!cid.isEmpty()) {
        if (const auto seq = m_history.findClientId(room, p.nick, cid)) {
            send(m_server, p, withRe({{L("type"), L("ack")}, {L("room"), room}, {L("seq"), *seq}, {L("duplicate"), true}}, e.id));
            return;
        }
    }
    if (HubBridge *b = m_server.bridge()) {
        // The cluster orders room messages: stored, acked and relayed by applyBridged().
        if (!cid.isEmpty() && b->isPending(room, p.nick, cid))
            return;   // a resend while the first copy waits: its ack answers both
        QString why;
        if (!b->submitSay({room, p.nick, text, cid, QDateTime::currentMSecsSinceEpoch(), p.id, e.id, kind}, &why))
            return reject(m_server, p, error("unavailable", why), e.id);
        return;
    }
    HistoryMessage m{room, 0, QDateTime::currentMSecsSinceEpoch(), p.nick, text, cid, kind};
    QString why;
    if (!m_history.append(m, &why))   // on disk before anyone receives it
        return reject(m_server, p, error("storage_failed", QStringLiteral("the hub could not store the message: %1").arg(why)), e.id);
    send(m_server, p, withRe({{L("type"), L("ack")}, {L("room"), room}, {L("seq"), m.seq}}, e.id));
    sendToRoom(room, message(m));
}

void HubRooms::onTyping(HubPeer &p, const Envelope &e)
{
    EnvelopeReader r(e.object);
    const QString room = r.string("room", true, 32, validRoom, kRoomRule);
    const auto active = r.boolean("active", true);
    if (!r.ok())
        return reject(m_server, p, r.error(), e.id);
    if (!p.rooms.contains(room))
        return reject(m_server, p, error("not_in_room", QStringLiteral("not in room \"%1\"").arg(room), "room"), e.id);
    sendToRoom(room, {{L("type"), L("typing")}, {L("room"), room}, {L("nick"), p.nick}, {L("active"), *active}}, p.id);
    if (HubBridge *b = m_server.bridge())
        b->localTyping(room, p.nick, *active);
}

bool HubRooms::applyBridged(HistoryMessage m, quint64 streamSeq, quint64 ackPeer, const QJsonValue &re)
{
    HubPeer *sender = ackPeer ? m_server.peer(ackPeer) : nullptr;
    if (sender && sender->nick != m.from)
        sender = nullptr;   // the peer id was reused by someone else
    QString why;
    if (!m.clientId.isEmpty()) {
        if (const auto seq = m_history.findClientId(m.room, m.from, m.clientId)) {
            // A resend the cluster sequenced twice: every hub drops it the same way.
            if (!m_history.setBridgePosition(streamSeq, &why))
                return false;
            if (sender)
                send(m_server, *sender, withRe({{L("type"), L("ack")}, {L("room"), m.room}, {L("seq"), *seq}, {L("duplicate"), true}}, re));
            return true;
        }
    }
    if (!m_history.append(m, &why, streamSeq)) {
        m_server.logRejection(QStringLiteral("nats"), QStringLiteral("storage_failed: %1").arg(why));
        return false;
    }
    if (sender)
        send(m_server, *sender, withRe({{L("type"), L("ack")}, {L("room"), m.room}, {L("seq"), m.seq}}, re));
    sendToRoom(m.room, message(m));
    return true;
}

void HubRooms::remotePresence(const QString &room, const QString &nick, bool joined)
{
    sendToRoom(room, presence(room, nick, joined ? "join" : "leave"));
}

void HubRooms::remoteTyping(const QString &room, const QString &nick, bool active)
{
    sendToRoom(room, {{L("type"), L("typing")}, {L("room"), room}, {L("nick"), nick}, {L("active"), active}});
}
