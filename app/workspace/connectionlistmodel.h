// ConnectionListModel: the connections sidebar. One row per FeedConnection (owned by the
// Workspace; held here in a QPointer) with the user's ConnectionSpec. Stats arrive from
// each connection a few times per second; the model coalesces them and emits at most one
// dataChanged per refresh tick (refreshIntervalMs, default 250 ms) over the rows that
// changed, and recomputes the totals the status bar shows.
// "reconnecting in N s" needs a countdown: the model remembers when each retry is due.
// Bounds: at most MaxConnections rows (Workspace refuses more).
#pragma once
#include "connectionspec.h"
#include "feedconnection.h"

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class ConnectionListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ConnectionListModel belongs to the Workspace")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int liveCount READ liveCount NOTIFY totalsChanged)
    Q_PROPERTY(double totalMessagesPerSec READ totalMessagesPerSec NOTIFY totalsChanged)
    Q_PROPERTY(qint64 totalMessages READ totalMessages NOTIFY totalsChanged)
    Q_PROPERTY(qint64 totalDropped READ totalDropped NOTIFY totalsChanged)
    Q_PROPERTY(qint64 totalUnparsed READ totalUnparsed NOTIFY totalsChanged)
    Q_PROPERTY(QString overallState READ overallState NOTIFY totalsChanged)
    Q_PROPERTY(int overallLevel READ overallLevel NOTIFY totalsChanged)   // 0 fine, 1 degraded, 2 failing
public:
    enum Role { NameRole = Qt::UserRole, UrlRole, StateRole, StateTextRole, LiveRole, RttMsRole,
                MessagesPerSecRole, MessagesRole, BytesPerSecRole, UnparsedRole, DroppedRole,
                LastErrorRole, NextRetryMsRole, RetryInMsRole, ConnectionRole, DemoRole,
                MissingSecretsRole, SavedMessagesRole, ProfileNameRole, SharedTopicRole };
    Q_ENUM(Role)
    static constexpr int MaxConnections = 64;
    static constexpr int MinRefreshIntervalMs = 50;

    explicit ConnectionListModel(QObject *parent = nullptr);

    int count() const { return int(m_rows.size()); }
    int liveCount() const { return m_live; }
    double totalMessagesPerSec() const { return m_rate; }
    qint64 totalMessages() const { return m_messages; }
    qint64 totalDropped() const { return m_dropped; }
    qint64 totalUnparsed() const { return m_unparsed; }
    QString overallState() const { return m_overall; }
    int overallLevel() const { return m_level; }
    void setRefreshIntervalMs(int ms);

    void append(FeedConnection *connection, const ConnectionSpec &spec);
    void replace(int row, FeedConnection *connection, const ConnectionSpec &spec);
    void removeAt(int row);
    FeedConnection *connectionAt(int row) const;
    ConnectionSpec specAt(int row) const;
    void setSavedMessages(int row, const QStringList &messages);
    void setSharedTopic(int row, const QString &topic);   // "" = not shared
    QString sharedTopic(int row) const;
    int rowOf(const QString &name) const;

    // "connecting", "live", "reconnecting in 3 s", "failed: <reason>", ...
    static QString stateText(const FeedConnection *c, qint64 retryInMs);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE void refresh();   // the timer calls this

Q_SIGNALS:
    void countChanged();
    void totalsChanged();

private:
    struct Row
    {
        QPointer<FeedConnection> connection;
        ConnectionSpec spec;
        QString profileName;
        QString sharedTopic;       // hub topic it is shared on (Workspace::shareConnection)
        bool dirty = true;
        qint64 retryDueMs = -1;    // m_clock time the next attempt is due; -1 = none
        int seenRetryDelay = -1;
        int seenReconnects = -1;
    };
    void watch(int row);
    qint64 retryInMs(const Row &r) const;
    void updateTotals();

    QList<Row> m_rows;
    QTimer m_timer;
    QElapsedTimer m_clock;
    int m_live = 0;
    double m_rate = 0;
    qint64 m_messages = 0, m_dropped = 0, m_unparsed = 0;
    QString m_overall;
    int m_level = 0;
};
