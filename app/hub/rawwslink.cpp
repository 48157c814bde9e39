#include "rawwslink.h"
#include "hubconfig.h"
#include "rawsocket.h"

#include <QSocketNotifier>
#include <QTimerEvent>

namespace {
constexpr int kMaxCloseReasonBytes = 123;   // 125-byte control payload minus the code

QByteArray controlFrame(quint8 opcode, const QByteArray &payload)
{
    QByteArray f;
    f.reserve(2 + payload.size());
    f.append(char(0x80 | opcode));
    f.append(char(payload.size()));          // <= 125: callers bound it
    f.append(payload);
    return f;
}

// The reason as UTF-8, cut at a character boundary to fit a close frame.
QByteArray closeReason(const QString &reason)
{
    QByteArray utf8 = reason.toUtf8();
    if (utf8.size() <= kMaxCloseReasonBytes)
        return utf8;
    qsizetype n = kMaxCloseReasonBytes;
    while (n > 0 && (uchar(utf8.at(n)) & 0xC0) == 0x80)   // utf8[n] continues a character
        --n;
    utf8.truncate(n);
    return utf8;
}
} // namespace

RawWsLink::RawWsLink(qintptr descriptor, const HubConfig &config, bool rawTopicsAllowed, QObject *parent)
    : HubLink(parent),
      m_config(config),
      m_rawTopicsAllowed(rawTopicsAllowed),
      m_reader(config.maxFrameBytes, config.maxMessageBytes)
{
    if (!RawSocket::prepare(descriptor) || !RawSocket::peer(descriptor, &m_address, &m_port)) {
        RawSocket::close(descriptor);
        m_state = State::Closed;
        return;
    }
    m_fd = descriptor;
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

void RawWsLink::armTimer(int ms)
{
    if (m_timerId)
        killTimer(m_timerId);
    m_timerId = QObject::startTimer(ms);
}

void RawWsLink::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timerId)
        return HubLink::timerEvent(event);
    killTimer(m_timerId);
    m_timerId = 0;
    if (m_state == State::Upgrade) {
        Q_EMIT refused(tr("handshake not completed within %1 ms").arg(m_config.handshakeTimeoutMs));
        finish();
    } else if (m_state == State::Closing || m_state == State::Lingering) {
        finish();   // the peer never completed the close: abort
    }
}

void RawWsLink::onReadable()
{
    // One read per readiness event keeps one busy peer from starving the others.
    thread_local char scratch[kReadChunk];
    const qint64 n = RawSocket::read(m_fd, scratch, kReadChunk);
    if (n == RawSocket::WouldBlock)
        return;
    if (n <= 0) {   // end of stream or error: the peer is gone
        finish();
        return;
    }
    switch (m_state) {
    case State::Upgrade: readUpgrade(scratch, qsizetype(n)); break;
    case State::Open:
    case State::Closing: readFrames(scratch, qsizetype(n)); break;
    case State::Lingering:
    case State::Closed: break;   // discarded: only the end of stream matters now
    }
}

void RawWsLink::readUpgrade(const char *data, qsizetype size)
{
    m_in.append(data, size);
    const int maxHead = m_config.maxRequestHeaderBytes;
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0 || end + 4 > maxHead) {
        if (m_in.size() > maxHead || end + 4 > maxHead)
            turnAway(431, "Request Header Fields Too Large",
                   tr("upgrade request larger than %1 bytes").arg(maxHead));
        return;   // wait for more (the timer bounds the wait)
    }
    const WsUpgrade::Request request = WsUpgrade::parse(m_in.left(end + 4));
    const WsUpgrade::Verdict verdict = WsUpgrade::judge(request, m_config.allowedOrigins, m_rawTopicsAllowed);
    if (verdict.status != 0)
        return turnAway(verdict.status, verdict.statusText, verdict.reason, verdict.extraHeaders);
    m_route = verdict.route;
    m_topic = verdict.topic;
    const QByteArray early = m_in.mid(end + 4);   // frames sent right behind the request
    m_in = QByteArray();
    killTimer(m_timerId);
    m_timerId = 0;
    m_state = State::Open;
    queue(WsUpgrade::switchingProtocols(request.key));
    flush();
    Q_EMIT upgraded();   // HubServer makes the peer and connects to the message signals
    if (!early.isEmpty() && (m_state == State::Open || m_state == State::Closing))
        readFrames(early.constData(), early.size());
}

void RawWsLink::turnAway(int status, const QByteArray &text, const QString &reason, const QByteArray &extra)
{
    m_in = QByteArray();
    killTimer(m_timerId);
    m_timerId = 0;
    queue(WsUpgrade::errorResponse(status, text, extra));
    linger(kRefusedLingerMs);
    flush();
    Q_EMIT refused(reason);
}

