// NatsBridge: makes this hub one of several that act as one (docs/nats.md). It owns the
// NATS connection (the official C client, through NatsLink) and talks to the hub through
// the HubBridge interface (calls in) and HubRooms / HubDispatcher (calls out).
// - Room messages go through a JetStream stream (one subject per room): the stream's
//   order is the history order on every hub; each hub applies the stream from its stored
//   position (HistoryStore) and acks the sender when its own message comes back.
// - Presence, typing and topic samples are live core-NATS messages (at most once), with
//   a periodic roster per hub so presence heals after a loss.
// - Every incoming payload is checked (BridgeCodec); a bad one is dropped and counted.
// The C client's callbacks run on its threads: NatsLink copies what they carry and queues
// it to this object's (the hub's) thread. Bounds: see NatsBridgeConfig.
#pragma once
#include "bridgecodec.h"
#include "hubbridge.h"
#include "natsbridgeconfig.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <map>
#include <memory>

class HubServer;
class NatsLink;
struct StreamDelivery;

class NatsBridge : public QObject, public HubBridge
{
    Q_OBJECT
public:
    NatsBridge(HubServer *hub, const NatsBridgeConfig &config, QObject *parent = nullptr);
    ~NatsBridge() override;

    // Connects (retrying in the background while no server answers) and bridges the hub.
    // false + *error only for bad options (unreadable creds/CA file, invalid URL).
    bool start(QString *error);
    bool isConnected() const { return m_connected; }
    bool isStreaming() const { return m_streaming; }    // following the room stream
    QString origin() const { return m_origin; }
    QString lastError() const { return m_lastError; }
    int outboxSize() const { return int(m_outbox.size()); }
    quint64 dropped(DropReason r) const;
    quint64 droppedTotal() const;
    quint64 appliedCount() const { return m_applied; }
    quint64 duplicateCount() const { return m_duplicates; }
    int remoteHubCount() const { return int(m_remote.size()); }
    int inboundWaiting() const;             // live events queued to the hub's thread (<= maxInFlight)

    // HubBridge
    bool submitSay(const BridgedSay &say, QString *error) override;
    bool isPending(const QString &room, const QString &from, const QString &clientId) const override;
    void localPresence(const QString &room, const QString &nick, bool joined) override;
    void localTyping(const QString &room, const QString &nick, bool active) override;
    void localSample(const QString &topic, const QString &from, const QByteArray &rawJson) override;
    QStringList remoteMembers(const QString &room) const override;

    // From NatsLink (queued onto this thread).
    void linkUp();
    void linkDown();
    void streamDelivered(const StreamDelivery &d);
    void liveEvent(const BridgeEvent &ev);

Q_SIGNALS:
    void connectedChanged(bool connected);
    void streamingChanged(bool streaming);
    void errorOccurred(const QString &error);
    void messageApplied(quint64 streamSeq);

private:
    struct Pending
    {
        BridgedSay say;
        QByteArray payload;
        qint64 sentMs = 0;      // 0 = not yet published
    };
    struct Remote
    {
        qint64 seenMs = 0;
        QHash<QString, QSet<QString>> rooms;
    };
    void follow();                        // stream set up + subscribed from our position
    void publishPending(bool all);
    void publishRoster();
    void expireRemotes();
    void setRemoteMember(const QString &origin, const QString &room, const QString &nick, bool in);
    void fail(const QString &error);

    QPointer<HubServer> m_hub;
    NatsBridgeConfig m_config;
    QString m_origin;
    std::unique_ptr<NatsLink> m_link;
    bool m_connected = false;
    bool m_streaming = false;
    QString m_lastError;
    quint64 m_nextId = 1;
    std::map<quint64, Pending> m_outbox;          // by submission order; <= outboxLimit
    QHash<QString, QHash<QString, int>> m_local;  // room -> nick -> connections here
    QHash<QString, Remote> m_remote;              // origin -> its members; <= maxRemoteHubs
    quint64 m_applied = 0;
    quint64 m_duplicates = 0;
    QTimer m_resendTimer;
    QTimer m_rosterTimer;
    QTimer m_followRetry;
};
