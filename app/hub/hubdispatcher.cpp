#include "hubdispatcher.h"
#include "hubauth.h"
#include "hubclock.h"
#include "hubclosecodes.h"
#include "hubnames.h"
#include "hubserver.h"
#include "topicrouter.h"

#include <QDateTime>
#include <QJsonDocument>
#include <cmath>
#include <QJsonArray>
#include <algorithm>

namespace {
using L = QLatin1String;
constexpr int kProtocolVersion = 1;

bool validNick(const QString &s) { return HubNames::isValidNick(s); }
bool validRoom(const QString &s) { return HubNames::isValidRoom(s); }
bool validTopic(const QString &s) { return HubNames::isValidTopic(s); }
constexpr const char *kNickRule = "must be 1-24 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit";
constexpr const char *kRoomRule = "must be 1-32 characters of a-z 0-9 _ -, starting with a letter or digit";
constexpr const char *kTopicRule = "must be 1-128 characters: segments of A-Z a-z 0-9 _ . - separated by /";

HubError error(const char *code, const QString &message, const char *field = "")
{
    return {QString::fromLatin1(code), QString::fromLatin1(field), message};
}

QJsonObject withRe(QJsonObject o, const QJsonValue &re)
{
    if (!re.isUndefined())
        o.insert(L("re"), re);
    return o;
}
} // namespace

HubDispatcher::HubDispatcher(HubServer &server)
    : m_server(server)
{
    m_handlers = {
        {QStringLiteral("hello"), &HubDispatcher::onHello},
        {QStringLiteral("auth"), &HubDispatcher::onAuth},
        {QStringLiteral("join"), &HubDispatcher::onJoin},
        {QStringLiteral("leave"), &HubDispatcher::onLeave},
        {QStringLiteral("rooms"), &HubDispatcher::onRooms},
        {QStringLiteral("users"), &HubDispatcher::onUsers},
        {QStringLiteral("say"), &HubDispatcher::onSay},
        {QStringLiteral("pm"), &HubDispatcher::onPm},
        {QStringLiteral("typing"), &HubDispatcher::onTyping},
        {QStringLiteral("publish"), &HubDispatcher::onPublish},
        {QStringLiteral("subscribe"), &HubDispatcher::onSubscribe},
        {QStringLiteral("unsubscribe"), &HubDispatcher::onUnsubscribe},
        {QStringLiteral("ping"), &HubDispatcher::onPing},
    };
}

bool HubDispatcher::start(QString *error)
{
    const HubConfig &cfg = m_server.config();
    m_guard.configure(cfg.authMaxFailures, cfg.authFailureWindowMs);
    if (!m_history.isOpen() && !m_history.open(cfg.dataDir, cfg.roomHistoryBound, error))
        return false;
    if (!cfg.password.isEmpty()) {
        m_salt = HubAuth::randomBytes(16);
        m_key = HubAuth::deriveKey(cfg.password, m_salt,
                                   std::clamp(cfg.pbkdf2Iterations, HubAuth::MinIterations,
                                              HubAuth::MaxIterations));
    } else {
        m_salt.clear();
        m_key.clear();
    }
    return true;
}

QStringList HubDispatcher::nicknames() const
{
    QStringList out;
    for (quint64 id : m_nicks) {
        if (HubPeer *p = m_server.peer(id))
            out << p->nick;
    }
    std::sort(out.begin(), out.end());
    return out;
}

quint64 HubDispatcher::peerIdForNick(const QString &nick) const
{
    return m_nicks.value(HubNames::nickKey(nick), 0);
}

int HubDispatcher::roomCount() const
{
    QSet<QString> rooms(m_members.keyBegin(), m_members.keyEnd());
    for (const QString &r : m_history.rooms())
        rooms.insert(r);
    return int(rooms.size());
}

void HubDispatcher::send(HubPeer &p, const QJsonObject &o)
{
    const QByteArray utf8 = HubEnvelope::serialize(o);
    m_server.sendText(p, QString::fromUtf8(utf8), utf8.size());
}

