// HubConfig: every knob and bound of the embedded hub in one plain value, with the
// documented defaults (docs/protocol.md, "Limits"). Filled by the CLI / host dialog and
// handed to HubServer before listen(); tests shrink the bounds to reach them quickly.
#pragma once
#include <QString>
#include <QStringList>
#include <QtGlobal>

struct HubConfig
{
    QString sessionName = QStringLiteral("Pulseboard");
    QString password;                      // empty = open session (no authentication)
    int pbkdf2Iterations = 100'000;        // PBKDF2-HMAC-SHA256 cost sent in the challenge

    // Per-socket input limits (every socket, topic streams included).
    qint64 maxMessageBytes = 64 * 1024;    // larger message => close 1009
    qint64 maxFrameBytes = 64 * 1024;      // larger frame => close 1009
    int maxRequestHeaderBytes = 8 * 1024;  // HTTP upgrade request, headers included

    // Connection admission.
    int maxConnections = 1024;             // established WebSocket connections, all kinds
    int maxConnectionsPerAddress = 32;     // established + pending, per peer IP
    int maxPendingHandshakes = 64;         // TCP(/TLS) accepted but not yet upgraded
    int handshakeTimeoutMs = 5'000;        // TCP accept -> WebSocket upgrade done
    int helloTimeoutMs = 10'000;           // upgrade -> "welcome" (hello + auth) done
    QStringList allowedOrigins;            // browser Origins allowed; empty = none (native only)
    bool rawTopicsWithPassword = false;    // allow unauthenticated /topics/ streams on a password hub

    // Output: slow-consumer protection.
    qint64 maxUnsentBytes = 1024 * 1024;   // queued bytes per peer before close 1013
    // Fan-out: when one event-loop turn has written to at least this many ws:// peers,
    // writer threads help write them (FanoutWriters). -1 threads = one per extra core, at
    // most 3; 0 = the hub's thread writes alone.
    int fanoutThreads = -1;
    int parallelFlushMinPeers = 128;

    // Per-connection token bucket over incoming messages.
    double rateMessagesPerSec = 50.0;
    int rateBurst = 100;
    int rateAbuseStrikes = 100;            // excess messages within the window => close 1008
    int rateAbuseWindowMs = 10'000;

    // Failed authentications per address.
    int authMaxFailures = 5;               // failures within the window => further attempts refused
    int authFailureWindowMs = 60'000;

    // Rooms, history, topics.
    int historyOnJoin = 200;               // default replay when join has no "limit"
    int maxHistoryOnJoin = 1'000;          // largest "limit" accepted
    int roomHistoryBound = 10'000;         // messages kept per room (oldest deleted first)
    int maxRooms = 256;
    int maxRoomsPerPeer = 32;
    int maxTopics = 1'024;                 // topics with at least one subscriber
    int maxTopicsPerPeer = 64;
    int maxTextBytes = 4'000;              // chat / private message text, UTF-8 bytes

    int rejectionLogSize = 500;            // rows kept in the rejection log model
    QString dataDir;                       // SQLite history lives here; empty = in memory only
};
