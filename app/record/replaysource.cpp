#include "replaysource.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>

ReplaySource::ReplaySource(FeedEndpoint endpoint, QObject *parent)
    : FeedSource(parent)
    , m_endpoint(std::move(endpoint))
    , m_timer(this)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ReplaySource::pump);
    m_path = m_endpoint.url.toLocalFile();
    const QByteArray query = m_endpoint.url.query(QUrl::FullyEncoded).toLatin1();
    for (const QByteArray &item : query.split('&')) {
        const qsizetype eq = item.indexOf('=');
        const QByteArray key = item.left(eq);
        const QString value = QUrl::fromPercentEncoding(eq < 0 ? QByteArray() : item.mid(eq + 1));
        if (key == "connection")
            m_connection = value;
        else if (key == "speed" && !parseSpeed(value, &m_speed))
            m_speed = 1;
    }
}

ReplaySource::~ReplaySource() = default;

QUrl ReplaySource::replayUrl(const QString &path, const QString &connection, double speed)
{
    QUrl url = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath());
    // Percent-encoded by hand: a connection name may hold '&', '=', '+' or '#'.
    const QByteArray query = "connection=" + QUrl::toPercentEncoding(connection) + "&speed="
        + (speed <= 0 ? QByteArray("max") : QByteArray::number(speed));
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

bool ReplaySource::parseSpeed(const QString &text, double *speed)
{
    QString t = text.trimmed().toLower();
    if (t == QLatin1String("max")) {
        *speed = 0;
        return true;
    }
    if (t.endsWith(QLatin1Char('x')))
        t.chop(1);
    bool ok = false;
    const double s = t.toDouble(&ok);
    if (!ok || !(s >= 0.01 && s <= 1000))
        return false;
    *speed = s;
    return true;
}

void ReplaySource::setState(FeedState state, const QString &reason)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state, reason);
}

void ReplaySource::open()
{
    if (m_reader)
        return;
    setState(FeedState::Connecting, QString());
    m_reader = std::make_unique<McapReader>();
    QString error;
    if (!m_reader->open(m_path, &error)) {
        m_lastError = error;
        Q_EMIT errorText(error);
        setState(FeedState::Failed, error);
        Q_EMIT finished(false, error);
        return;
    }
    m_progressClock.start();
    setState(FeedState::Live, QStringLiteral("replaying %1").arg(QDir::toNativeSeparators(m_path)));
    m_timer.start(0);
}

void ReplaySource::close()
{
    m_timer.stop();
    if (m_state == FeedState::Live || m_state == FeedState::Connecting)
        setState(FeedState::Closed, QStringLiteral("replay stopped"));
}

bool ReplaySource::sendText(const QString &)
{
    return false;   // a recording cannot answer
}

void ReplaySource::setPaused(bool paused)
{
    if (paused == m_paused || m_state != FeedState::Live)
        return;
    m_paused = paused;
    if (paused) {
        m_timer.stop();
        m_pausedAt = m_clock.isValid() ? m_clock.elapsed() : 0;
    } else {
        if (m_clock.isValid())
            m_clockShiftMs += m_clock.elapsed() - m_pausedAt;
        m_timer.start(0);
    }
}

double ReplaySource::progress() const
{
    if (!m_reader || m_reader->size() <= 0)
        return 0;
    return std::min(1.0, double(m_reader->position()) / double(m_reader->size()));
}

void ReplaySource::pump()
{
    if (m_paused || !m_reader || m_state != FeedState::Live)
        return;
    for (int delivered = 0; delivered < MaxPerTurn; ++delivered) {
        if (!m_hasPending) {
            // Next message of this connection (other connections' channels are skipped).
            McapReader::Next n;
            while ((n = m_reader->next(&m_pending)) == McapReader::Next::Message) {
                auto kind = m_kinds.constFind(m_pending.channel);
                if (kind == m_kinds.constEnd()) {
                    const McapReader::ChannelInfo c = m_reader->channels().value(m_pending.channel);
                    const bool ours = m_connection.isEmpty() || c.connection() == m_connection;
                    kind = m_kinds.insert(m_pending.channel, !ours ? Kind::Other : c.isBinary() ? Kind::Binary : Kind::Text);
                }
                if (*kind != Kind::Other) {
                    m_pendingKind = *kind;
                    break;
                }
            }
            if (n != McapReader::Next::Message) {
                finish(n);
                return;
            }
            m_hasPending = true;
        }
        const qint64 logMs = qint64(m_pending.logTimeNs / 1'000'000ULL);
        if (!m_started) {
            m_started = true;
            m_firstLogMs = logMs;
            m_clock.start();
        }
        if (m_speed > 0) {
            const qint64 dueMs = qint64(double(logMs - m_firstLogMs) / m_speed) + m_clockShiftMs;
            const qint64 wait = dueMs - m_clock.elapsed();
            if (wait > 0) {
                m_timer.start(int(std::min<qint64>(wait, 1000)));
                reportProgress(false);
                return;
            }
        }
        m_hasPending = false;
        ++m_messages;
        m_bytes += m_pending.data.size();
        m_currentArrivalMs = logMs;
        if (m_pendingKind == Kind::Binary) {
            ++m_binaryFrames;
            Q_EMIT binaryMessage(m_pending.data);
        } else {
            Q_EMIT textMessage(m_pending.data);
        }
        m_currentArrivalMs = -1;
        if (m_state != FeedState::Live)
            return;   // closed by a listener
    }
    reportProgress(false);
    m_timer.start(0);
}

void ReplaySource::reportProgress(bool force)
{
    if (!force && m_progressClock.elapsed() < ProgressIntervalMs)
        return;
    m_progressClock.restart();
    Q_EMIT progressChanged(progress());
}

void ReplaySource::finish(McapReader::Next how)
{
    const QString count = QLocale().toString(m_messages);
    QString message;
    const bool complete = how == McapReader::Next::End;
    if (complete) {
        message = QStringLiteral("replay finished: %1 messages").arg(count);
        if (m_messages == 0)
            message = m_connection.isEmpty() ? QStringLiteral("replay finished: the recording holds no messages")
                                             : QStringLiteral("replay finished: the recording holds no messages of \"%1\"").arg(m_connection);
    } else {
        message = QStringLiteral("replayed %1 messages; %2").arg(count, m_reader->error());
        m_lastError = m_reader->error();
        Q_EMIT errorText(m_reader->error());
    }
    Q_EMIT progressChanged(complete ? 1.0 : progress());
    setState(FeedState::Closed, message);
    Q_EMIT finished(complete, message);
}

FeedStats ReplaySource::stats() const
{
    FeedStats s;
    s.state = m_state;
    s.messages = m_messages;
    s.bytes = m_bytes;
    s.binaryFrames = m_binaryFrames;
    s.lastError = m_lastError;
    return s;
}