void HubDispatcher::sendToRoom(const QString &room, const QJsonObject &o, quint64 except)
{
    const QByteArray utf8 = HubEnvelope::serialize(o);
    const QString frame = QString::fromUtf8(utf8);
    const QList<quint64> members = m_members.value(room);   // copy: sending may close peers
    for (quint64 id : members) {
        HubPeer *p = m_server.peer(id);
        if (p && id != except)
            m_server.sendText(*p, frame, utf8.size());
    }
}

void HubDispatcher::reject(HubPeer &p, const HubError &err, const QJsonValue &re, int closeCode)
{
    m_server.logRejection(p.peerText(),
                          err.code + (err.field.isEmpty() ? QString() : u'(' + err.field + u')')
                              + QStringLiteral(": ") + err.message,
                          closeCode);
    send(p, HubEnvelope::errorObject(err, re));
    if (closeCode)
        m_server.closePeer(p, closeCode, err.message, false);
}

bool HubDispatcher::checkRate(HubPeer &p)
{
    const qint64 now = HubClock::nowMs();
    if (p.bucket.take(now))
        return true;
    const HubConfig &cfg = m_server.config();
    if (p.bucket.strikesInWindow(now) >= cfg.rateAbuseStrikes) {
        m_server.closePeer(p, HubCloseCodes::PolicyViolation,
                           QStringLiteral("sustained rate abuse: %1 messages over the limit in %2 ms")
                               .arg(cfg.rateAbuseStrikes).arg(cfg.rateAbuseWindowMs),
                           true);
        return false;
    }
    if (p.lastRateErrorMs < 0 || now - p.lastRateErrorMs >= 1000) {
        p.lastRateErrorMs = now;
        HubError e = error("rate_limited",
                           QStringLiteral("over %1 messages/s (burst %2): message dropped")
                               .arg(cfg.rateMessagesPerSec).arg(cfg.rateBurst));
        e.retryAfterMs = qint64(std::ceil(1000.0 / cfg.rateMessagesPerSec));
        reject(p, e, {});
    }
    return false;
}

void HubDispatcher::handle(HubPeer &p, const QByteArray &utf8)
{
    if (!checkRate(p))
        return;
    const Envelope e = HubEnvelope::parse(utf8);
    if (e.error.isError())
        return reject(p, e.error, e.id);
    const Handler h = m_handlers.value(e.type);
    if (!h)
        return reject(p, error("unknown_type", QStringLiteral("unknown type \"%1\"").arg(e.type), "type"), e.id);
    const bool preWelcome = e.type == L("hello") || e.type == L("auth");
    const bool ready = p.phase == HubPeer::Phase::Ready;
    if (preWelcome == ready) {
        return reject(p, error("bad_state", ready ? QStringLiteral("%1 is only valid before welcome").arg(e.type)
                                                  : QStringLiteral("%1 needs hello (and auth) first").arg(e.type)),
                      e.id);
    }
    (this->*h)(p, e);
}

