#include "hubdispatcher.h"
#include "hubauth.h"
#include "hubclock.h"
#include "hubclosecodes.h"
#include "hubnames.h"
#include "hubpeer.h"
#include "hubreply.h"
#include "hubserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <algorithm>
#include <cmath>

using namespace HubReply;

namespace {
using L = QLatin1String;
constexpr int kProtocolVersion = 1;
constexpr const char *kNickRule = "must be 1-24 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit";

bool validNick(const QString &s) { return HubNames::isValidNick(s); }
} // namespace

HubDispatcher::HubDispatcher(HubServer &server)
    : m_server(server), m_rooms(server), m_topics(server)
{
    auto own = [this](void (HubDispatcher::*f)(HubPeer &, const Envelope &)) {
        return [this, f](HubPeer &p, const Envelope &e) { (this->*f)(p, e); };
    };
    auto rooms = [this](void (HubRooms::*f)(HubPeer &, const Envelope &)) {
        return [this, f](HubPeer &p, const Envelope &e) { (m_rooms.*f)(p, e); };
    };
    auto topics = [this](void (HubTopics::*f)(HubPeer &, const Envelope &)) {
        return [this, f](HubPeer &p, const Envelope &e) { (m_topics.*f)(p, e); };
    };
    m_handlers = {
        {QStringLiteral("hello"), own(&HubDispatcher::onHello)},
        {QStringLiteral("auth"), own(&HubDispatcher::onAuth)},
        {QStringLiteral("users"), own(&HubDispatcher::onUsers)},
        {QStringLiteral("pm"), own(&HubDispatcher::onPm)},
        {QStringLiteral("ping"), own(&HubDispatcher::onPing)},
        {QStringLiteral("join"), rooms(&HubRooms::onJoin)},
        {QStringLiteral("leave"), rooms(&HubRooms::onLeave)},
        {QStringLiteral("rooms"), rooms(&HubRooms::onRooms)},
        {QStringLiteral("say"), rooms(&HubRooms::onSay)},
        {QStringLiteral("typing"), rooms(&HubRooms::onTyping)},
        {QStringLiteral("publish"), topics(&HubTopics::onPublish)},
        {QStringLiteral("subscribe"), topics(&HubTopics::onSubscribe)},
        {QStringLiteral("unsubscribe"), topics(&HubTopics::onUnsubscribe)},
    };
}

bool HubDispatcher::start(QString *error)
{
    const HubConfig &cfg = m_server.config();
    m_guard.configure(cfg.authMaxFailures, cfg.authFailureWindowMs);
    if (!m_rooms.open(error))
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

bool HubDispatcher::checkRate(HubPeer &p, const QJsonValue &re)
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
    // One error per dropped message, carrying its `re`, so a client knows exactly which
    // requests were lost; a peer that keeps going is closed by the strike rule above, which
    // bounds these answers to rateAbuseStrikes per window.
    HubError e = error("rate_limited",
                       QStringLiteral("over %1 messages/s (burst %2): message dropped")
                           .arg(cfg.rateMessagesPerSec).arg(cfg.rateBurst));
    e.retryAfterMs = qint64(std::ceil(1000.0 / cfg.rateMessagesPerSec));
    reject(m_server, p, e, re);
    return false;
}

void HubDispatcher::handle(HubPeer &p, const QByteArray &utf8)
{
    const Envelope e = HubEnvelope::parse(utf8);
    if (!checkRate(p, e.id))
        return;
    if (e.error.isError())
        return reject(m_server, p, e.error, e.id);
    const auto h = m_handlers.constFind(e.type);
    if (h == m_handlers.cend())
        return reject(m_server, p, error("unknown_type", QStringLiteral("unknown type \"%1\"").arg(e.type), "type"), e.id);
    const bool preWelcome = e.type == L("hello") || e.type == L("auth");
    const bool ready = p.phase == HubPeer::Phase::Ready;
    if (preWelcome == ready) {
        return reject(m_server, p, error("bad_state", ready ? QStringLiteral("%1 is only valid before welcome").arg(e.type)
                                                  : QStringLiteral("%1 needs hello (and auth) first").arg(e.type)),
                      e.id);
    }
    (*h)(p, e);
}

