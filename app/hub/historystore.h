// HistoryStore: the hub's room history in SQLite (QtSql) — `hub-history.sqlite` in the
// data dir (WAL journal, synchronous=NORMAL: a committed message survives a crash of
// the hub process), or an in-memory database when there is no data dir.
// It assigns the per-room sequence numbers, so they keep increasing across restarts.
// Bound: the newest `roomBound` messages per room are kept (default 10,000); older ones
// are deleted in the same transaction as the insert. Owned and used by HubRooms only.
// With a cluster bridge it also keeps the bridge's position in the cluster's room stream
// (the last stream sequence applied, written in the same transaction as the message), so
// a restarted hub resumes exactly after what it stored: no loss, no duplicate.
#pragma once
#include <QHash>
#include <QList>
#include <QString>
#include <optional>

struct HistoryMessage
{
    QString room;
    qint64 seq = 0;
    qint64 ts = 0;          // ms since epoch
    QString from;
    QString text;
    QString clientId;       // the sender's "id" (idempotency key), may be empty
    QString kind;           // "" = what a person wrote; "alert" = posted by an alert rule
};

class HistoryStore
{
public:
    HistoryStore();
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    // dataDir empty = in memory. false + readable *error when the file cannot be used.
    bool open(const QString &dataDir, int roomBound, QString *error);
    bool isOpen() const { return m_open; }
    QString filePath() const { return m_path; }

    qint64 lastSeq(const QString &room) const { return m_lastSeq.value(room, 0); }
    QStringList rooms() const { return m_lastSeq.keys(); }

    // Assigns m.seq (lastSeq + 1), stores, trims the room to the bound. false + *error
    // if the write failed (the message must then not be relayed). streamSeq > 0 also
    // records the bridge position, in the same transaction.
    bool append(HistoryMessage &m, QString *error, quint64 streamSeq = 0);

    // The cluster stream this history follows ("" = none yet) and the last sequence of it
    // applied. A different stream (recreated elsewhere) restarts the position at 0.
    QString bridgeStream() const { return m_bridgeStream; }
    quint64 bridgePosition() const { return m_bridgePosition; }
    bool setBridgeStream(const QString &stream, QString *error);
    bool setBridgePosition(quint64 streamSeq, QString *error);
    // The newest `limit` messages with seq > afterSeq, ascending.
    QList<HistoryMessage> after(const QString &room, qint64 afterSeq, int limit) const;
    qint64 countInRoom(const QString &room) const;
    std::optional<qint64> findClientId(const QString &room, const QString &from,
                                       const QString &clientId) const;

private:
    QString m_connection;
    QString m_path;
    bool m_open = false;
    int m_bound = 10'000;
    QHash<QString, qint64> m_lastSeq;
    QString m_bridgeStream;
    quint64 m_bridgePosition = 0;
};
