#include "recordingfile.h"

#include "mcapformat.h"

#include <QDir>
#include <QUrl>

namespace {
const QByteArray JsonSchemaName = QByteArrayLiteral("pulseboard.Frame");
constexpr quint16 JsonSchemaId = 1;
}

RecordingFile::~RecordingFile()
{
    close();
}

QString RecordingFile::open(const QString &path)
{
    QMutexLocker lock(&m_mutex);
    if (m_open)
        return QStringLiteral("Already recording to %1.").arg(QDir::toNativeSeparators(m_file.fileName()));
    m_file.setFileName(path);
    // Unbuffered: every flush() reaches the operating system at once, so a crash of the
    // app loses at most what was still in m_buffer.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered))
        return QStringLiteral("Cannot record to %1: %2. Choose a folder you can write to.")
            .arg(QDir::toNativeSeparators(path), m_file.errorString());
    m_open = true;
    m_error.clear();
    m_messages = m_bytes = m_lost = 0;
    QByteArray head(McapFormat::Magic, McapFormat::MagicSize);
    McapFormat::header(&head, QByteArray(), QByteArrayLiteral("pulseboard " PULSEBOARD_VERSION));
    // JSON frames are self-describing; the schema says only "a JSON value" so viewers
    // (Foxglove) accept the channel as json.
    McapFormat::schema(&head, JsonSchemaId, JsonSchemaName, QByteArrayLiteral("jsonschema"), QByteArrayLiteral("{}"));
    if (!writeLocked(head))
        return m_error;
    return QString();
}

quint16 RecordingFile::addConnection(const QString &name, const QByteArray &mappingJson, const QString &url)
{
    QMutexLocker lock(&m_mutex);
    const quint16 id = m_nextChannel;
    m_nextChannel += 2;
    // The URL without user info, query or fragment: those may hold credentials.
    const QString safeUrl = QUrl(url).adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
    McapFormat::StringMap meta{
        {QByteArrayLiteral("pulseboard.connection"), name.toUtf8()},
        {QByteArrayLiteral("pulseboard.kind"), QByteArrayLiteral("text")},
        {QByteArrayLiteral("pulseboard.profile"), mappingJson},
        {QByteArrayLiteral("pulseboard.url"), safeUrl.toUtf8()},
    };
    const QByteArray topic = name.toUtf8();
    McapFormat::channel(&m_buffer, id, JsonSchemaId, topic, QByteArrayLiteral("json"), meta);
    meta[1].second = QByteArrayLiteral("binary");
    McapFormat::channel(&m_buffer, quint16(id + 1), 0, topic + QByteArrayLiteral("/binary"),
                        QByteArrayLiteral("application/octet-stream"), meta);
    while (m_sequence.size() < int(m_nextChannel))
        m_sequence.append(0);
    return id;
}

void RecordingFile::record(quint16 channel, qint64 arrivalMs, const QByteArray &frame)
{
    QMutexLocker lock(&m_mutex);
    if (!m_open || !m_error.isEmpty() || channel >= m_sequence.size()) {
        ++m_lost;
        return;
    }
    const quint64 ns = quint64(std::max<qint64>(0, arrivalMs)) * 1'000'000ULL;
    McapFormat::message(&m_buffer, channel, m_sequence[channel]++, ns, ns, frame.constData(), frame.size());
    ++m_messages;
    if (m_buffer.size() >= FlushBytes && writeLocked(m_buffer))
        m_buffer.clear();
}

bool RecordingFile::flush()
{
    QMutexLocker lock(&m_mutex);
    if (!m_open)
        return m_error.isEmpty();
    if (!m_buffer.isEmpty() && writeLocked(m_buffer))
        m_buffer.clear();
    return m_error.isEmpty();
}

bool RecordingFile::writeLocked(const QByteArray &bytes)
{
    if (!m_error.isEmpty())
        return false;
    const qint64 written = m_file.write(bytes);
    if (written > 0)
        m_bytes += written;
    if (written == bytes.size())
        return true;
    m_error = QStringLiteral("Recording stopped: cannot write %1: %2. Free some disk space or record to another "
                             "folder; what was recorded until now is kept and can be replayed.")
                  .arg(QDir::toNativeSeparators(m_file.fileName()), m_file.errorString());
    m_buffer.clear();
    return false;
}

void RecordingFile::close()
{
    QMutexLocker lock(&m_mutex);
    if (!m_open)
        return;
    if (m_error.isEmpty()) {
        McapFormat::dataEnd(&m_buffer, 0);   // 0: no CRC computed (allowed by the spec)
        McapFormat::footer(&m_buffer);
        m_buffer.append(McapFormat::Magic, McapFormat::MagicSize);
        writeLocked(m_buffer);
    }
    m_buffer.clear();
    m_file.close();
    m_open = false;
}

bool RecordingFile::isOpen() const { QMutexLocker lock(&m_mutex); return m_open; }
QString RecordingFile::error() const { QMutexLocker lock(&m_mutex); return m_error; }
qint64 RecordingFile::messages() const { QMutexLocker lock(&m_mutex); return m_messages; }
qint64 RecordingFile::bytes() const { QMutexLocker lock(&m_mutex); return m_bytes; }
qint64 RecordingFile::lost() const { QMutexLocker lock(&m_mutex); return m_lost; }
QString RecordingFile::path() const { QMutexLocker lock(&m_mutex); return m_file.fileName(); }