void RawWsLink::readFrames(const char *data, qsizetype size)
{
    if (m_in.isEmpty()) {
        const qsizetype used = handleFrames(data, size);
        if (used < size && (m_state == State::Open || m_state == State::Closing))
            m_in = QByteArray(data + used, size - used);   // one incomplete frame
        return;
    }
    m_in.append(data, size);
    const qsizetype used = handleFrames(m_in.constData(), m_in.size());
    if (used == m_in.size() || !(m_state == State::Open || m_state == State::Closing))
        m_in = QByteArray();
    else
        m_in.remove(0, used);
}

qsizetype RawWsLink::handleFrames(const char *data, qsizetype size)
{
    qsizetype pos = 0;
    bool answered = false;
    while (pos < size && (m_state == State::Open || m_state == State::Closing)) {
        WsFrameReader::Result r = m_reader.read(data + pos, size - pos);
        if (r.kind == WsFrameReader::Kind::NeedMore)
            break;
        if (r.kind == WsFrameReader::Kind::Fail) {
            failConnection(r.closeCode, r.reason);
            break;
        }
        pos += r.consumed;
        switch (r.kind) {
        case WsFrameReader::Kind::Text:
            if (m_state == State::Open)
                Q_EMIT textReceived(r.payload);
            break;
        case WsFrameReader::Kind::Binary:
            if (m_state == State::Open)
                Q_EMIT binaryReceived(r.payload);
            break;
        case WsFrameReader::Kind::Ping:
            if (m_state == State::Open) {
                queue(controlFrame(0xA, r.payload));
                answered = true;
            }
            break;
        case WsFrameReader::Kind::Close:
            if (m_state == State::Open) {   // the peer's close: answer with its code
                sendClose(r.closeCode == 1005 ? 0 : r.closeCode, {});
                m_state = State::Closing;
                armTimer(kCloseTimeoutMs);
            }
            // Close handshake complete: the server closes TCP first, once its bytes are out.
            m_afterFlush = AfterFlush::Finish;
            flush();   // finishes once the answer is out (at once, normally)
            return pos;
        default:   // Fragment, Pong
            break;
        }
    }
    if (answered)
        flush();
    return pos;
}

void RawWsLink::failConnection(int code, const QString &reason)
{
    if (m_state != State::Open) {   // garbage after our close: no second close frame
        finish();
        return;
    }
    sendClose(code, closeReason(reason));
    linger(kCloseTimeoutMs);
    flush();
    Q_EMIT failed(code, reason);
}

void RawWsLink::sendClose(int code, const QByteArray &reason)
{
    QByteArray payload;
    if (code != 0) {
        payload.append(char(code >> 8));
        payload.append(char(code & 0xff));
        payload.append(reason.left(kMaxCloseReasonBytes));
    }
    queue(controlFrame(0x8, payload));
}

void RawWsLink::close(int code, const QString &reason)
{
    if (m_state == State::Upgrade) {
        abort();
        return;
    }
    if (m_state != State::Open)
        return;
    sendClose(code, closeReason(reason));
    m_state = State::Closing;
    armTimer(kCloseTimeoutMs);
    flush();
}

void RawWsLink::abort() { finish(); }

void RawWsLink::linger(int ms)
{
    m_state = State::Lingering;
    m_afterFlush = AfterFlush::ShutdownWrite;   // FIN right behind the last queued byte
    armTimer(ms);
}

void RawWsLink::queue(const QByteArray &bytes)
{
    m_out.append(bytes);
    m_outBytes += bytes.size();
}

void RawWsLink::write(const QByteArray &frame)
{
    if (m_state == State::Open)
        queue(frame);
}

void RawWsLink::flush()
{
    if (m_fd < 0)
        return;
    while (!m_out.isEmpty()) {
        qint64 n = RawSocket::write(m_fd, m_out.constData(), int(qMin<qsizetype>(m_out.size(), INT_MAX)),
                                    m_outOffset);
        if (n == RawSocket::Failed) {   // reset or broken pipe: the peer is gone
            finish();
            return;
        }
        if (n == RawSocket::WouldBlock || n == 0) {
            if (!m_writeNotifier) {
                m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
                connect(m_writeNotifier, &QSocketNotifier::activated, this, &RawWsLink::flush);
            }
            m_writeNotifier->setEnabled(true);
            return;
        }
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
    m_outOffset = 0;
    if (m_out.capacity() > 16)
        m_out = QList<QByteArray>();   // a burst's queue is not kept by an idle peer
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    const AfterFlush next = std::exchange(m_afterFlush, AfterFlush::Nothing);
    if (next == AfterFlush::ShutdownWrite)
        RawSocket::shutdownWrite(m_fd);
    else if (next == AfterFlush::Finish)
        finish();
}

void RawWsLink::finish()
{
    if (m_fd < 0) {
        m_state = State::Closed;
        return;
    }
    m_state = State::Closed;
    if (m_timerId) {
        killTimer(m_timerId);
        m_timerId = 0;
    }
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
    m_in = QByteArray();
    m_out = QList<QByteArray>();
    m_outOffset = 0;
    m_outBytes = 0;
    Q_EMIT disconnected();
}
