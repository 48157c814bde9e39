#include "wsserverlink.h"
#include "hubconfig.h"
#include "webassets.h"
#include "webresponder.h"

#include <QTimerEvent>

namespace {
constexpr int kMaxCloseReasonBytes = 123;   // 125-byte control payload minus the code

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

QByteArray WsServerLink::frame(quint8 opcode, const QByteArray &payload)
{
    const qsizetype n = payload.size();
    QByteArray f;
    f.reserve(n + 10);
    f.append(char(0x80 | opcode));             // FIN; servers never mask
    if (n < 126) {
        f.append(char(n));
    } else if (n <= 0xffff) {
        f.append(char(126));
        f.append(char(n >> 8));
        f.append(char(n & 0xff));
    } else {
        f.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            f.append(char((quint64(n) >> shift) & 0xff));
    }
    f.append(payload);
    return f;
}

WsServerLink::WsServerLink(const HubConfig &config, bool rawTopicsAllowed, QObject *parent)
    : HubLink(parent),
      m_config(config),
      m_rawTopicsAllowed(rawTopicsAllowed),
      m_reader(config.maxFrameBytes, config.maxMessageBytes)
{
}

void WsServerLink::armTimer(int ms)
{
    if (m_timerId)
        killTimer(m_timerId);
    m_timerId = ms > 0 ? QObject::startTimer(ms) : 0;
}

void WsServerLink::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timerId)
        return HubLink::timerEvent(event);
    armTimer(0);
    if (m_state == State::Upgrade) {
        if (m_httpAnswers == 0)   // an idle keep-alive after served pages is no refusal
            Q_EMIT refused(tr("handshake not completed within %1 ms").arg(m_config.handshakeTimeoutMs));
        finish();
    } else if (m_state == State::Closing || m_state == State::Lingering) {
        finish();   // the peer never completed the close: abort
    }
}

void WsServerLink::received(const char *data, qsizetype size)
{
    switch (m_state) {
    case State::Upgrade: readUpgrade(data, size); break;
    case State::Open:
    case State::Closing: readFrames(data, size); break;
    case State::Lingering:
    case State::Closed: break;   // discarded: only the end of stream matters now
    }
}

void WsServerLink::openingFailed(const QString &reason)
{
    if (m_state != State::Upgrade)
        return;
    Q_EMIT refused(reason);
    finish();
}

void WsServerLink::readUpgrade(const char *data, qsizetype size)
{
    m_in.append(data, size);
    const int maxHead = m_config.maxRequestHeaderBytes;
    while (m_state == State::Upgrade) {   // more than one plain HTTP request may be waiting
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0 || end + 4 > maxHead) {
            if (m_in.size() > maxHead || end + 4 > maxHead)
                turnAway(431, "Request Header Fields Too Large",
                         tr("upgrade request larger than %1 bytes").arg(maxHead));
            return;   // wait for more (the timer bounds the wait)
        }
        if (WebResponder::isWebSocketAttempt(m_in.left(end + 4)))
            return upgrade(end + 4);
        serveHttp(end + 4);
    }
}

void WsServerLink::serveHttp(qsizetype headBytes)
{
    if (bytesToWrite() > kMaxHttpQueuedBytes) {   // pipelined requests from a peer that does not read
        Q_EMIT refused(tr("HTTP client does not read its answers (%1 bytes unsent)").arg(bytesToWrite()));
        return finish();
    }
    const WebResponder::Answer answer =
        WebResponder::answer(m_in.left(headBytes), m_listener, m_config.allowedOrigins,
                             m_httpAnswers + 1 < kMaxHttpRequests, WebAssets::instance());
    m_in.remove(0, headBytes);
    ++m_httpAnswers;
    enqueue(answer.head);
    if (!answer.body.isEmpty())
        enqueue(answer.body);
    if (answer.close) {
        m_in = QByteArray();
        linger(kRefusedLingerMs);
        flush();
        if (!answer.reason.isEmpty())
            Q_EMIT refused(answer.reason);
        return;
    }
    flush();
    armTimer(m_config.handshakeTimeoutMs);   // the wait for the next request is bounded too
}

void WsServerLink::upgrade(qsizetype headBytes)
{
    const WsUpgrade::Request request = WsUpgrade::parse(m_in.left(headBytes));
    QStringList origins = m_config.allowedOrigins;
    if (!request.origin.isEmpty()
        && OriginRule::isOwnPage(request.origin, request.host, m_listener, m_config.allowedOrigins))
        origins.append(request.origin);   // the page this hub served, under a name it trusts
    const WsUpgrade::Verdict verdict = WsUpgrade::judge(request, origins, m_rawTopicsAllowed);
    if (verdict.status != 0)
        return turnAway(verdict.status, verdict.statusText, verdict.reason, verdict.extraHeaders);
    m_route = verdict.route;
    m_topic = verdict.topic;
    const QByteArray early = m_in.mid(headBytes);   // frames sent right behind the request
    m_in = QByteArray();
    armTimer(0);
    m_state = State::Open;
    enqueue(WsUpgrade::switchingProtocols(request.key));
    flush();
    Q_EMIT upgraded();   // HubServer makes the peer and connects to the message signals
    if (!early.isEmpty() && (m_state == State::Open || m_state == State::Closing))
        readFrames(early.constData(), early.size());
}

void WsServerLink::turnAway(int status, const QByteArray &text, const QString &reason, const QByteArray &extra)
{
    if (m_state != State::Upgrade)
        return;
    m_in = QByteArray();
    enqueue(WsUpgrade::errorResponse(status, text, extra));
    linger(kRefusedLingerMs);
    flush();
    Q_EMIT refused(reason);
}

void WsServerLink::readFrames(const char *data, qsizetype size)
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

qsizetype WsServerLink::handleFrames(const char *data, qsizetype size)
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
                enqueue(frame(0xA, r.payload));
                answered = true;
            }
            break;
        case WsFrameReader::Kind::Close:
            if (m_state == State::Open) {   // the peer's close: answer with its code
                sendClose(r.closeCode == 1005 ? 0 : r.closeCode, {});
                m_state = State::Closing;
            }
            // Close handshake complete: the server closes TCP first, once its bytes are out.
            armTimer(kCloseTimeoutMs);
            closeAfterOutput();
            return pos;
        default:   // Fragment, Pong
            break;
        }
    }
    if (answered)
        flush();
    return pos;
}

void WsServerLink::failConnection(int code, const QString &reason)
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

void WsServerLink::sendClose(int code, const QByteArray &reason)
{
    QByteArray payload;
    if (code != 0) {
        payload.append(char(code >> 8));
        payload.append(char(code & 0xff));
        payload.append(reason.left(kMaxCloseReasonBytes));
    }
    enqueue(frame(0x8, payload));
}

void WsServerLink::write(const QByteArray &frame)
{
    if (m_state == State::Open)
        enqueue(frame);
}

void WsServerLink::close(int code, const QString &reason)
{
    if (m_state == State::Upgrade) {
        finish();
        return;
    }
    if (m_state != State::Open)
        return;
    sendClose(code, closeReason(reason));
    m_state = State::Closing;
    armTimer(kCloseTimeoutMs);
    flush();
}

void WsServerLink::linger(int ms)
{
    m_state = State::Lingering;
    shutdownAfterOutput();
    armTimer(ms);
}

void WsServerLink::finish()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    armTimer(0);
    closeTransport();
    m_in = QByteArray();
    Q_EMIT disconnected();
}
