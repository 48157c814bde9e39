// RawWsLink: WsServerLink on the accepted descriptor itself (plain ws://), with no
// QTcpSocket and no QWebSocket. It exists so that an idle connection costs the hub about
// 3.5 KiB with its HubPeer instead of ~14 KiB in Qt's socket buffers (bench figure 4):
// while idle it holds the descriptor, one read notifier and no buffer at all.
//  * Input: one read of up to 64 KiB into a per-thread scratch buffer per readiness event
//    (one busy peer cannot starve the others); WsServerLink keeps only what is incomplete.
//  * Output: frames are queued as shared QByteArrays (a fan-out frame is not copied) and
//    written with one gather call per flush; only what the kernel did not take stays
//    queued (HubServer bounds it with maxUnsentBytes), and the write notifier exists only
//    once a write would block.
#pragma once
#include "wsserverlink.h"

#include <QList>
#include <climits>

class QSocketNotifier;

class RawWsLink : public WsServerLink
{
    Q_OBJECT
public:
    // Takes the descriptor (closes it when done). `config` must outlive the link.
    RawWsLink(qintptr descriptor, const HubConfig &config, bool rawTopicsAllowed, QObject *parent = nullptr);
    ~RawWsLink() override;

    bool isValid() const { return m_fd >= 0; }    // prepare() and getpeername() succeeded
    qintptr descriptor() const { return m_fd; }
    // Heap bytes this link keeps for input and output buffers right now (0 while idle).
    qsizetype bufferedCapacity() const
    {
        return m_in.capacity() + m_out.capacity() * qsizetype(sizeof(QByteArray));
    }

    void start() override;
    qint64 bytesToWrite() const override { return m_outBytes; }
    void flush() override;

    // flush() in two halves for FanoutWriters: writeQueued() only makes system calls and
    // moves this link's own queue, so another thread may run it while the link's thread
    // waits; finishFlush() does the rest (notifier, close after output) on the link's thread.
    enum class FlushResult { Drained, Blocked, Failed };
    FlushResult writeQueued();
    void finishFlush(FlushResult result);

protected:
    void enqueue(const QByteArray &bytes) override;
    void shutdownAfterOutput() override;
    void closeAfterOutput() override;
    void closeTransport() override;

private:
    enum class AfterFlush { Nothing, ShutdownWrite, Close };

    void onReadable();

    qintptr m_fd = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;   // created when a write first blocks
    AfterFlush m_afterFlush = AfterFlush::Nothing;
    QList<QByteArray> m_out;       // queued frames; m_out[0] is written from m_outOffset
    qsizetype m_outOffset = 0;
    qint64 m_outBytes = 0;
};
