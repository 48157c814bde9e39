// SseParser: the text/event-stream interpreter of the WHATWG HTML spec (9.2 Server-sent
// events, "Interpreting an event stream"), as a pure class: bytes in, events out, no I/O
// and no event loop, so it can be fuzzed and tested on its own. Used by SseSource, which
// feeds it every chunk QNetworkReply delivers.
//
// Handles: a leading UTF-8 BOM, CR / LF / CRLF line ends (also a CRLF split between two
// chunks), comments (":..."), fields without a colon (the whole line is the name), one
// space after the colon stripped, multi-line "data" joined with LF, "event", "id" (ignored
// when it contains NUL; kept across events as the last event ID), "retry" (digits only).
// Invalid UTF-8 is replaced with U+FFFD at dispatch, so every event's data is valid UTF-8.
//
// Bounds (memory held is at most about maxLineBytes + maxEventBytes):
//  * one line: maxLineBytes (default 1 MiB); a longer line is dropped up to its line end
//    and, being part of an event, makes that event dropped too;
//  * one event's data: maxEventBytes (default 1 MiB); the event is dropped at its blank line.
// Each drop is counted (dropped()) and explained (takeErrors(), at most 16 kept).
#pragma once
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

struct SseEvent
{
    QByteArray type;   // "message" when the stream gave none
    QByteArray data;   // lines joined with LF, valid UTF-8
    QByteArray id;     // the last event ID when dispatched (may be empty)
};

class SseParser
{
public:
    static constexpr qsizetype kDefaultMaxLineBytes = 1024 * 1024;
    static constexpr qsizetype kDefaultMaxEventBytes = 1024 * 1024;
    static constexpr int kMaxErrorsKept = 16;

    // The pipeline message for an event: an unnamed event ("message") whose data is a JSON
    // object or array goes through as is; any other event is wrapped as
    // {"event":"<type>","data":<data>}, the data copied as JSON when it is one JSON value,
    // else as a JSON string. (The same shape as Socket.IO events, so profiles match on
    // /event and point into /data either way.)
    static QByteArray message(const SseEvent &event);

    explicit SseParser(qsizetype maxLineBytes = kDefaultMaxLineBytes,
                       qsizetype maxEventBytes = kDefaultMaxEventBytes);

    // Feeds the next bytes of the stream; complete events are appended to the queue.
    void feed(QByteArrayView bytes);
    QList<SseEvent> takeEvents();
    bool hasEvents() const { return !m_events.isEmpty(); }

    // The stream ended (connection closed): an event without its blank line is discarded
    // (spec), the line state is reset; last event ID and retry are kept for the reconnect.
    void endOfStream();

    QByteArray lastEventId() const { return m_lastEventId; }
    void setLastEventId(const QByteArray &id) { m_lastEventId = id; }
    int retryMs() const { return m_retryMs; }        // -1 = the stream never set one
    qint64 dropped() const { return m_dropped; }
    QStringList takeErrors();
    qsizetype bufferedBytes() const { return m_line.size() + m_data.size() + m_type.size(); }

private:
    void processLine(QByteArrayView line);
    void dispatch();
    void noteDrop(const QString &why);

    qsizetype m_maxLine;
    qsizetype m_maxEvent;
    QByteArray m_line;          // the incomplete line of the last chunk
    QByteArray m_data;          // data buffer of the event being built
    QByteArray m_type;          // event type buffer
    QByteArray m_lastEventId;   // last event ID buffer (persists across events)
    QList<SseEvent> m_events;
    QStringList m_errors;
    qint64 m_dropped = 0;
    int m_retryMs = -1;
    bool m_started = false;     // past the optional BOM
    bool m_afterCr = false;     // the last byte fed was CR (an LF next ends nothing)
    bool m_skippingLine = false;// the current line overflowed: skip to its end
    bool m_eventBroken = false; // the current event lost a line or overflowed: drop it
    bool m_hasData = false;     // a data field was seen for the current event
};
