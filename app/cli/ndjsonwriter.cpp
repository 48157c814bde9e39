#include "ndjsonwriter.h"

#include "jsontext.h"

#include <QMutexLocker>

namespace {
constexpr qsizetype kFlushThreshold = 64 * 1024;
}

NdjsonWriter::NdjsonWriter(FILE *out, FILE *events, bool printSamples)
    : m_out(out)
    , m_events(events)
    , m_printSamples(printSamples)
{
    m_buffer.reserve(kFlushThreshold + 4096);
}

NdjsonWriter::~NdjsonWriter()
{
    flush();
}

QByteArray NdjsonWriter::sampleLine(const Sample &s)
{
    QByteArray line;
    line.reserve(64 + s.series.size());
    line.append("{\"series\":");
    JsonText::appendString(line, s.series);
    line.append(",\"t\":");
    line.append(QByteArray::number(s.t));
    line.append(",\"v\":");
    JsonText::appendNumber(line, s.v);
    line.append('}');
    return line;
}

void NdjsonWriter::consume(const QString &connection, const SampleBatch &batch)
{
    Q_UNUSED(connection)
    if (!m_printSamples)
        return;
    QMutexLocker lock(&m_mutex);
    for (const Sample &s : batch) {
        m_buffer.append(sampleLine(s));
        m_buffer.append('\n');
    }
    if (m_buffer.size() > kFlushThreshold) {
        std::fwrite(m_buffer.constData(), 1, size_t(m_buffer.size()), m_out);
        m_buffer.clear();
    }
}

void NdjsonWriter::connectionState(const QString &connection, FeedState state, const QString &reason)
{
    QMutexLocker lock(&m_mutex);
    const QByteArray line = QStringLiteral("pulseboard: %1: %2%3\n")
                                .arg(connection, feedStateName(state),
                                     reason.isEmpty() ? QString() : QStringLiteral(" (") + reason + QLatin1Char(')'))
                                .toUtf8();
    std::fwrite(line.constData(), 1, size_t(line.size()), m_events);
    std::fflush(m_events);
}

void NdjsonWriter::writeLine(const QByteArray &jsonLine)
{
    QMutexLocker lock(&m_mutex);
    m_buffer.append(jsonLine);
    m_buffer.append('\n');
}

void NdjsonWriter::flush()
{
    QMutexLocker lock(&m_mutex);
    if (!m_buffer.isEmpty()) {
        std::fwrite(m_buffer.constData(), 1, size_t(m_buffer.size()), m_out);
        m_buffer.clear();
    }
    std::fflush(m_out);
}
