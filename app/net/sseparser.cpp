#include "sseparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QString>

#include <algorithm>
#include <limits>

namespace {
const QByteArrayView kBom("\xEF\xBB\xBF", 3);
}

SseParser::SseParser(qsizetype maxLineBytes, qsizetype maxEventBytes)
    : m_maxLine(std::max<qsizetype>(maxLineBytes, 16))
    , m_maxEvent(std::max<qsizetype>(maxEventBytes, 16))
{
}

void SseParser::feed(QByteArrayView bytes)
{
    if (!m_started) {
        // The BOM may arrive split over chunks: hold up to 2 bytes until it is decided.
        QByteArray head = m_line + bytes.toByteArray();
        if (head.size() < kBom.size() && kBom.startsWith(head)) {
            m_line = head;
            return;
        }
        m_started = true;
        m_line.clear();
        if (head.startsWith(kBom))
            head.remove(0, kBom.size());
        feed(head);
        return;
    }

    const char *p = bytes.data();
    const qsizetype n = bytes.size();
    qsizetype pos = 0;
    if (m_afterCr && n > 0 && p[0] == '\n')
        pos = 1; // the LF of a CRLF whose CR ended the previous chunk
    if (n > 0)
        m_afterCr = false;
    while (pos < n) {
        qsizetype end = pos;
        while (end < n && p[end] != '\n' && p[end] != '\r')
            ++end;
        const QByteArrayView piece(p + pos, end - pos);
        if (!m_skippingLine) {
            if (m_line.size() + piece.size() > m_maxLine) {
                const bool comment = (m_line.isEmpty() ? piece.startsWith(':') : m_line.startsWith(':'));
                if (!comment)
                    m_eventBroken = true;
                noteDrop(QStringLiteral("a line longer than %1 bytes was dropped%2")
                             .arg(m_maxLine)
                             .arg(comment ? QString() : QStringLiteral(" with its event")));
                m_skippingLine = true;
                m_line.clear();
                m_line.squeeze();
            }
        }
        if (end == n) { // no line end in this chunk: keep the start of the line
            if (!m_skippingLine)
                m_line.append(piece);
            break;
        }
        if (m_skippingLine) {
            m_skippingLine = false;
        } else if (m_line.isEmpty()) {
            processLine(piece);
        } else {
            m_line.append(piece);
            processLine(m_line);
            m_line.clear();
        }
        if (p[end] == '\r') {
            if (end + 1 == n)
                m_afterCr = true;
            else if (p[end + 1] == '\n')
                ++end;
        }
        pos = end + 1;
    }
}

void SseParser::processLine(QByteArrayView line)
{
    if (line.isEmpty()) {
        dispatch();
        return;
    }
    if (line.front() == ':')
        return; // comment (often a keep-alive)
    const qsizetype colon = line.indexOf(':');
    QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);

    if (field == "data") {
        if (m_eventBroken)
            return;
        if (m_data.size() + value.size() + 1 > m_maxEvent) {
            noteDrop(QStringLiteral("an event larger than %1 bytes was dropped").arg(m_maxEvent));
            m_eventBroken = true;
            m_data.clear();
            m_data.squeeze();
            return;
        }
        m_data.append(value);
        m_data.append('\n');
    } else if (field == "event") {
        m_type = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = value.toByteArray();
    } else if (field == "retry") {
        if (value.isEmpty())
            return;
        qint64 ms = 0;
        for (char c : value) {
            if (c < '0' || c > '9')
                return; // not all digits: ignored (spec)
            ms = std::min<qint64>(ms * 10 + (c - '0'), std::numeric_limits<int>::max());
        }
        m_retryMs = int(ms);
    }
    // any other field is ignored (spec)
}

void SseParser::dispatch()
{
    if (m_eventBroken) {
        m_eventBroken = false;
        m_data.clear();
        m_type.clear();
        return;
    }
    if (m_data.isEmpty()) {
        m_type.clear();
        return;
    }
    m_data.chop(1); // the LF after the last data line
    SseEvent event;
    event.type = m_type.isEmpty() ? QByteArrayLiteral("message") : m_type;
    event.data = QByteArrayView(m_data).isValidUtf8() ? m_data : QString::fromUtf8(m_data).toUtf8();
    if (event.data.size() > m_maxEvent) {
        // Each invalid byte became U+FFFD (3 bytes): the bound holds for what is handed on.
        noteDrop(QStringLiteral("an event's data is over %1 bytes once its invalid UTF-8 is replaced; dropped")
                     .arg(m_maxEvent));
        m_data.clear();
        m_type.clear();
        return;
    }
    if (!QByteArrayView(event.type).isValidUtf8())
        event.type = QString::fromUtf8(event.type).toUtf8();
    event.id = QByteArrayView(m_lastEventId).isValidUtf8() ? m_lastEventId
                                                           : QString::fromUtf8(m_lastEventId).toUtf8();
    m_events.append(std::move(event));
    m_data.clear();
    m_type.clear();
    if (m_data.capacity() > 64 * 1024)
        m_data.squeeze(); // after a large event: do not hold its buffer while idle
}

void SseParser::endOfStream()
{
    m_line.clear();
    m_data.clear();
    m_type.clear();
    m_line.squeeze();
    m_data.squeeze();
    m_started = false;
    m_afterCr = false;
    m_skippingLine = false;
    m_eventBroken = false;
}

QList<SseEvent> SseParser::takeEvents()
{
    return std::exchange(m_events, {});
}

QStringList SseParser::takeErrors()
{
    return std::exchange(m_errors, {});
}

void SseParser::noteDrop(const QString &why)
{
    ++m_dropped;
    if (m_errors.size() < kMaxErrorsKept)
        m_errors.append(why);
}

QByteArray SseParser::message(const SseEvent &event)
{
    const QByteArray trimmed = event.data.trimmed();
    const bool structured = trimmed.startsWith('{') || trimmed.startsWith('[');
    if (event.type == "message" && structured)
        return event.data; // the pipeline validates it (and counts it unparsed if broken)
    QJsonParseError err{};
    const QJsonDocument asArray = QJsonDocument::fromJson("[" + event.data + "]", &err);
    const bool oneValue = err.error == QJsonParseError::NoError && asArray.array().size() == 1;
    QByteArray out;
    out.reserve(event.data.size() + event.type.size() + 32);
    out += "{\"event\":";
    out += QJsonDocument(QJsonArray{QString::fromUtf8(event.type)}).toJson(QJsonDocument::Compact).chopped(1).sliced(1);
    out += ",\"data\":";
    if (oneValue)
        out += trimmed;
    else
        out += QJsonDocument(QJsonArray{QString::fromUtf8(event.data)}).toJson(QJsonDocument::Compact).chopped(1).sliced(1);
    out += '}';
    return out;
}
