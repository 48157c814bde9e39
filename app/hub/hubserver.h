// HubServer: the embedded LAN hub. Owns the listening socket, admits connections (caps
// per address and in total, bounded pending handshakes, Origin allowlist, handshake
// timeout), applies per-socket limits (frame/message size, TCP_NODELAY, unsent-bytes cap)
// and routes each WebSocket: "/" speaks the envelope protocol (docs/protocol.md, handled
// by HubDispatcher), "/topics/<name>" is a read-only raw stream of that topic.
// Every refusal goes to the bounded RejectionLog; the hub keeps serving everyone else.
// The app (CLI or host view) creates it, sets a HubConfig, calls listen(); in-process
// code publishes with publish(). Single-threaded: lives on the thread that created it.
#pragma once
#include "hubconfig.h"
#include "hubpeer.h"
#include "hubpeermodel.h"
#include "rejectionlog.h"
#include "wsupgrade.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <memory>
#include <unordered_map>
#include <vector>

class FanoutWriters;
class HubBridge;
class HubDispatcher;
class HubLink;
class HubListener;
class TopicRouter;
class WsServerLink;

class HubServer : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool listening READ isListening NOTIFY listeningChanged)
    Q_PROPERTY(int port READ port NOTIFY listeningChanged)
    Q_PROPERTY(int connectionCount READ connectionCount NOTIFY connectionCountChanged)
    Q_PROPERTY(RejectionLog *rejections READ rejections CONSTANT)
    Q_PROPERTY(HubPeerModel *peers READ peers CONSTANT)
public:
    explicit HubServer(QObject *parent = nullptr);
    ~HubServer() override;

    void setConfig(const HubConfig &config);     // before listen(); ignored while listening
    const HubConfig &config() const { return m_config; }

    // Serve wss:// with this certificate/key instead of ws:// (before listen()).
    void setTlsConfiguration(const QSslConfiguration &tls);
    void clearTls();
    bool usesTls() const;

    // false + readable *error (what failed, what to try) when the port cannot be bound.
    bool listen(const QHostAddress &address, quint16 port, QString *error = nullptr);
    // Stop hosting: every peer gets close 1001 with `reason`, then the port is released.
    void stop(const QString &reason = QString());
    bool isListening() const;
    quint16 port() const;
    QHostAddress serverAddress() const;

    // In-process publishing of one JSON value (object or array) to `topic`.
    // false + *error when the topic name or JSON is invalid or the payload too big.
    bool publish(const QString &topic, const QByteArray &json, QString *error = nullptr);

    int connectionCount() const { return int(m_peers.size()); }
    int pendingHandshakeCount() const { return int(m_pending.size()); }
    // Event-loop turns whose writes were shared with writer threads (diagnostics, tests).
    quint64 parallelFlushCount() const;
    RejectionLog *rejections() const { return m_rejections; }
    HubPeerModel *peers() const { return m_peerModel; }

    // Host view actions (peerId from HubPeerModel): close with 1008 and the reason;
    // block also refuses the address for the rest of the session.
    Q_INVOKABLE bool kick(qint64 peerId, const QString &reason = QString());
    Q_INVOKABLE bool block(qint64 peerId, const QString &reason = QString());

    // Close one peer with `code` and `reason` (kick); the reason is logged.
    bool closePeer(quint64 peerId, int closeCode, const QString &reason);
    // Refuse new connections from `address` for the rest of the session (and close its peers).
    void blockAddress(const QHostAddress &address, const QString &reason);

    // Send one text message (UTF-8 JSON) to a peer. false when the peer was not sent to.
    bool sendText(HubPeer &peer, const QByteArray &utf8) { return sendFrame(peer, textFrame(utf8)); }
    // Queue a frame built by textFrame() (shared, unchanged, by every recipient of a
    // fan-out) on the peer's transport, closing the peer with 1013 when its unsent bytes
    // would exceed HubConfig::maxUnsentBytes. Every transport written to in one event-loop
    // turn is flushed once when the turn ends: one write() per peer per turn however many
    // frames it got, and no write-notifier round trip. false when the peer was not sent to.
    bool sendFrame(HubPeer &peer, const QByteArray &frame);
    // An unmasked, unfragmented RFC 6455 text frame (server to client) carrying `utf8`.
    static QByteArray textFrame(const QByteArray &utf8);
    // Close with code/reason (logged when `log`): the peer leaves its rooms and topics now.
    void closePeer(HubPeer &peer, int closeCode, const QString &reason, bool log);
    HubPeer *peer(quint64 id);
    void logRejection(const QString &address, const QString &reason, int closeCode = 0);
    TopicRouter &topics() { return *m_topics; }
    HubDispatcher &dispatcher() { return *m_dispatcher; }
    // A cluster bridge (NatsBridge) shares rooms and topics with other hubs; nullptr = none.
    // Not owned; the bridge clears it before it goes away.
    void setBridge(HubBridge *bridge) { m_bridge = bridge; }
    HubBridge *bridge() const { return m_bridge; }

Q_SIGNALS:
    void listeningChanged();
    void connectionCountChanged();
    void peerConnected(quint64 id);
    void peerDisconnected(quint64 id);
    void rejectionLogged(const QString &address, const QString &reason, int closeCode);

private:
    QString admissionRefusal(const QHostAddress &address) const;
    void onPlainConnection(qintptr descriptor);
    void onTlsConnection();
    void admit(WsServerLink *link, bool tls);
    void adopt(HubLink *link, const QHostAddress &address, quint16 port, WsUpgrade::Route route,
               const QString &topic);
    void onText(quint64 id, const QByteArray &utf8);
    void onLinkFailed(quint64 id, int closeCode, const QString &reason);
    void onBinary(quint64 id, const QByteArray &message);
    void onDisconnected(quint64 id);
    void sweep();
    void flushWritten();
    int countForAddress(const QHostAddress &a) const { return m_perAddress.value(a.toString()); }
    void addressUp(const QHostAddress &a) { ++m_perAddress[a.toString()]; }
    void addressDown(const QHostAddress &a);

    HubConfig m_config;
    HubListener *m_listener = nullptr;
    RejectionLog *m_rejections = nullptr;
    TopicRouter *m_topics = nullptr;
    std::unique_ptr<HubDispatcher> m_dispatcher;
    QTimer m_sweepTimer;
    HubPeerModel *m_peerModel = nullptr;
    std::unordered_map<quint64, std::unique_ptr<HubPeer>> m_peers;
    QSet<WsServerLink *> m_pending;           // accepted, opening (TLS, upgrade) not done
    QHash<QString, int> m_perAddress;         // pending + established, by IP text
    QSet<QString> m_blocked;
    quint64 m_nextPeerId = 1;
    std::vector<quint64> m_written;           // peers written to this turn; <= one entry per peer
    std::unique_ptr<FanoutWriters> m_writers; // made by listen() when fan-out threads are on
    bool m_flushPosted = false;
    HubBridge *m_bridge = nullptr;
};
