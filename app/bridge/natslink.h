// NatsLink: NatsBridge's hold on the NATS C client (libnats): options, the connection,
// the JetStream context, the live subscriptions and the room-stream subscription. Its
// callbacks run on the client's threads: they decode the payload there (BridgeCodec),
// then queue the result onto the bridge's (the hub's) thread. Live messages waiting for
// that thread are capped (maxInFlight; more are dropped and counted); stream messages are
// capped by the consumer's MaxAckPending (the server sends no more until we ack).
// The callbacks find the link through a locked registry, so a link being destroyed on the
// hub's thread is never used from a client thread.
#pragma once
#include "bridgecodec.h"
#include "natsbridgeconfig.h"

#include <QString>
#include <array>
#include <atomic>
#include <memory>
#include <optional>

class NatsBridge;

struct StreamDelivery
{
    quint64 streamSeq = 0;
    std::optional<BridgeEvent> event;      // nullopt: dropped for `why`
    DropReason why = DropReason::Count;
    QString msgId;                         // Nats-Msg-Id: origin-counter of the sending hub
    std::shared_ptr<void> msg;             // the natsMsg, acked once applied
    quint64 generation = 0;                // the stream subscription it came from
};

class NatsLink
{
public:
    NatsLink(NatsBridge *owner, const NatsBridgeConfig &config, const QString &origin);
    ~NatsLink();
    NatsLink(const NatsLink &) = delete;
    NatsLink &operator=(const NatsLink &) = delete;

    bool connect(QString *error);                  // true also while still retrying
    bool isConnected() const;
    bool subscribeLive(QString *error);            // presence, typing, topics, roster
    // Creates the stream if missing; *streamId names this stream instance (name@created).
    bool ensureStream(QString *streamId, QString *error);
    bool subscribeStream(quint64 afterSeq, QString *error);
    void dropStreamSubscription();
    bool publish(const QString &subject, const QByteArray &data, const QString &msgId = {});
    void ack(const StreamDelivery &d);

    // InboundOverflow also counts what the client library dropped from its own per-
    // subscription queue (65,536 messages / 64 MiB) before our callback saw it.
    quint64 dropped(DropReason r) const;
    void countDrop(DropReason r) { ++m_drops[size_t(r)]; }
    int inboundWaiting() const { return m_inFlight->load(); }   // live events queued to the hub

    // For the client callbacks (registry-checked); not for the hub's code.
    void onLive(const char *subject, const char *data, int len);
    void onStream(void *msg);
    void onState(bool up);

private:
    NatsBridge *m_owner;
    NatsBridgeConfig m_config;
    QString m_origin;
    quintptr m_id = 0;
    void *m_opts = nullptr;                        // natsOptions*
    void *m_conn = nullptr;                        // natsConnection*
    void *m_js = nullptr;                          // jsCtx*
    std::array<void *, 4> m_live{};                // natsSubscription*
    void *m_stream = nullptr;                      // natsSubscription*
    std::atomic<quint64> m_generation{0};          // bumped per stream subscription (read by callbacks)
    std::shared_ptr<std::atomic<int>> m_inFlight = std::make_shared<std::atomic<int>>(0);
    std::array<std::atomic<quint64>, size_t(DropReason::Count)> m_drops{};
};
