#include "connectionlistmodel.h"
#include "secretpolicy.h"

#include <cmath>

ConnectionListModel::ConnectionListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_clock.start();
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionListModel::refresh);
    m_timer.start();
    updateTotals();
}

void ConnectionListModel::setRefreshIntervalMs(int ms)
{
    m_timer.setInterval(std::max(ms, MinRefreshIntervalMs));
}

void ConnectionListModel::watch(int row)
{
    FeedConnection *c = m_rows.at(row).connection;
    if (!c)
        return;
    // Stats arrive every ~250 ms per connection: only mark the row; refresh() emits.
    connect(c, &FeedConnection::statsChanged, this, [this, c] {
        for (Row &r : m_rows) {
            if (r.connection != c)
                continue;
            r.dirty = true;
            const FeedStats s = c->stats();
            if (s.state == FeedState::Reconnecting && s.nextRetryMs >= 0) {
                if (s.nextRetryMs != r.seenRetryDelay || s.reconnects != r.seenReconnects) {
                    r.retryDueMs = m_clock.elapsed() + s.nextRetryMs;
                    r.seenRetryDelay = s.nextRetryMs;
                    r.seenReconnects = s.reconnects;
                }
            } else {
                r.retryDueMs = -1;
                r.seenRetryDelay = -1;
            }
        }
    });
}

void ConnectionListModel::append(FeedConnection *connection, const ConnectionSpec &spec)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row{connection, spec, connection ? connection->profile().name : QString()});
    endInsertRows();
    watch(row);
    Q_EMIT countChanged();
    updateTotals();
}

void ConnectionListModel::replace(int row, FeedConnection *connection, const ConnectionSpec &spec)
{
    if (row < 0 || row >= m_rows.size())
        return;
    if (m_rows.at(row).connection)
        disconnect(m_rows.at(row).connection, nullptr, this, nullptr);
    const QString shared = m_rows.at(row).sharedTopic;   // the Workspace moves a share to the new connection
    m_rows[row] = Row{connection, spec, connection ? connection->profile().name : QString()};
    m_rows[row].sharedTopic = shared;
    watch(row);
    Q_EMIT dataChanged(index(row), index(row));
    updateTotals();
}

void ConnectionListModel::removeAt(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    if (m_rows.at(row).connection)
        disconnect(m_rows.at(row).connection, nullptr, this, nullptr);
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
    updateTotals();
}

FeedConnection *ConnectionListModel::connectionAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).connection.data() : nullptr;
}

ConnectionSpec ConnectionListModel::specAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).spec : ConnectionSpec{};
}

void ConnectionListModel::setSavedMessages(int row, const QStringList &messages)
{
    if (row < 0 || row >= m_rows.size() || m_rows.at(row).spec.savedMessages == messages)
        return;
    m_rows[row].spec.savedMessages = messages;
    Q_EMIT dataChanged(index(row), index(row), {SavedMessagesRole});
}

void ConnectionListModel::setSharedTopic(int row, const QString &topic)
{
    if (row < 0 || row >= m_rows.size() || m_rows.at(row).sharedTopic == topic)
        return;
    m_rows[row].sharedTopic = topic;
    Q_EMIT dataChanged(index(row), index(row), {SharedTopicRole});
}

QString ConnectionListModel::sharedTopic(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).sharedTopic : QString();
}

int ConnectionListModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).connection && m_rows.at(i).connection->name() == name)
            return i;
    return -1;
}

qint64 ConnectionListModel::retryInMs(const Row &r) const
{
    return r.retryDueMs < 0 ? -1 : std::max<qint64>(0, r.retryDueMs - m_clock.elapsed());
}

QString ConnectionListModel::stateText(const FeedConnection *c, qint64 retryInMs)
{
    if (!c)
        return QStringLiteral("stopped");
    const FeedStats s = c->stats();
    switch (s.state) {
    case FeedState::Idle: return QStringLiteral("idle");
    case FeedState::Connecting: return QStringLiteral("connecting");
    case FeedState::Live: return QStringLiteral("live");
    case FeedState::Reconnecting:
        if (retryInMs >= 0)
            return QStringLiteral("reconnecting in %1 s").arg(std::max<qint64>(1, (retryInMs + 999) / 1000));
        return QStringLiteral("reconnecting");
    case FeedState::Failed:
        return s.lastError.isEmpty() ? QStringLiteral("failed") : QStringLiteral("failed: %1").arg(s.lastError);
    case FeedState::Closed: return QStringLiteral("closed");
    }
    return QString();
}