void HubDispatcher::onHello(HubPeer &p, const Envelope &e)
{
    if (p.phase != HubPeer::Phase::AwaitHello)
        return reject(m_server, p, error("bad_state", QStringLiteral("expected auth after the challenge")), e.id);
    EnvelopeReader r(e.object);
    const auto version = r.integer("version", true, 0, 1'000'000);
    if (r.ok() && *version != kProtocolVersion) {
        QJsonObject o = HubEnvelope::errorObject(
            error("version_unsupported", QStringLiteral("protocol version %1 is not supported").arg(*version)), e.id);
        o.insert(L("supported"), QJsonArray{kProtocolVersion});
        m_server.logRejection(p.peerText(), QStringLiteral("unsupported protocol version %1").arg(*version),
                              HubCloseCodes::ProtocolError);
        send(m_server, p, o);
        m_server.closePeer(p, HubCloseCodes::ProtocolError, QStringLiteral("unsupported protocol version"), false);
        return;
    }
    const QString nick = r.string("nick", true, 24, validNick, kNickRule);
    r.string("client", false, 64);
    if (!r.ok())
        return reject(m_server, p, r.error(), e.id);
    const QString key = HubNames::nickKey(nick);
    if (m_nicks.contains(key))
        return reject(m_server, p, error("nick_taken", QStringLiteral("nickname \"%1\" is in use").arg(nick), "nick"), e.id);
    p.nick = nick;
    if (m_key.isEmpty())
        return welcome(p, e.id, {});
    const qint64 locked = m_guard.lockedForMs(p.address.toString(), HubClock::nowMs());
    if (locked > 0) {
        HubError err = error("auth_locked", QStringLiteral("too many failed logins from this address; retry later"));
        err.retryAfterMs = locked;
        return reject(m_server, p, err, e.id, HubCloseCodes::PolicyViolation);
    }
    p.serverNonce = HubAuth::randomBytes(32).toBase64();
    p.phase = HubPeer::Phase::AwaitAuth;
    send(m_server, p, withRe({{L("type"), L("challenge")},
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
        return reject(m_server, p, error("bad_state", QStringLiteral("auth is only valid after a challenge")), e.id);
    EnvelopeReader r(e.object);
    r.base64("cnonce", 16, 64);
    const QByteArray proof = r.base64("proof", 32, 32);
    if (!r.ok())
        return reject(m_server, p, r.error(), e.id);
    const QString cnonce = e.object.value(L("cnonce")).toString();
    const QString nonce = QString::fromLatin1(p.serverNonce);
    const QByteArray expected = HubAuth::clientProof(m_key, nonce, cnonce, p.nick);
    p.serverNonce.clear();   // one attempt per challenge
    if (!HubAuth::constantTimeEquals(proof, expected)) {
        m_guard.recordFailure(p.address.toString(), HubClock::nowMs());
        return reject(m_server, p, error("auth_failed", QStringLiteral("wrong password")), e.id,
                      HubCloseCodes::PolicyViolation);
    }
    if (m_nicks.contains(HubNames::nickKey(p.nick))) {   // taken while we were authenticating
        p.phase = HubPeer::Phase::AwaitHello;
        return reject(m_server, p, error("nick_taken", QStringLiteral("nickname \"%1\" is in use").arg(p.nick), "nick"), e.id);
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
    send(m_server, p, withRe(o, re));
}

void HubDispatcher::onUsers(HubPeer &p, const Envelope &e)
{
    send(m_server, p, withRe({{L("type"), L("users")}, {L("users"), QJsonArray::fromStringList(nicknames())}}, e.id));
}

void HubDispatcher::onPm(HubPeer &p, const Envelope &e)
{
    const HubConfig &cfg = m_server.config();
    EnvelopeReader r(e.object);
    const QString to = r.string("to", true, 24, validNick, kNickRule);
    const QString text = r.string("text", true, cfg.maxTextBytes);
    if (!checkText(r, text, cfg.maxTextBytes))
        return reject(m_server, p, r.error(), e.id);
    HubPeer *target = m_server.peer(m_nicks.value(HubNames::nickKey(to)));
    if (!target || target->phase != HubPeer::Phase::Ready)
        return reject(m_server, p, error("no_such_user", QStringLiteral("\"%1\" is not connected").arg(to), "to"), e.id);
    send(m_server, p, withRe({{L("type"), L("ack")}, {L("to"), target->nick}}, e.id));
    send(m_server, *target, {{L("type"), L("pm")}, {L("from"), p.nick}, {L("to"), target->nick},
                   {L("ts"), QDateTime::currentMSecsSinceEpoch()}, {L("text"), text}});
}

void HubDispatcher::onPing(HubPeer &p, const Envelope &e)
{
    send(m_server, p, withRe({{L("type"), L("pong")}, {L("ts"), QDateTime::currentMSecsSinceEpoch()}}, e.id));
}

void HubDispatcher::peerGone(HubPeer &p)
{
    m_rooms.leaveAll(p);
    auto it = m_nicks.find(HubNames::nickKey(p.nick));
    if (it != m_nicks.end() && it.value() == p.id)
        m_nicks.erase(it);
}
