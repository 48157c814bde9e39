// BridgeCodec: the messages hubs exchange over NATS (docs/nats.md): subjects, the JSON
// payloads (the hub's envelope shapes plus "origin", the sending hub's id) and the checks
// every incoming payload passes before a hub acts on it. Anything else is dropped with
// a DropReason the bridge counts. Pure functions: NatsBridge calls them on the NATS
// client's threads (decode) and on the hub's thread (encode).
#pragma once
#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <optional>

struct BridgedSay;

enum class DropReason {
    Oversized,        // payload over MaxPayloadBytes
    NotJson,          // not a JSON object
    WrongType,        // "type" missing or not the subject's kind
    BadField,         // a member missing, of the wrong JSON type, or outside its rule
    SubjectMismatch,  // the room/topic in the payload is not the subject's
    OwnOrigin,        // claims to come from this hub on a subject it never hears itself on
    TooManyHubs,      // a new origin beyond MaxRemoteHubs
    InboundOverflow,  // more than MaxInFlight live messages waiting for the hub's thread
    Count
};

struct BridgeEvent
{
    enum class Kind { Msg, Presence, Typing, Sample, Roster };
    Kind kind = Kind::Msg;
    QString origin;
    QString room;                    // Msg, Presence, Typing
    QString nick;                    // sender (Msg, Sample) or member (Presence, Typing)
    QString text, clientId;          // Msg
    QString messageKind;             // Msg: "" or "alert"
    qint64 ts = 0;                   // Msg
    bool on = false;                 // Presence: joined; Typing: active
    QString topic;                   // Sample
    QJsonValue data;                 // Sample
    QByteArray raw;                  // Sample: data, compact
    QHash<QString, QStringList> roster;   // Roster: room -> nicks on the origin hub
};

namespace BridgeCodec {
constexpr int MaxPayloadBytes = 80 * 1024;   // a 64 KiB sample or 4,000-byte text, escaped, fits
constexpr int MaxTextBytes = 4'000;
constexpr int MaxRosterRooms = 256;
constexpr int MaxRosterNicks = 1'024;        // per room and origin

QString roomSubject(const QString &prefix, const QString &room);       // prefix.room.<room>
QString presenceSubject(const QString &prefix, const QString &room);   // prefix.presence.<room>
QString typingSubject(const QString &prefix, const QString &room);     // prefix.typing.<room>
QString topicSubject(const QString &prefix, const QString &topic);     // prefix.topic.<a.b%2Ec>
QString rosterSubject(const QString &prefix);                          // prefix.roster
// The topic a topic subject names; empty when it is not a valid encoded topic.
QString topicFromSubject(const QString &prefix, const QString &subject);

QByteArray encodeSay(const BridgedSay &say, const QString &origin);
QByteArray encodePresence(const QString &room, const QString &nick, bool joined, const QString &origin);
QByteArray encodeTyping(const QString &room, const QString &nick, bool active, const QString &origin);
QByteArray encodeSample(const QString &topic, const QString &from, const QByteArray &rawJson,
                        const QString &origin);
QByteArray encodeRoster(const QHash<QString, QStringList> &rooms, const QString &origin);

// Checks `payload` received on `subject` (under `prefix`); std::nullopt + *why when it must
// be dropped. `self` is this hub's origin id.
std::optional<BridgeEvent> decode(const QString &prefix, const QString &subject, const QByteArray &payload,
                                  const QString &self, DropReason *why);
const char *reasonName(DropReason r);
}