void ConnectionListModel::refresh()
{
    int first = -1, last = -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &r = m_rows[i];
        if (r.dirty || r.retryDueMs >= 0) {   // a countdown moves every tick
            r.dirty = false;
            if (first < 0)
                first = i;
            last = i;
        }
    }
    if (first >= 0)
        Q_EMIT dataChanged(index(first), index(last));
    updateTotals();
}

void ConnectionListModel::updateTotals()
{
    int live = 0, failing = 0, waiting = 0;
    double rate = 0;
    qint64 messages = 0, dropped = 0, unparsed = 0;
    for (const Row &r : std::as_const(m_rows)) {
        if (!r.connection)
            continue;
        const FeedStats s = r.connection->stats();
        live += s.state == FeedState::Live;
        failing += s.state == FeedState::Failed;
        waiting += s.state == FeedState::Reconnecting || s.state == FeedState::Connecting
                || s.state == FeedState::Idle;
        rate += s.messagesPerSec;
        messages += s.messages;
        dropped += s.dropped;
        unparsed += s.unparsed;
    }
    const int n = int(m_rows.size());
    QString overall;
    int level = 0;
    if (n == 0) {
        overall = QStringLiteral("No connections");
    } else if (live == n) {
        overall = n == 1 ? QStringLiteral("Live") : QStringLiteral("All %1 feeds live").arg(n);
    } else {
        overall = QStringLiteral("%1 of %2 live").arg(live).arg(n);
        if (failing)
            overall += QStringLiteral(", %1 failed").arg(failing);
        level = failing ? 2 : 1;
        if (live == 0 && failing == 0 && waiting == n)
            overall = QStringLiteral("Connecting…");
    }
    if (live == m_live && rate == m_rate && messages == m_messages && dropped == m_dropped
        && unparsed == m_unparsed && overall == m_overall && level == m_level)
        return;
    m_live = live;
    m_rate = rate;
    m_messages = messages;
    m_dropped = dropped;
    m_unparsed = unparsed;
    m_overall = overall;
    m_level = level;
    Q_EMIT totalsChanged();
}

int ConnectionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConnectionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const FeedConnection *c = r.connection;
    const FeedStats s = c ? c->stats() : FeedStats{};
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return c ? c->name() : r.spec.name;
    case UrlRole: {
        // Shown on the card: credentials in the URL (user:password@, token/key parameters)
        // never reach the screen, as they never reach the workspace file.
        QStringList removed;
        return SecretPolicy::redactUrl(c ? c->url() : r.spec.url, &removed);
    }
    case StateRole: return feedStateName(s.state);
    case StateTextRole: return stateText(c, retryInMs(r));
    case LiveRole: return s.state == FeedState::Live;
    case RttMsRole: return s.rttMs;
    case MessagesPerSecRole: return s.messagesPerSec;
    case MessagesRole: return s.messages;
    case BytesPerSecRole: return s.bytesPerSec;
    case UnparsedRole: return s.unparsed;
    case DroppedRole: return s.dropped;
    case LastErrorRole: return s.lastError;
    case NextRetryMsRole: return s.nextRetryMs;
    case RetryInMsRole: return retryInMs(r);
    case ConnectionRole: return QVariant::fromValue<QObject *>(r.connection.data());
    case DemoRole: return r.spec.demo;
    case MissingSecretsRole: return r.spec.missingSecrets;
    case SavedMessagesRole: return r.spec.savedMessages;
    case ProfileNameRole: return r.profileName;
    case SharedTopicRole: return r.sharedTopic;
    default: return {};
    }
}

QHash<int, QByteArray> ConnectionListModel::roleNames() const
{
    return {
        {NameRole, "name"}, {UrlRole, "url"}, {StateRole, "state"}, {StateTextRole, "stateText"},
        {LiveRole, "live"}, {RttMsRole, "rttMs"}, {MessagesPerSecRole, "messagesPerSec"},
        {MessagesRole, "messages"}, {BytesPerSecRole, "bytesPerSec"}, {UnparsedRole, "unparsed"},
        {DroppedRole, "dropped"}, {LastErrorRole, "lastError"}, {NextRetryMsRole, "nextRetryMs"},
        {RetryInMsRole, "retryInMs"}, {ConnectionRole, "connection"}, {DemoRole, "demo"},
        {MissingSecretsRole, "missingSecrets"}, {SavedMessagesRole, "savedMessages"},
        {ProfileNameRole, "profileName"},
        {SharedTopicRole, "sharedTopic"},
    };
}
