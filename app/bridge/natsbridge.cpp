#include "natsbridge.h"
#include "hubdispatcher.h"
#include "hubrooms.h"
#include "hubserver.h"
#include "natslink.h"

#include <QDateTime>
#include <QUuid>
#include <algorithm>

namespace {
qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
}

NatsBridge::NatsBridge(HubServer *hub, const NatsBridgeConfig &config, QObject *parent)
    : QObject(parent), m_hub(hub), m_config(config),
      m_origin(QUuid::createUuid().toString(QUuid::Id128).left(16))
{
    m_resendTimer.setInterval(std::max(100, m_config.resendAfterMs / 2));
    connect(&m_resendTimer, &QTimer::timeout, this, [this] { publishPending(false); });
    m_rosterTimer.setInterval(m_config.rosterIntervalMs);
    connect(&m_rosterTimer, &QTimer::timeout, this, [this] {
        publishRoster();
        expireRemotes();
    });
    m_followRetry.setSingleShot(true);
    m_followRetry.setInterval(1'000);
    connect(&m_followRetry, &QTimer::timeout, this, &NatsBridge::follow);
}

NatsBridge::~NatsBridge()
{
    if (m_hub && m_hub->bridge() == this)
        m_hub->setBridge(nullptr);
    m_link.reset();   // closes the connection; no callback reaches us after this
}

bool NatsBridge::start(QString *error)
{
    if (m_config.urls.isEmpty()) {
        *error = tr("--nats needs at least one URL, e.g. nats://127.0.0.1:4222.");
        return false;
    }
    m_link = std::make_unique<NatsLink>(this, m_config, m_origin);
    if (!m_link->connect(error)) {
        m_link.reset();
        return false;
    }
    m_hub->setBridge(this);
    m_resendTimer.start();
    m_rosterTimer.start();
    return true;
}

quint64 NatsBridge::dropped(DropReason r) const { return m_link ? m_link->dropped(r) : 0; }

int NatsBridge::inboundWaiting() const { return m_link ? m_link->inboundWaiting() : 0; }

quint64 NatsBridge::droppedTotal() const
{
    quint64 n = 0;
    for (int r = 0; r < int(DropReason::Count); ++r)
        n += dropped(DropReason(r));
    return n;
}

void NatsBridge::fail(const QString &error)
{
    if (error == m_lastError)
        return;   // retried every second: say it once
    m_lastError = error;
    qWarning("pulseboard: nats: %s", qPrintable(error));
    Q_EMIT errorOccurred(error);
}

void NatsBridge::linkUp()
{
    if (!m_link || !m_link->isConnected())
        return;
    if (!m_connected) {
        m_connected = true;
        Q_EMIT connectedChanged(true);
    }
    QString why;
    if (!m_link->subscribeLive(&why))
        fail(why);
    publishRoster();
    follow();
}

void NatsBridge::linkDown()
{
    if (m_link && m_link->isConnected())
        return;   // a stale notice: we are already back
    m_connected = false;
    if (m_streaming) {
        m_streaming = false;
        Q_EMIT streamingChanged(false);
    }
    Q_EMIT connectedChanged(false);
}

void NatsBridge::follow()
{
    if (!m_link || !m_link->isConnected() || !m_hub)
        return;
    HistoryStore &history = m_hub->dispatcher().rooms().history();
    QString streamId, why;
    if (!m_link->ensureStream(&streamId, &why) || !history.setBridgeStream(streamId, &why)
        || !m_link->subscribeStream(history.bridgePosition(), &why)) {
        fail(why);
        m_followRetry.start();
        return;
    }
    if (!m_streaming) {
        m_streaming = true;
        Q_EMIT streamingChanged(true);
    }
    publishPending(true);
}

bool NatsBridge::submitSay(const BridgedSay &say, QString *error)
{
    if (int(m_outbox.size()) >= m_config.outboxLimit) {
        *error = tr("the hub cannot reach the cluster (NATS) and %1 messages already wait; try again shortly")
                     .arg(m_outbox.size());
        return false;
    }
    const quint64 id = m_nextId++;
    Pending &p = m_outbox[id];
    p.say = say;
    p.payload = BridgeCodec::encodeSay(say, m_origin);
    if (m_streaming && m_link->publish(BridgeCodec::roomSubject(m_config.prefix, say.room), p.payload,
                                       m_origin + u'-' + QString::number(id)))
        p.sentMs = nowMs();
    return true;
}

bool NatsBridge::isPending(const QString &room, const QString &from, const QString &clientId) const
{
    return std::any_of(m_outbox.begin(), m_outbox.end(), [&](const auto &e) {
        const BridgedSay &s = e.second.say;
        return s.clientId == clientId && s.room == room && s.from == from;
    });
}

void NatsBridge::publishPending(bool all)
{
    if (!m_streaming || !m_link->isConnected())
        return;
    // Resends keep their Nats-Msg-Id: the stream stores each message once (2 min window).
    const qint64 now = nowMs();
    for (auto &[id, p] : m_outbox) {
        if (!all && p.sentMs != 0 && now - p.sentMs < m_config.resendAfterMs)
            continue;
        if (m_link->publish(BridgeCodec::roomSubject(m_config.prefix, p.say.room), p.payload,
                            m_origin + u'-' + QString::number(id)))
            p.sentMs = now;
    }
}

void NatsBridge::streamDelivered(const StreamDelivery &d)
{
    if (!m_hub || !m_link)
        return;
    HubRooms &rooms = m_hub->dispatcher().rooms();
    HistoryStore &history = rooms.history();
    if (d.streamSeq <= history.bridgePosition()) {   // a redelivery or a resubscribe overlap
        ++m_duplicates;
        m_link->ack(d);
        return;
    }
    QString why;
    if (!d.event) {
        m_link->countDrop(d.why);   // every hub drops it the same way, and moves past it
        if (history.setBridgePosition(d.streamSeq, &why))
            m_link->ack(d);
        return;
    }
    quint64 ackPeer = 0;
    QJsonValue re;
    const QString own = m_origin + u'-';
    if (d.event->origin == m_origin && d.msgId.startsWith(own)) {
        auto it = m_outbox.find(d.msgId.mid(own.size()).toULongLong());
        if (it != m_outbox.end()) {
            ackPeer = it->second.say.peerId;
            re = it->second.say.re;
            m_outbox.erase(it);
        }
    }
    const BridgeEvent &e = *d.event;
    if (!rooms.applyBridged({e.room, 0, e.ts, e.nick, e.text, e.clientId, e.messageKind}, d.streamSeq, ackPeer, re)) {
        // Not stored (disk): follow again from our position, so nothing is skipped.
        m_streaming = false;
        Q_EMIT streamingChanged(false);
        m_link->dropStreamSubscription();
        m_followRetry.start();
        return;
    }
    ++m_applied;
    m_link->ack(d);
    Q_EMIT messageApplied(d.streamSeq);
}

void NatsBridge::localPresence(const QString &room, const QString &nick, bool joined)
{
    QHash<QString, int> &nicks = m_local[room];
    int &n = nicks[nick];
    n += joined ? 1 : -1;
    const bool changed = joined ? n == 1 : n <= 0;
    if (n <= 0)
        nicks.remove(nick);
    if (nicks.isEmpty())
        m_local.remove(room);
    if (changed && m_link && m_link->isConnected())
        m_link->publish(BridgeCodec::presenceSubject(m_config.prefix, room),
                        BridgeCodec::encodePresence(room, nick, joined, m_origin));
}

void NatsBridge::localTyping(const QString &room, const QString &nick, bool active)
{
    if (m_link && m_link->isConnected())   // live only: no use in a late typing notice
        m_link->publish(BridgeCodec::typingSubject(m_config.prefix, room),
                        BridgeCodec::encodeTyping(room, nick, active, m_origin));
}

void NatsBridge::localSample(const QString &topic, const QString &from, const QByteArray &rawJson)
{
    if (m_link && m_link->isConnected())
        m_link->publish(BridgeCodec::topicSubject(m_config.prefix, topic),
                        BridgeCodec::encodeSample(topic, from, rawJson, m_origin));
}

QStringList NatsBridge::remoteMembers(const QString &room) const
{
    QSet<QString> all;
    for (const Remote &r : m_remote) {
        const auto it = r.rooms.constFind(room);
        if (it != r.rooms.cend())
            all.unite(*it);
    }
    QStringList out(all.begin(), all.end());
    std::sort(out.begin(), out.end());
    return out;
}

void NatsBridge::publishRoster()
{
    if (!m_link || !m_link->isConnected())
        return;
    QHash<QString, QStringList> rooms;
    for (auto it = m_local.cbegin(); it != m_local.cend() && rooms.size() < BridgeCodec::MaxRosterRooms; ++it)
        rooms.insert(it.key(), QStringList(it->keyBegin(), it->keyEnd()).mid(0, BridgeCodec::MaxRosterNicks));
    m_link->publish(BridgeCodec::rosterSubject(m_config.prefix), BridgeCodec::encodeRoster(rooms, m_origin));
}

void NatsBridge::setRemoteMember(const QString &origin, const QString &room, const QString &nick, bool in)
{
    Remote &r = m_remote[origin];
    QSet<QString> &nicks = r.rooms[room];
    const bool was = nicks.contains(nick);
    if (was == in)
        return;
    const bool elsewhere = [&] {   // the same nick on a third hub stays visible
        for (auto it = m_remote.cbegin(); it != m_remote.cend(); ++it) {
            if (it.key() != origin && it->rooms.value(room).contains(nick))
                return true;
        }
        return false;
    }();
    if (in)
        nicks.insert(nick);
    else
        nicks.remove(nick);
    if (nicks.isEmpty())
        r.rooms.remove(room);
    if (!elsewhere && m_hub)
        m_hub->dispatcher().rooms().remotePresence(room, nick, in);
}

void NatsBridge::liveEvent(const BridgeEvent &ev)
{
    if (!m_hub)
        return;
    if (ev.kind == BridgeEvent::Kind::Sample) {
        m_hub->dispatcher().deliverSample(ev.topic, ev.nick, ev.data, ev.raw);
        return;
    }
    if (ev.kind == BridgeEvent::Kind::Typing) {
        m_hub->dispatcher().rooms().remoteTyping(ev.room, ev.nick, ev.on);
        return;
    }
    if (!m_remote.contains(ev.origin) && m_remote.size() >= m_config.maxRemoteHubs) {
        m_link->countDrop(DropReason::TooManyHubs);
        return;
    }
    m_remote[ev.origin].seenMs = nowMs();
    if (ev.kind == BridgeEvent::Kind::Presence) {
        const Remote &r = m_remote[ev.origin];   // the roster's bounds hold for events too
        const bool newRoom = !r.rooms.contains(ev.room);
        if (ev.on && ((newRoom && r.rooms.size() >= BridgeCodec::MaxRosterRooms)
                      || (!newRoom && r.rooms.value(ev.room).size() >= BridgeCodec::MaxRosterNicks))) {
            m_link->countDrop(DropReason::BadField);
            return;
        }
        setRemoteMember(ev.origin, ev.room, ev.nick, ev.on);
        return;
    }
    // Roster: the origin's whole membership; what we missed joins, what is gone leaves.
    const QHash<QString, QSet<QString>> before = m_remote[ev.origin].rooms;
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        for (const QString &nick : *it) {
            if (!ev.roster.value(it.key()).contains(nick))
                setRemoteMember(ev.origin, it.key(), nick, false);
        }
    }
    for (auto it = ev.roster.cbegin(); it != ev.roster.cend(); ++it) {
        for (const QString &nick : *it)
            setRemoteMember(ev.origin, it.key(), nick, true);
    }
}

void NatsBridge::expireRemotes()
{
    const qint64 now = nowMs();
    const QStringList origins = m_remote.keys();
    for (const QString &origin : origins) {
        if (now - m_remote.value(origin).seenMs <= m_config.remoteHubTimeoutMs)
            continue;
        const QHash<QString, QSet<QString>> rooms = m_remote.value(origin).rooms;
        for (auto it = rooms.cbegin(); it != rooms.cend(); ++it) {
            for (const QString &nick : *it)
                setRemoteMember(origin, it.key(), nick, false);
        }
        m_remote.remove(origin);
    }
}
