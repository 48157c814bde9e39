#include "bridgecodec.h"
#include "hubbridge.h"
#include "hubenvelope.h"
#include "hubnames.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace {
using L = QLatin1String;

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

bool validOrigin(const QString &s)
{
    if (s.isEmpty() || s.size() > 64)
        return false;
    for (QChar c : s) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-')
            return false;
    }
    return true;
}

bool validText(const QString &s)
{
    return !s.isEmpty() && s.toUtf8().size() <= BridgeCodec::MaxTextBytes && HubNames::isCleanText(s);
}

bool validSender(const QString &s) { return HubNames::isValidNick(s) || s == L("hub"); }

// The last subject token after prefix + "." + kind + ".", or empty.
QString tail(const QString &prefix, const char *kind, const QString &subject)
{
    const QString head = prefix + u'.' + L(kind) + u'.';
    return subject.startsWith(head) ? subject.mid(head.size()) : QString();
}

std::optional<BridgeEvent> fail(DropReason *why, DropReason r)
{
    *why = r;
    return std::nullopt;
}
} // namespace

namespace BridgeCodec {

QString roomSubject(const QString &prefix, const QString &room) { return prefix + L(".room.") + room; }
QString presenceSubject(const QString &prefix, const QString &room) { return prefix + L(".presence.") + room; }
QString typingSubject(const QString &prefix, const QString &room) { return prefix + L(".typing.") + room; }
QString rosterSubject(const QString &prefix) { return prefix + L(".roster"); }

QString topicSubject(const QString &prefix, const QString &topic)
{
    // Topic segments may hold '.', NATS's token separator: '.' -> %2E, '/' -> '.'.
    QString t = topic;
    t.replace(u'.', L("%2E")).replace(u'/', u'.');
    return prefix + L(".topic.") + t;
}

QString topicFromSubject(const QString &prefix, const QString &subject)
{
    QString t = tail(prefix, "topic", subject);
    t.replace(u'.', u'/').replace(L("%2E"), L("."));
    return HubNames::isValidTopic(t) ? t : QString();
}

QByteArray encodeSay(const BridgedSay &say, const QString &origin)
{
    QJsonObject o{{L("type"), L("msg")}, {L("room"), say.room}, {L("ts"), say.ts},
                  {L("from"), say.from}, {L("text"), say.text}, {L("origin"), origin}};
    if (!say.clientId.isEmpty())
        o.insert(L("cid"), say.clientId);
    if (!say.kind.isEmpty())
        o.insert(L("kind"), say.kind);
    return compact(o);
}

QByteArray encodePresence(const QString &room, const QString &nick, bool joined, const QString &origin)
{
    return compact({{L("type"), L("presence")}, {L("room"), room}, {L("nick"), nick},
                    {L("event"), joined ? L("join") : L("leave")}, {L("origin"), origin}});
}

QByteArray encodeTyping(const QString &room, const QString &nick, bool active, const QString &origin)
{
    return compact({{L("type"), L("typing")}, {L("room"), room}, {L("nick"), nick},
                    {L("active"), active}, {L("origin"), origin}});
}

QByteArray encodeSample(const QString &topic, const QString &from, const QByteArray &rawJson,
                        const QString &origin)
{
    // The data is spliced in as the JSON it already is (no second parse on the hot path).
    QByteArray head = compact({{L("type"), L("sample")}, {L("topic"), topic}, {L("from"), from},
                               {L("origin"), origin}});
    head.chop(1);
    return head + ",\"data\":" + rawJson + '}';
}

QByteArray encodeRoster(const QHash<QString, QStringList> &rooms, const QString &origin)
{
    QJsonObject r;
    for (auto it = rooms.cbegin(); it != rooms.cend(); ++it)
        r.insert(it.key(), QJsonArray::fromStringList(it.value()));
    return compact({{L("type"), L("roster")}, {L("rooms"), r}, {L("origin"), origin}});
}

const char *reasonName(DropReason r)
{
    switch (r) {
    case DropReason::Oversized: return "oversized";
    case DropReason::NotJson: return "not_json";
    case DropReason::WrongType: return "wrong_type";
    case DropReason::BadField: return "bad_field";
    case DropReason::SubjectMismatch: return "subject_mismatch";
    case DropReason::OwnOrigin: return "own_origin";
    case DropReason::TooManyHubs: return "too_many_hubs";
    case DropReason::InboundOverflow: return "inbound_overflow";
    case DropReason::Count: break;
    }
    return "?";
}

std::optional<BridgeEvent> decode(const QString &prefix, const QString &subject, const QByteArray &payload,
                                  const QString &self, DropReason *why)
{
    if (payload.size() > MaxPayloadBytes)
        return fail(why, DropReason::Oversized);
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return fail(why, DropReason::NotJson);
    const QJsonObject o = doc.object();
    const QString type = o.value(L("type")).toString();
    BridgeEvent ev;
    ev.origin = o.value(L("origin")).toString();
    if (!validOrigin(ev.origin))
        return fail(why, DropReason::BadField);
    const QString room = o.value(L("room")).toString();
    const auto roomCheck = [&](const char *kind) -> std::optional<DropReason> {
        if (!HubNames::isValidRoom(room))
            return DropReason::BadField;
        if (tail(prefix, kind, subject) != room)
            return DropReason::SubjectMismatch;
        return std::nullopt;
    };
    ev.room = room;
    if (subject.startsWith(prefix + L(".room."))) {
        // Room messages come from the stream, which this hub hears too: own origin is fine.
        if (type != L("msg"))
            return fail(why, DropReason::WrongType);
        if (const auto r = roomCheck("room"))
            return fail(why, *r);
        const QJsonValue ts = o.value(L("ts")), cid = o.value(L("cid"));
        ev.kind = BridgeEvent::Kind::Msg;
        ev.nick = o.value(L("from")).toString();
        ev.text = o.value(L("text")).toString();
        ev.clientId = cid.toString();
        const QJsonValue messageKind = o.value(L("kind"));
        if (!messageKind.isUndefined() && messageKind != QJsonValue(L("alert")))
            return fail(why, DropReason::BadField);
        ev.messageKind = messageKind.toString();
        if (!HubNames::isValidNick(ev.nick) || !validText(ev.text) || !ts.isDouble() || ts.toDouble() < 0
            || ts.toDouble() > 9007199254740991.0 || !(cid.isUndefined() || (cid.isString() && ev.clientId.size() <= 128)))
            return fail(why, DropReason::BadField);
        ev.ts = qint64(ts.toDouble());
        return ev;
    }
    // Live subjects: NATS never echoes our own publications (no-echo), so our id here is a spoof.
    if (ev.origin == self)
        return fail(why, DropReason::OwnOrigin);
    if (subject.startsWith(prefix + L(".presence.")) || subject.startsWith(prefix + L(".typing."))) {
        const bool presence = subject.startsWith(prefix + L(".presence."));
        if (type != (presence ? L("presence") : L("typing")))
            return fail(why, DropReason::WrongType);
        if (const auto r = roomCheck(presence ? "presence" : "typing"))
            return fail(why, *r);
        ev.kind = presence ? BridgeEvent::Kind::Presence : BridgeEvent::Kind::Typing;
        ev.nick = o.value(L("nick")).toString();
        const QJsonValue flag = o.value(presence ? L("event") : L("active"));
        if (!HubNames::isValidNick(ev.nick))
            return fail(why, DropReason::BadField);
        if (presence) {
            if (flag != QJsonValue(L("join")) && flag != QJsonValue(L("leave")))
                return fail(why, DropReason::BadField);
            ev.on = flag == QJsonValue(L("join"));
        } else {
            if (!flag.isBool())
                return fail(why, DropReason::BadField);
            ev.on = flag.toBool();
        }
        return ev;
    }
    if (subject.startsWith(prefix + L(".topic."))) {
        if (type != L("sample"))
            return fail(why, DropReason::WrongType);
        ev.kind = BridgeEvent::Kind::Sample;
        ev.topic = o.value(L("topic")).toString();
        ev.nick = o.value(L("from")).toString();
        ev.data = o.value(L("data"));
        if (!HubNames::isValidTopic(ev.topic) || !validSender(ev.nick) || !(ev.data.isObject() || ev.data.isArray()))
            return fail(why, DropReason::BadField);
        if (topicFromSubject(prefix, subject) != ev.topic)
            return fail(why, DropReason::SubjectMismatch);
        ev.raw = ev.data.isObject() ? QJsonDocument(ev.data.toObject()).toJson(QJsonDocument::Compact)
                                    : QJsonDocument(ev.data.toArray()).toJson(QJsonDocument::Compact);
        return ev;
    }
    if (subject == rosterSubject(prefix)) {
        if (type != L("roster"))
            return fail(why, DropReason::WrongType);
        const QJsonValue rooms = o.value(L("rooms"));
        if (!rooms.isObject() || rooms.toObject().size() > MaxRosterRooms)
            return fail(why, DropReason::BadField);
        ev.kind = BridgeEvent::Kind::Roster;
        const QJsonObject ro = rooms.toObject();
        for (auto it = ro.begin(); it != ro.end(); ++it) {
            const QJsonArray nicks = it.value().toArray();
            if (!HubNames::isValidRoom(it.key()) || !it.value().isArray() || nicks.size() > MaxRosterNicks)
                return fail(why, DropReason::BadField);
            QStringList list;
            for (const QJsonValue &n : nicks) {
                if (!HubNames::isValidNick(n.toString()))
                    return fail(why, DropReason::BadField);
                list << n.toString();
            }
            ev.roster.insert(it.key(), list);
        }
        return ev;
    }
    return fail(why, DropReason::WrongType);
}

} // namespace BridgeCodec
