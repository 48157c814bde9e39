// HubServer, the way out: a message is framed once (textFrame), the same bytes are queued
// on every recipient's link (sendFrame, with the slow-consumer cap), and every link written
// to during an event-loop turn is flushed once when the turn ends (flushWritten), shared
// with FanoutWriters threads when the turn wrote to many ws:// links.
#include "hubserver.h"
#include "fanoutwriters.h"
#include "hubclosecodes.h"
#include "rawwslink.h"

QByteArray HubServer::textFrame(const QByteArray &utf8)
{
    return WsServerLink::frame(0x1, utf8);
}

bool HubServer::sendFrame(HubPeer &p, const QByteArray &frame)
{
    if (p.phase == HubPeer::Phase::Closing || !p.link->isOpen())
        return false;
    if (p.link->bytesToWrite() + frame.size() > m_config.maxUnsentBytes) {
        p.link->flush();   // hand what the kernel will take before judging the peer slow
        if (p.link->bytesToWrite() + frame.size() > m_config.maxUnsentBytes) {
            closePeer(p, HubCloseCodes::TryAgainLater,
                      tr("slow consumer: %1 bytes unsent (cap %2)")
                          .arg(p.link->bytesToWrite()).arg(m_config.maxUnsentBytes),
                      true);
            return false;
        }
    }
    // Frames stay whole and ordered: one thread, one queue per link.
    p.link->write(frame);
    ++p.messagesOut;
    p.bytesOut += frame.size();
    if (!p.flushQueued) {
        p.flushQueued = true;
        m_written.push_back(p.id);
    }
    if (!m_flushPosted) {
        m_flushPosted = true;
        QMetaObject::invokeMethod(this, &HubServer::flushWritten, Qt::QueuedConnection);
    }
    return true;
}

void HubServer::flushWritten()
{
    m_flushPosted = false;
    const std::vector<quint64> written = std::exchange(m_written, {});
    const bool share = m_writers && int(written.size()) >= m_config.parallelFlushMinPeers;
    std::vector<RawWsLink *> shared;
    for (quint64 id : written) {
        HubPeer *p = peer(id);
        if (!p)
            continue;
        p->flushQueued = false;
        auto *raw = share ? qobject_cast<RawWsLink *>(p->link) : nullptr;
        if (raw)
            shared.push_back(raw);
        else
            p->link->flush();   // TLS links, and every link of a small turn
    }
    if (shared.empty())
        return;
    std::vector<RawWsLink::FlushResult> results(shared.size());
    m_writers->run(shared.size(), [&shared, &results](size_t i) { results[i] = shared[i]->writeQueued(); });
    for (size_t i = 0; i < shared.size(); ++i)
        shared[i]->finishFlush(results[i]);
}

quint64 HubServer::parallelFlushCount() const { return m_writers ? m_writers->runs() : 0; }