void HubDispatcher::onHello(HubPeer &p, const Envelope &e)
{
    if (p.phase != HubPeer::Phase::AwaitHello)
        return reject(p, error("bad_state", QStringLiteral("expected auth after the challenge")), e.id);
    EnvelopeReader r(e.object);
    const auto version = r.integer("version", true, 0, 1'000'000);
    if (r.ok() && *version != kProtocolVersion) {
        QJsonObject o = HubEnvelope::errorObject(
            error("version_unsupported", QStringLiteral("protocol version %1 is not supported").arg(*version)), e.id);
        o.insert(L("supported"), QJsonArray{kProtocolVersion});
        m_server.logRejection(p.peerText(), QStringLiteral("unsupported protocol version %1").arg(*version),
                              HubCloseCodes::ProtocolError);
        send(p, o);
        m_server.closePeer(p, HubCloseCodes::ProtocolError, QStringLiteral("unsupported protocol version"), false);
        return;
    }
    const QString nick = r.string("nick", true, 24, validNick, kNickRule);
    r.string("client", false, 64);
    if (!r.ok())
        return reject(p, r.error(), e.id);
    const QString key = HubNames::nickKey(nick);
    if (m_nicks.contains(key))
        return reject(p, error("nick_taken", QStringLiteral("nickname \"%1\" is in use").arg(nick), "nick"), e.id);
    p.nick = nick;
    if (m_key.isEmpty())
        return welcome(p, e.id, {});
    const qint64 locked = m_guard.lockedForMs(p.address.toString(), HubClock::nowMs());
    if (locked > 0) {
        HubError err = error("auth_locked", QStringLiteral("too many failed logins from this address; retry later"));
        err.retryAfterMs = locked;
        return reject(p, err, e.id, HubCloseCodes::PolicyViolation);
    }
    p.serverNonce = HubAuth::randomBytes(32).toBase64();
    p.phase = HubPeer::Phase::AwaitAuth;
    send(p, withRe({{L("type"), L("challenge")},
                    {L("mechanism"), L(HubAuth::Mechanism)},
                    {L("salt"), QString::fromLatin1(m_salt.toBase64())},
                    {L("iterations"), std::clamp(m_server.config().pbkdf2Iterations,
                                                 HubAuth::MinIterations, HubAuth::MaxIterations)},
                    {L("nonce"), QString::fromLatin1(p.serverNonce)}},
                   e.id));
}

void HubDispatcher::onAuth(HubPeer &p, const Envelope &e)
{
    if (p.phase != HubPeer::Phase::AwaitAuth)
        return reject(p, error("bad_state", QStringLiteral("auth is only valid after a challenge")), e.id);
    EnvelopeReader r(e.object);
    r.base64("cnonce", 16, 64);
    const QByteArray proof = r.base64("proof", 32, 32);
    if (!r.ok())
        return reject(p, r.error(), e.id);
    const QString cnonce = e.object.value(L("cnonce")).toString();
    const QString nonce = QString::fromLatin1(p.serverNonce);
    const QByteArray expected = HubAuth::clientProof(m_key, nonce, cnonce, p.nick);
    p.serverNonce.clear();   // one attempt per challenge
    if (!HubAuth::constantTimeEquals(proof, expected)) {
        m_guard.recordFailure(p.address.toString(), HubClock::nowMs());
        return reject(p, error("auth_failed", QStringLiteral("wrong password")), e.id,
                      HubCloseCodes::PolicyViolation);
    }
    if (m_nicks.contains(HubNames::nickKey(p.nick))) {   // taken while we were authenticating
        p.phase = HubPeer::Phase::AwaitHello;
        return reject(p, error("nick_taken", QStringLiteral("nickname \"%1\" is in use").arg(p.nick), "nick"), e.id);
    }
    welcome(p, e.id, QString::fromLatin1(HubAuth::serverProof(m_key, nonce, cnonce, p.nick).toBase64()));
}

void HubDispatcher::welcome(HubPeer &p, const QJsonValue &re, const QString &serverProof)
{
    const HubConfig &cfg = m_server.config();
    p.phase = HubPeer::Phase::Ready;
    m_nicks.insert(HubNames::nickKey(p.nick), p.id);
    QJsonObject o{{L("type"), L("welcome")},
                  {L("version"), kProtocolVersion},
                  {L("session"), cfg.sessionName},
                  {L("nick"), p.nick},
                  {L("limits"), QJsonObject{{L("maxMessageBytes"), cfg.maxMessageBytes},
                                            {L("maxTextBytes"), cfg.maxTextBytes},
                                            {L("ratePerSec"), cfg.rateMessagesPerSec},
                                            {L("burst"), cfg.rateBurst},
                                            {L("historyOnJoin"), cfg.historyOnJoin},
                                            {L("maxHistoryOnJoin"), cfg.maxHistoryOnJoin}}}};
    if (!serverProof.isEmpty())
        o.insert(L("proof"), serverProof);
    send(p, withRe(o, re));
}

