// WsServerLink: the server side of one hub WebSocket connection, from the HTTP upgrade to
// the close handshake, written once for both transports. The subclasses only move bytes:
// RawWsLink on the accepted descriptor (plain ws://, no buffer while idle) and TlsWsLink
// on a QSslSocket (wss://). So ws and wss behave the same to the byte:
//  * Upgrade: the request head (at most maxRequestHeaderBytes, else 431) is judged by
//    WsUpgrade (route, Origin, WebSocket headers); a refusal gets an HTTP error, then the
//    link lingers until the peer closes (at most 500 ms). The whole opening (TLS
//    included) is bounded by handshakeTimeoutMs. The hub's own page (OriginRule) is an
//    allowed Origin besides the allowlist.
//  * Plain HTTP (no Upgrade / Sec-WebSocket-Key header): WebResponder answers with the
//    browser client's files; the connection stays open for the next request (at most
//    kMaxHttpRequests, each idle wait bounded by handshakeTimeoutMs, no new request
//    read while more than kMaxHttpQueuedBytes are unsent).
//  * Input: only an incomplete frame's bytes are kept (at most 14 + maxFrameBytes), and
//    a fragmented message until it completes (WsFrameReader, at most maxMessageBytes).
//  * Close: ours waits for the peer's close frame (kCloseTimeoutMs, then abort); the
//    peer's is answered with the same code, then the hub closes TCP first (RFC 6455
//    7.1.1); a protocol failure sends the close frame and FIN at once, then drains input
//    until the peer closes (so the close frame is not lost to a reset).
#pragma once
#include "hublink.h"
#include "wsframereader.h"
#include "originrule.h"
#include "wsupgrade.h"

#include <QHostAddress>

struct HubConfig;

class WsServerLink : public HubLink
{
    Q_OBJECT
public:
    static constexpr int kRefusedLingerMs = 500;
    static constexpr qint64 kReadChunk = 64 * 1024;   // bytes taken from the transport per step
    static constexpr int kMaxHttpRequests = 100;          // plain HTTP requests per connection
    static constexpr qint64 kMaxHttpQueuedBytes = 1024 * 1024;   // unsent page bytes before close

    // An unmasked, unfragmented server frame (RFC 6455 5.2) in the shortest length form.
    static QByteArray frame(quint8 opcode, const QByteArray &payload);

    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; }
    WsUpgrade::Route route() const { return m_route; }
    QString topic() const { return m_topic; }
    // The listener this link came from: its page's origin is http(s)://HOST:port.
    void setListener(const OriginRule::Listener &listener) { m_listener = listener; }
    int httpAnswers() const { return m_httpAnswers; }

    // Begin the opening (TLS, then the upgrade request) and start its timer.
    virtual void start() = 0;
    // Answer the upgrade with an HTTP error and close (refused() is emitted with `reason`).
    void turnAway(int status, const QByteArray &text, const QString &reason, const QByteArray &extra = {});

    bool isOpen() const override { return m_state == State::Open; }
    void write(const QByteArray &frame) override;
    void close(int code, const QString &reason) override;
    void abort() override { finish(); }

Q_SIGNALS:
    void upgraded();                          // 101 sent: now a WebSocket
    void refused(const QString &reason);      // upgrade refused or timed out (then disconnected)

protected:
    WsServerLink(const HubConfig &config, bool rawTopicsAllowed, QObject *parent);

    enum class State { Upgrade, Open, Closing, Lingering, Closed };

    // For subclasses: bytes read from the peer, and the end of its stream (or an error).
    void received(const char *data, qsizetype size);
    void endOfStream() { finish(); }
    // The opening failed below WebSocket (e.g. TLS): log `reason`, close.
    void openingFailed(const QString &reason);
    void setPeer(const QHostAddress &address, quint16 port) { m_address = address; m_port = port; }
    State state() const { return m_state; }
    void armTimer(int ms);

    // The transport's part.
    virtual void enqueue(const QByteArray &bytes) = 0;   // send after what is queued
    virtual void shutdownAfterOutput() = 0;   // FIN after the queued bytes; keep reading
    virtual void closeAfterOutput() = 0;      // close after the queued bytes; then endOfStream()
    virtual void closeTransport() = 0;        // close now (called once, by finish())

    void timerEvent(QTimerEvent *event) override;

    const HubConfig &m_config;
    QByteArray m_in;               // upgrade head so far, or one incomplete frame

private:
    void readUpgrade(const char *data, qsizetype size);
    void upgrade(qsizetype headBytes);
    void serveHttp(qsizetype headBytes);
    void readFrames(const char *data, qsizetype size);
    qsizetype handleFrames(const char *data, qsizetype size);
    void failConnection(int code, const QString &reason);
    void sendClose(int code, const QByteArray &reason);
    void linger(int ms);           // FIN now, drain input until the peer closes or ms pass
    void finish();                 // close the transport and report disconnected()

    QHostAddress m_address;
    quint16 m_port = 0;
    State m_state = State::Upgrade;
    bool m_rawTopicsAllowed = true;
    int m_timerId = 0;
    WsUpgrade::Route m_route = WsUpgrade::Route::Chat;
    QString m_topic;
    WsFrameReader m_reader;
    OriginRule::Listener m_listener;
    int m_httpAnswers = 0;
};
