// MessageLogModel: the inspector's view of one MessageLog. A QTimer (refreshIntervalMs,
// default 100 ms, never below 16 ms) polls log->lastSeq() and copies new entries with
// one beginRemoveRows (entries that left the bound) and one beginInsertRows per tick.
// The model holds at most the log's maxEntries entries (the log's bound); texts are
// implicitly shared with the log.
//  - paused: the rows stop changing while the log keeps capturing; pendingCount counts
//    the entries appended since the pause (it keeps counting past the log's bound).
//    Unpausing catches up at once with whatever the log still holds.
//  - filterText: case-insensitive substring match on the text, or, with filterRegex,
//    a case-insensitive QRegularExpression matched against the first RegexScanChars
//    characters of each text (bounds the cost of a pathological pattern). An invalid
//    pattern sets filterError to a readable message and shows every entry.
// The log is held in a QPointer: a deleted log empties the model on the next tick.
#pragma once
#include "messagelog.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <deque>

class MessageLogModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(MessageLog *log READ log WRITE setLog NOTIFY logChanged)
    Q_PROPERTY(bool paused READ isPaused WRITE setPaused NOTIFY pausedChanged)
    Q_PROPERTY(qint64 pendingCount READ pendingCount NOTIFY pendingCountChanged)
    Q_PROPERTY(QString filterText READ filterText WRITE setFilterText NOTIFY filterChanged)
    Q_PROPERTY(bool filterRegex READ filterRegex WRITE setFilterRegex NOTIFY filterChanged)
    Q_PROPERTY(QString filterError READ filterError NOTIFY filterErrorChanged)
    Q_PROPERTY(int refreshIntervalMs READ refreshIntervalMs WRITE setRefreshIntervalMs
                   NOTIFY refreshIntervalMsChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role { TimeRole = Qt::UserRole, DirectionRole, KindRole, TextRole, PreviewRole,
                TruncatedRole, SeqRole };
    Q_ENUM(Role)
    static constexpr int MinRefreshIntervalMs = 16;
    static constexpr int PreviewChars = 200;
    static constexpr qsizetype RegexScanChars = 8192;

    explicit MessageLogModel(QObject *parent = nullptr);

    MessageLog *log() const { return m_log; }
    void setLog(MessageLog *log);
    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    qint64 pendingCount() const { return m_pending; }
    QString filterText() const { return m_filterText; }
    void setFilterText(const QString &text);
    bool filterRegex() const { return m_filterRegex; }
    void setFilterRegex(bool regex);
    QString filterError() const { return m_filterError; }
    int refreshIntervalMs() const { return m_timer.interval(); }
    void setRefreshIntervalMs(int ms);
    int count() const { return int(m_rows.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE void refresh();   // the timer calls this; cheap when nothing is new
    Q_INVOKABLE void clear();     // empties the model and the log

    static QString preview(const QString &text);

Q_SIGNALS:
    void logChanged();
    void pausedChanged();
    void pendingCountChanged();
    void filterChanged();
    void filterErrorChanged();
    void refreshIntervalMsChanged();
    void countChanged();

private:
    bool matches(const MessageLog::Entry &e) const;
    void applyFilter();          // recompiles the matcher and rebuilds the rows (reset)
    void setPending(qint64 pending);
    void setFilterError(const QString &error);
    void resetAll();

    QPointer<MessageLog> m_log;
    std::deque<MessageLog::Entry> m_all;   // everything fetched, bounded by the log's bound
    QList<MessageLog::Entry> m_rows;       // the filtered view
    quint64 m_lastSeq = 0;
    QTimer m_timer;
    bool m_paused = false;
    qint64 m_pending = 0;
    QString m_filterText;
    bool m_filterRegex = false;
    QString m_filterError;
    QRegularExpression m_regex;   // valid only when m_useRegex
    bool m_useRegex = false;
};
