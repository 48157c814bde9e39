// NatsBridgeConfig: where and how a hub joins a NATS cluster (--nats, --nats-creds,
// --nats-ca) and the bridge's bounds (docs/nats.md). A plain value, filled by the CLI and
// handed to HubHost, which creates the NatsBridge; header-only so that builds without the
// NATS client (Windows, macOS) still parse and refuse the options with a clear error.
#pragma once
#include <QString>
#include <QStringList>

struct NatsBridgeConfig
{
    QStringList urls;                        // nats://host:4222, tls://host:4222; empty = no bridge
    QString credsFile;                       // NATS user credentials (JWT + NKey seed), optional
    QString caFile;                          // PEM CA for tls:// servers, optional
    QString prefix = QStringLiteral("pulseboard");       // subject prefix: prefix.room.<room> ...
    QString stream = QStringLiteral("PULSEBOARD_ROOMS"); // JetStream stream of room messages
    qint64 roomBound = 10'000;               // stream: messages kept per room subject
    int outboxLimit = 1'024;                 // room messages waiting for the cluster's order
    int maxInFlight = 8'192;                 // live messages waiting for the hub's thread
    int maxAckPending = 1'024;               // stream messages delivered, not yet applied
    int maxRemoteHubs = 64;                  // other hubs whose presence is tracked
    int reconnectWaitMs = 500;
    int requestTimeoutMs = 2'000;            // JetStream API calls (made on the hub's thread)
    int resendAfterMs = 2'000;               // an unsequenced outbox message is published again
    int rosterIntervalMs = 5'000;            // each hub states its room members this often
    int remoteHubTimeoutMs = 15'000;         // a silent hub's members leave after this
};
