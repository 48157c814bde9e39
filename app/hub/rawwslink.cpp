#include "rawwslink.h"
#include "hubconfig.h"
#include "rawsocket.h"

#include <QSocketNotifier>

RawWsLink::RawWsLink(qintptr descriptor, const HubConfig &config, bool rawTopicsAllowed, QObject *parent)
    : WsServerLink(config, rawTopicsAllowed, parent)
{
    QHostAddress address;
    quint16 port = 0;
    if (!RawSocket::prepare(descriptor) || !RawSocket::peer(descriptor, &address, &port)) {
        RawSocket::close(descriptor);
        return;
    }
    m_fd = descriptor;
    setPeer(address, port);
}

RawWsLink::~RawWsLink()
{
    delete m_readNotifier;
    delete m_writeNotifier;
    if (m_fd >= 0)
        RawSocket::close(m_fd);
}

void RawWsLink::start()
{
    if (m_fd < 0)
        return;
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &RawWsLink::onReadable);
    armTimer(m_config.handshakeTimeoutMs);
}

void RawWsLink::onReadable()
{
    thread_local char scratch[kReadChunk];
    const qint64 n = RawSocket::read(m_fd, scratch, kReadChunk);
    if (n == RawSocket::WouldBlock)
        return;
    if (n <= 0)   // end of stream or error: the peer is gone
        endOfStream();
    else
        received(scratch, qsizetype(n));
}

void RawWsLink::enqueue(const QByteArray &bytes)
{
    m_out.append(bytes);
    m_outBytes += bytes.size();
}

void RawWsLink::shutdownAfterOutput()
{
    m_afterFlush = AfterFlush::ShutdownWrite;   // FIN right behind the last queued byte
    flush();
}

void RawWsLink::closeAfterOutput()
{
    m_afterFlush = AfterFlush::Close;
    flush();   // closes once the answer is out (at once, normally)
}

void RawWsLink::flush()
{
    if (m_fd >= 0)
        finishFlush(writeQueued());
}

RawWsLink::FlushResult RawWsLink::writeQueued()
{
    while (m_fd >= 0 && !m_out.isEmpty()) {
        qint64 n = RawSocket::write(m_fd, m_out.constData(), int(qMin<qsizetype>(m_out.size(), INT_MAX)),
                                    m_outOffset);
        if (n == RawSocket::Failed)   // reset or broken pipe: the peer is gone
            return FlushResult::Failed;
        if (n == RawSocket::WouldBlock || n == 0)
            return FlushResult::Blocked;
        m_outBytes -= n;
        while (n > 0) {
            const qsizetype left = m_out.first().size() - m_outOffset;
            if (n >= left) {
                n -= left;
                m_out.removeFirst();
                m_outOffset = 0;
            } else {
                m_outOffset += qsizetype(n);
                n = 0;
            }
        }
    }
    return FlushResult::Drained;
}

void RawWsLink::finishFlush(FlushResult result)
{
    if (m_fd < 0)
        return;
    if (result == FlushResult::Failed) {
        endOfStream();
        return;
    }
    if (result == FlushResult::Blocked) {
        if (!m_writeNotifier) {
            m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
            connect(m_writeNotifier, &QSocketNotifier::activated, this, &RawWsLink::flush);
        }
        m_writeNotifier->setEnabled(true);
        return;
    }
    m_outOffset = 0;
    if (m_out.capacity() > 16)
        m_out = QList<QByteArray>();   // a burst's queue is not kept by an idle peer
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    const AfterFlush next = std::exchange(m_afterFlush, AfterFlush::Nothing);
    if (next == AfterFlush::ShutdownWrite)
        RawSocket::shutdownWrite(m_fd);
    else if (next == AfterFlush::Close)
        endOfStream();
}

void RawWsLink::closeTransport()
{
    if (m_fd < 0)
        return;
    // Possibly inside the notifier's own signal: disable now, delete later.
    for (QSocketNotifier *n : {m_readNotifier, m_writeNotifier}) {
        if (n) {
            n->setEnabled(false);
            n->deleteLater();
        }
    }
    m_readNotifier = m_writeNotifier = nullptr;
    RawSocket::close(m_fd);
    m_fd = -1;
    m_out = QList<QByteArray>();
    m_outOffset = 0;
    m_outBytes = 0;
}
