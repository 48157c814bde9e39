#include "messagelogmodel.h"

#include <algorithm>

MessageLogModel::MessageLogModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &MessageLogModel::refresh);
}

void MessageLogModel::setLog(MessageLog *log)
{
    if (m_log == log)
        return;
    m_log = log;
    resetAll();
    if (log)
        m_timer.start();
    else
        m_timer.stop();
    Q_EMIT logChanged();
    refresh();
}

void MessageLogModel::resetAll()
{
    const bool countMoved = !m_rows.isEmpty();
    beginResetModel();
    m_all.clear();
    m_rows.clear();
    m_lastSeq = 0;
    endResetModel();
    setPending(0);
    if (countMoved)
        Q_EMIT countChanged();
}

void MessageLogModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    Q_EMIT pausedChanged();
    if (!paused) {
        setPending(0);
        refresh();
    }
}

void MessageLogModel::setPending(qint64 pending)
{
    if (m_pending == pending)
        return;
    m_pending = pending;
    Q_EMIT pendingCountChanged();
}

void MessageLogModel::setRefreshIntervalMs(int ms)
{
    ms = std::max(ms, MinRefreshIntervalMs);
    if (ms == m_timer.interval())
        return;
    m_timer.setInterval(ms);
    Q_EMIT refreshIntervalMsChanged();
}

void MessageLogModel::refresh()
{
    if (!m_log) {
        if (!m_all.empty())
            resetAll();   // the log went away
        m_timer.stop();
        return;
    }
    const quint64 last = m_log->lastSeq();
    if (m_paused) {
        setPending(qint64(last - m_lastSeq));
        return;
    }
    if (last == m_lastSeq)
        return;
    const QList<MessageLog::Entry> fresh = m_log->snapshot(m_lastSeq);
    m_lastSeq = fresh.isEmpty() ? last : std::max(last, fresh.constLast().seq);

    const qsizetype bound = m_log->limits().maxEntries;
    // Only the newest `bound` fresh entries can survive the trim below.
    const qsizetype skip = std::max<qsizetype>(0, fresh.size() - bound);
    for (qsizetype i = skip; i < fresh.size(); ++i)
        m_all.push_back(fresh.at(i));
    while (qsizetype(m_all.size()) > bound)
        m_all.pop_front();

    // Rows whose entry left m_all go away in one range at the front.
    const quint64 oldest = m_all.empty() ? m_lastSeq + 1 : m_all.front().seq;
    const auto firstKept = std::find_if(m_rows.cbegin(), m_rows.cend(),
                                        [oldest](const MessageLog::Entry &e) { return e.seq >= oldest; });
    const qsizetype removed = firstKept - m_rows.cbegin();
    if (removed > 0) {
        beginRemoveRows({}, 0, int(removed - 1));
        m_rows.remove(0, removed);
        endRemoveRows();
    }

    QList<MessageLog::Entry> added;
    for (qsizetype i = skip; i < fresh.size(); ++i) {
        const MessageLog::Entry &e = fresh.at(i);
        if (e.seq >= oldest && matches(e))
            added.append(e);
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size() - 1));
        m_rows.append(added);
        endInsertRows();
    }
    if (removed > 0 || !added.isEmpty())
        Q_EMIT countChanged();
}

void MessageLogModel::clear()
{
    if (m_log) {
        m_log->clear();
        const quint64 last = m_log->lastSeq();
        resetAll();
        m_lastSeq = last;
    } else {
        resetAll();
    }
}

void MessageLogModel::setFilterText(const QString &text)
{
    if (m_filterText == text)
        return;
    m_filterText = text;
    applyFilter();
    Q_EMIT filterChanged();
}

void MessageLogModel::setFilterRegex(bool regex)
{
    if (m_filterRegex == regex)
        return;
    m_filterRegex = regex;
    applyFilter();
    Q_EMIT filterChanged();
}

void MessageLogModel::setFilterError(const QString &error)
{
    if (m_filterError == error)
        return;
    m_filterError = error;
    Q_EMIT filterErrorChanged();
}

void MessageLogModel::applyFilter()
{
    m_useRegex = false;
    QString error;
    if (m_filterRegex && !m_filterText.isEmpty()) {
        m_regex = QRegularExpression(m_filterText, QRegularExpression::CaseInsensitiveOption);
        if (m_regex.isValid()) {
            m_useRegex = true;
        } else {
            error = tr("Invalid regular expression at position %1: %2. Showing all messages.")
                        .arg(m_regex.patternErrorOffset())
                        .arg(m_regex.errorString());
        }
    }
    setFilterError(error);

    const qsizetype before = m_rows.size();
    beginResetModel();
    m_rows.clear();
    for (const MessageLog::Entry &e : m_all) {
        if (matches(e))
            m_rows.append(e);
    }
    endResetModel();
    if (m_rows.size() != before)
        Q_EMIT countChanged();
}

bool MessageLogModel::matches(const MessageLog::Entry &e) const
{
    if (m_filterText.isEmpty())
        return true;
    if (m_filterRegex) {
        if (!m_useRegex)
            return true;   // invalid pattern: show everything (filterError says why)
        const QStringView subject = QStringView(e.text).left(RegexScanChars);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        return m_regex.matchView(subject).hasMatch();
#else
        return m_regex.match(subject).hasMatch();
#endif
    }
    return e.text.contains(m_filterText, Qt::CaseInsensitive);
}

QString MessageLogModel::preview(const QString &text)
{
    qsizetype end = text.indexOf(QLatin1Char('\n'));
    if (end < 0)
        end = text.size();
    end = std::min<qsizetype>(end, PreviewChars);
    if (end > 0 && end < text.size() && text.at(end - 1).isHighSurrogate())
        --end;
    QString out = text.left(end);
    if (out.endsWith(QLatin1Char('\r')))
        out.chop(1);
    return out;
}

int MessageLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MessageLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MessageLog::Entry &e = m_rows.at(index.row());
    switch (role) {
    case TimeRole: return e.t;
    case DirectionRole: return int(e.direction);
    case KindRole: return int(e.kind);
    case TextRole: return e.text;
    case Qt::DisplayRole:
    case PreviewRole: return preview(e.text);
    case TruncatedRole: return e.truncated;
    case SeqRole: return e.seq;
    default: return {};
    }
}

QHash<int, QByteArray> MessageLogModel::roleNames() const
{
    return {
        {TimeRole, "time"}, {DirectionRole, "direction"}, {KindRole, "kind"},
        {TextRole, "text"}, {PreviewRole, "preview"}, {TruncatedRole, "truncated"},
        {SeqRole, "seq"},
    };
}
