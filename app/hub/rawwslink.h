// RawWsLink: a plain ws:// hub connection on the accepted descriptor itself, from the
// HTTP upgrade to the close handshake, with no QTcpSocket and no QWebSocket. It exists so
// that an idle connection costs the hub about a kilobyte instead of Qt's ~14 KiB of socket
// buffers (bench figure 4): while idle it holds the descriptor, one read notifier and no
// buffer at all.
//  * Upgrade: the request head (at most maxRequestHeaderBytes, else 431) is judged by
//    WsUpgrade (route, Origin, WebSocket headers); refusals get an HTTP error, then the
//    link lingers until the peer closes (at most 500 ms). The whole upgrade is bounded by
//    handshakeTimeoutMs.
//  * Input: one read of up to 64 KiB into a per-thread scratch buffer per readiness
//    event; only an incomplete frame's bytes are kept (at most 14 + maxFrameBytes), and a
//    fragmented message until it completes (WsFrameReader, at most maxMessageBytes).
//  * Output: frames are queued as shared QByteArrays and written with one gather call
//    per flush; only what the kernel did not take stays queued (HubServer bounds it with
//    maxUnsentBytes), and the write notifier exists only once a write would block.
//  * Close: ours waits for the peer's close frame (kCloseTimeoutMs, then abort); the peer's
//    is answered with the same code, then the hub closes TCP first (RFC 6455 7.1.1); a
//    protocol failure sends the close frame and FIN at once (WsFrameReader's codes).
#pragma once
#include "hublink.h"
#include "wsframereader.h"
#include "wsupgrade.h"

#include <QHostAddress>
#include <QList>

class QSocketNotifier;
struct HubConfig;

class RawWsLink : public HubLink
{
    Q_OBJECT
public:
    // Takes the descriptor (closes it when done). `config` must outlive the link.
    RawWsLink(qintptr descriptor, const HubConfig &config, bool rawTopicsAllowed, QObject *parent = nullptr);
    ~RawWsLink() override;

    static constexpr int kRefusedLingerMs = 500;
    static constexpr qint64 kReadChunk = 64 * 1024;

    bool isValid() const { return m_fd >= 0; }    // prepare() and getpeername() succeeded
    qintptr descriptor() const { return m_fd; }
    // Heap bytes this link keeps for input and output buffers right now (0 while idle).
    qsizetype bufferedCapacity() const
    {
        return m_in.capacity() + m_out.capacity() * qsizetype(sizeof(QByteArray));
    }
    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; }
    WsUpgrade::Route route() const { return m_route; }
    QString topic() const { return m_topic; }

    void start();                  // begin reading the upgrade request, start its timer
    // Answer the upgrade with an HTTP error and close (refused() is emitted with `reason`).
    void turnAway(int status, const QByteArray &text, const QString &reason, const QByteArray &extra = {});

    bool isOpen() const override { return m_state == State::Open; }
    qint64 bytesToWrite() const override { return m_outBytes; }
    void write(const QByteArray &frame) override;
    void flush() override;
    void close(int code, const QString &reason) override;
    void abort() override;

Q_SIGNALS:
    void upgraded();                          // 101 sent: now a WebSocket
    void refused(const QString &reason);      // upgrade refused or timed out (then disconnected)

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class State { Upgrade, Open, Closing, Lingering, Closed };
    enum class AfterFlush { Nothing, ShutdownWrite, Finish };

    void onReadable();
    void readUpgrade(const char *data, qsizetype size);
    void readFrames(const char *data, qsizetype size);
    qsizetype handleFrames(const char *data, qsizetype size);
    void failConnection(int code, const QString &reason);
    void queue(const QByteArray &bytes);
    void sendClose(int code, const QByteArray &reason);
    void linger(int ms);            // FIN now, drain input until the peer closes or ms pass
    void finish();                  // close the descriptor and report disconnected()
    void armTimer(int ms);

    qintptr m_fd = -1;
    const HubConfig &m_config;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;   // created when a write first blocks
    QHostAddress m_address;
    quint16 m_port = 0;
    State m_state = State::Upgrade;
    bool m_rawTopicsAllowed = true;
    AfterFlush m_afterFlush = AfterFlush::Nothing;
    int m_timerId = 0;
    WsUpgrade::Route m_route = WsUpgrade::Route::Chat;
    QString m_topic;
    WsFrameReader m_reader;
    QByteArray m_in;               // upgrade head so far, or one incomplete frame
    QList<QByteArray> m_out;       // queued frames; m_out[0] is written from m_outOffset
    qsizetype m_outOffset = 0;
    qint64 m_outBytes = 0;
};