bool HubDispatcher::isMember(const HubPeer &p, const QString &room) const
{
    return p.rooms.contains(room);
}

void HubDispatcher::onJoin(HubPeer &p, const Envelope &e)
{
    const HubConfig &cfg = m_server.config();
    EnvelopeReader r(e.object);
    const QString room = r.string("room", true, 32, validRoom, kRoomRule);
    const auto since = r.integer("since", false, 0, qint64(9007199254740991));
    const auto limit = r.integer("limit", false, 0, cfg.maxHistoryOnJoin);
    if (!r.ok())
        return reject(p, r.error(), e.id);
    const bool rejoin = isMember(p, room);
    if (!rejoin) {
        if (p.rooms.size() >= cfg.maxRoomsPerPeer)
            return reject(p, error("limit_reached", QStringLiteral("at most %1 rooms per connection").arg(cfg.maxRoomsPerPeer), "room"), e.id);
        if (!m_members.contains(room) && m_history.lastSeq(room) == 0 && roomCount() >= cfg.maxRooms)
            return reject(p, error("limit_reached", QStringLiteral("the hub has its maximum of %1 rooms").arg(cfg.maxRooms), "room"), e.id);
        sendToRoom(room, {{L("type"), L("presence")}, {L("room"), room}, {L("nick"), p.nick}, {L("event"), L("join")}});
        m_members[room].append(p.id);
        p.rooms.insert(room);
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
    std::sort(members.begin(), members.end());
    send(p, withRe({{L("type"), L("joined")}, {L("room"), room},
                    {L("members"), QJsonArray::fromStringList(members)}, {L("lastSeq"), last},
                    {L("replay"), replay.size()}, {L("skipped"), skipped}},
                   e.id));
    for (const HistoryMessage &m : replay) {
        send(p, {{L("type"), L("msg")}, {L("room"), room}, {L("seq"), m.seq}, {L("ts"), m.ts},
                 {L("from"), m.from}, {L("text"), m.text}});
    }
}

void HubDispatcher::leaveRoom(HubPeer &p, const QString &room, bool notifySelf, const QJsonValue &re)
{
    auto it = m_members.find(room);
    if (it != m_members.end()) {
        it->removeOne(p.id);
        if (it->isEmpty())
            m_members.erase(it);
    }
    p.rooms.remove(room);
    if (notifySelf)
        send(p, withRe({{L("type"), L("left")}, {L("room"), room}}, re));
    sendToRoom(room, {{L("type"), L("presence")}, {L("room"), room}, {L("nick"), p.nick}, {L("event"), L("leave")}});
}

void HubDispatcher::onLeave(HubPeer &p, const Envelope &e)
{
    EnvelopeReader r(e.object);
    const QString room = r.string("room", true, 32, validRoom, kRoomRule);
    if (!r.ok())
        return reject(p, r.error(), e.id);
    if (!isMember(p, room))
        return reject(p, error("not_in_room", QStringLiteral("not in room \"%1\"").arg(room), "room"), e.id);
    leaveRoom(p, room, true, e.id);
}

void HubDispatcher::onRooms(HubPeer &p, const Envelope &e)
{
    QSet<QString> names(m_members.keyBegin(), m_members.keyEnd());
    for (const QString &r : m_history.rooms())
        names.insert(r);
    QStringList sorted(names.begin(), names.end());
    std::sort(sorted.begin(), sorted.end());
    QJsonArray rooms;
    for (const QString &name : sorted) {
        rooms.append(QJsonObject{{L("name"), name}, {L("members"), m_members.value(name).size()},
                                 {L("lastSeq"), m_history.lastSeq(name)}});
    }
    send(p, withRe({{L("type"), L("rooms")}, {L("rooms"), rooms}}, e.id));
}

void HubDispatcher::onUsers(HubPeer &p, const Envelope &e)
{
    send(p, withRe({{L("type"), L("users")}, {L("users"), QJsonArray::fromStringList(nicknames())}}, e.id));
}

static bool checkText(EnvelopeReader &r, const QString &text, int maxBytes)
{
    if (!r.ok())
        return false;
    if (text.isEmpty() || text.toUtf8().size() > maxBytes || !HubNames::isCleanText(text)) {
        r.fail(QStringLiteral("invalid_field"), "text",
               QStringLiteral("text must be 1-%1 bytes of UTF-8 without control characters other than tab and newline")
                   .arg(maxBytes));
        return false;
    }
    return true;
}

void HubDispatcher::onSay(HubPeer &p, const Envelope &e)
{
    const HubConfig &cfg = m_server.config();
    EnvelopeReader r(e.object);
    const QString room = r.string("room", true, 32, validRoom, kRoomRule);
    const QString text = r.string("text", true, cfg.maxTextBytes);
    if (!checkText(r, text, cfg.maxTextBytes))
        return reject(p, r.error(), e.id);
    if (!isMember(p, room))
        return reject(p, error("not_in_room", QStringLiteral("join \"%1\" before saying something there").arg(room), "room"), e.id);
    const QString cid = e.id.isUndefined() ? QString()
                        : e.id.isString()  ? e.id.toString()
                                           : QString::number(qint64(e.id.toDouble()));
    if (!cid.isEmpty()) {
        if (const auto seq = m_history.findClientId(room, p.nick, cid)) {
            send(p, withRe({{L("type"), L("ack")}, {L("room"), room}, {L("seq"), *seq}, {L("duplicate"), true}}, e.id));
            return;
        }
    }
    HistoryMessage m{room, 0, QDateTime::currentMSecsSinceEpoch(), p.nick, text, cid};
    QString why;
    if (!m_history.append(m, &why))
        return reject(p, error("storage_failed", QStringLiteral("the hub could not store the message: %1").arg(why)), e.id);
    send(p, withRe({{L("type"), L("ack")}, {L("room"), room}, {L("seq"), m.seq}}, e.id));
    sendToRoom(room, {{L("type"), L("msg")}, {L("room"), room}, {L("seq"), m.seq}, {L("ts"), m.ts},
                      {L("from"), m.from}, {L("text"), m.text}});
}

void HubDispatcher::onPm(HubPeer &p, const Envelope &e)
{
    const HubConfig &cfg = m_server.config();
    EnvelopeReader r(e.object);
    const QString to = r.string("to", true, 24, validNick, kNickRule);
    const QString text = r.string("text", true, cfg.maxTextBytes);
    if (!checkText(r, text, cfg.maxTextBytes))
        return reject(p, r.error(), e.id);
    HubPeer *target = m_server.peer(m_nicks.value(HubNames::nickKey(to)));
    if (!target || target->phase != HubPeer::Phase::Ready)
        return reject(p, error("no_such_user", QStringLiteral("\"%1\" is not connected").arg(to), "to"), e.id);
    send(p, withRe({{L("type"), L("ack")}, {L("to"), target->nick}}, e.id));
    send(*target, {{L("type"), L("pm")}, {L("from"), p.nick}, {L("to"), target->nick},
                   {L("ts"), QDateTime::currentMSecsSinceEpoch()}, {L("text"), text}});
}

void HubDispatcher::onTyping(HubPeer &p, const Envelope &e)
{
    EnvelopeReader r(e.object);
    const QString room = r.string("room", true, 32, validRoom, kRoomRule);
    const auto active = r.boolean("active", true);
    if (!r.ok())
        return reject(p, r.error(), e.id);
    if (!isMember(p, room))
        return reject(p, error("not_in_room", QStringLiteral("not in room \"%1\"").arg(room), "room"), e.id);
    sendToRoom(room, {{L("type"), L("typing")}, {L("room"), room}, {L("nick"), p.nick}, {L("active"), *active}}, p.id);
}

void HubDispatcher::onPublish(HubPeer &p, const Envelope &e)
{
    EnvelopeReader r(e.object);
    const QString topic = r.string("topic", true, 128, validTopic, kTopicRule);
    const QJsonValue data = r.structure("data");
    if (!r.ok())
        return reject(p, r.error(), e.id);
    const QByteArray raw = data.isObject() ? QJsonDocument(data.toObject()).toJson(QJsonDocument::Compact)
                                           : QJsonDocument(data.toArray()).toJson(QJsonDocument::Compact);
    if (!e.id.isUndefined())
        send(p, withRe({{L("type"), L("ack")}, {L("topic"), topic}}, e.id));
    deliverSample(topic, p.nick, data, raw);
}

void HubDispatcher::deliverSample(const QString &topic, const QString &from, const QJsonValue &data,
                                  const QByteArray &rawJson)
{
    const QList<quint64> subs = m_server.topics().subscribers(topic);
    if (subs.isEmpty())
        return;
    QString rawFrame, envFrame;
    qint64 envBytes = 0;
    for (quint64 id : subs) {
        HubPeer *s = m_server.peer(id);
        if (!s)
            continue;
        if (s->kind == HubPeer::Kind::TopicStream) {
            if (rawFrame.isNull())
                rawFrame = QString::fromUtf8(rawJson);
            m_server.sendText(*s, rawFrame, rawJson.size());
        } else {
            if (envFrame.isNull()) {
                const QByteArray utf8 = HubEnvelope::serialize(
                    {{L("type"), L("sample")}, {L("topic"), topic}, {L("from"), from},
                     {L("ts"), QDateTime::currentMSecsSinceEpoch()}, {L("data"), data}});
                envFrame = QString::fromUtf8(utf8);
                envBytes = utf8.size();
            }
            m_server.sendText(*s, envFrame, envBytes);
        }
    }
}

void HubDispatcher::onSubscribe(HubPeer &p, const Envelope &e)
{
    const HubConfig &cfg = m_server.config();
    EnvelopeReader r(e.object);
    const QString topic = r.string("topic", true, 128, validTopic, kTopicRule);
    if (!r.ok())
        return reject(p, r.error(), e.id);
    if (!p.topics.contains(topic)) {
        if (p.topics.size() >= cfg.maxTopicsPerPeer)
            return reject(p, error("limit_reached", QStringLiteral("at most %1 topics per connection").arg(cfg.maxTopicsPerPeer), "topic"), e.id);
        if (!m_server.topics().subscribe(topic, p.id))
            return reject(p, error("limit_reached", QStringLiteral("the hub has its maximum of %1 topics").arg(cfg.maxTopics), "topic"), e.id);
        p.topics.insert(topic);
    }
    send(p, withRe({{L("type"), L("subscribed")}, {L("topic"), topic}}, e.id));
}

void HubDispatcher::onUnsubscribe(HubPeer &p, const Envelope &e)
{
    EnvelopeReader r(e.object);
    const QString topic = r.string("topic", true, 128, validTopic, kTopicRule);
    if (!r.ok())
        return reject(p, r.error(), e.id);
    m_server.topics().unsubscribe(topic, p.id);
    p.topics.remove(topic);
    send(p, withRe({{L("type"), L("unsubscribed")}, {L("topic"), topic}}, e.id));
}

void HubDispatcher::onPing(HubPeer &p, const Envelope &e)
{
    send(p, withRe({{L("type"), L("pong")}, {L("ts"), QDateTime::currentMSecsSinceEpoch()}}, e.id));
}

void HubDispatcher::peerGone(HubPeer &p)
{
    const QSet<QString> rooms = p.rooms;
    for (const QString &room : rooms)
        leaveRoom(p, room, false, {});
    auto it = m_nicks.find(HubNames::nickKey(p.nick));
    if (it != m_nicks.end() && it.value() == p.id)
        m_nicks.erase(it);
}
