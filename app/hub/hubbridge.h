// HubBridge: what the hub tells a cluster bridge (NatsBridge, app/bridge) so that several
// hubs act as one (docs/nats.md). HubRooms and HubTopics call it when a bridge is set on
// HubServer; the bridge answers back through HubRooms::applyBridged/remotePresence/
// remoteTyping and HubDispatcher::deliverSample, always on the hub's thread.
#pragma once
#include <QJsonValue>
#include <QString>
#include <QStringList>

struct BridgedSay
{
    QString room, from, text, clientId;
    qint64 ts = 0;           // ms since epoch, set by the hub the sender is on
    quint64 peerId = 0;      // the sender on this hub: acked when the cluster has sequenced it
    QJsonValue re;           // the request's id (undefined = none)
    QString kind;            // "" or "alert" (HistoryMessage::kind)
};

class HubBridge
{
public:
    virtual ~HubBridge() = default;
    // Queue a room message for the cluster's single order. false + *error when it cannot be
    // queued (the outbox is full while the cluster is unreachable): the sender gets an error.
    virtual bool submitSay(const BridgedSay &say, QString *error) = 0;
    // A message with this (room, from, clientId) is queued and not yet sequenced.
    virtual bool isPending(const QString &room, const QString &from, const QString &clientId) const = 0;
    virtual void localPresence(const QString &room, const QString &nick, bool joined) = 0;
    virtual void localTyping(const QString &room, const QString &nick, bool active) = 0;
    virtual void localSample(const QString &topic, const QString &from, const QByteArray &rawJson) = 0;
    // Nicknames in `room` on the other hubs of the cluster (sorted, each once).
    virtual QStringList remoteMembers(const QString &room) const = 0;
};
