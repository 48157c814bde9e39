#include "historystore.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

HistoryStore::HistoryStore()
    : m_connection(QStringLiteral("hub-history-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

HistoryStore::~HistoryStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool HistoryStore::open(const QString &dataDir, int roomBound, QString *error)
{
    auto fail = [&](const QString &what) {
        if (error)
            *error = what;
        return false;
    };
    m_bound = qMax(1, roomBound);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    if (dataDir.isEmpty()) {
        m_path = QStringLiteral(":memory:");
    } else {
        if (!QDir().mkpath(dataDir))
            return fail(QObject::tr("Cannot create the data directory %1: check permissions or "
                                    "choose another --data-dir.").arg(dataDir));
        m_path = QDir(dataDir).filePath(QStringLiteral("hub-history.sqlite"));
    }
    db.setDatabaseName(m_path);
    if (!db.open())
        return fail(QObject::tr("Cannot open the hub history %1: %2").arg(m_path, db.lastError().text()));
    QSqlQuery q(db);
    const char *setup[] = {
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA busy_timeout=2000",
        "CREATE TABLE IF NOT EXISTS messages (room TEXT NOT NULL, seq INTEGER NOT NULL, "
        "ts INTEGER NOT NULL, sender TEXT NOT NULL, cid TEXT, text TEXT NOT NULL, "
        "PRIMARY KEY (room, seq)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS messages_cid ON messages (room, sender, cid) WHERE cid IS NOT NULL",
        "CREATE TABLE IF NOT EXISTS rooms (room TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS bridge (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "stream TEXT NOT NULL, position INTEGER NOT NULL)",
    };
    for (const char *sql : setup) {
        if (!q.exec(QString::fromLatin1(sql)))
            return fail(QObject::tr("Cannot prepare the hub history %1: %2")
                            .arg(m_path, q.lastError().text()));
    }
    // Files from before message kinds: add the column (NULL = a person's text).
    bool hasKind = false;
    if (q.exec(QStringLiteral("PRAGMA table_info(messages)")))
        while (q.next())
            hasKind = hasKind || q.value(1).toString() == QLatin1String("kind");
    if (!hasKind && !q.exec(QStringLiteral("ALTER TABLE messages ADD COLUMN kind TEXT")))
        return fail(QObject::tr("Cannot prepare the hub history %1: %2").arg(m_path, q.lastError().text()));
    // rooms.last_seq survives trimming, so sequence numbers never go back.
    if (!q.exec(QStringLiteral("SELECT room, last_seq FROM rooms")))
        return fail(q.lastError().text());
    while (q.next())
        m_lastSeq.insert(q.value(0).toString(), q.value(1).toLongLong());
    if (q.exec(QStringLiteral("SELECT stream, position FROM bridge WHERE id = 1")) && q.next()) {
        m_bridgeStream = q.value(0).toString();
        m_bridgePosition = q.value(1).toULongLong();
    }
    m_open = true;
    return true;
}

namespace {
bool writePosition(QSqlQuery &q, const QString &stream, quint64 position)
{
    q.prepare(QStringLiteral("INSERT INTO bridge (id, stream, position) VALUES (1, ?, ?) "
                             "ON CONFLICT(id) DO UPDATE SET stream = excluded.stream, position = excluded.position"));
    q.addBindValue(stream);
    q.addBindValue(qint64(position));
    return q.exec();
}
} // namespace

bool HistoryStore::setBridgeStream(const QString &stream, QString *error)
{
    if (stream == m_bridgeStream)
        return true;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!writePosition(q, stream, 0)) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    m_bridgeStream = stream;
    m_bridgePosition = 0;
    return true;
}

bool HistoryStore::setBridgePosition(quint64 streamSeq, QString *error)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!writePosition(q, m_bridgeStream, streamSeq)) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    m_bridgePosition = streamSeq;
    return true;
}

bool HistoryStore::append(HistoryMessage &m, QString *error, quint64 streamSeq)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const qint64 seq = lastSeq(m.room) + 1;
    auto fail = [&](const QSqlQuery &q) {
        if (error)
            *error = q.lastError().text();
        db.rollback();
        return false;
    };
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO messages (room, seq, ts, sender, cid, text, kind) VALUES (?,?,?,?,?,?,?)"));
    q.addBindValue(m.room);
    q.addBindValue(seq);
    q.addBindValue(m.ts);
    q.addBindValue(m.from);
    q.addBindValue(m.clientId.isEmpty() ? QVariant() : QVariant(m.clientId));
    q.addBindValue(m.text);
    q.addBindValue(m.kind.isEmpty() ? QVariant() : QVariant(m.kind));
    if (!q.exec())
        return fail(q);
    q.prepare(QStringLiteral("INSERT INTO rooms (room, last_seq) VALUES (?, ?) "
                             "ON CONFLICT(room) DO UPDATE SET last_seq = excluded.last_seq"));
    q.addBindValue(m.room);
    q.addBindValue(seq);
    if (!q.exec())
        return fail(q);
    if (seq > m_bound) {
        q.prepare(QStringLiteral("DELETE FROM messages WHERE room = ? AND seq <= ?"));
        q.addBindValue(m.room);
        q.addBindValue(seq - m_bound);
        if (!q.exec())
            return fail(q);
    }
    if (streamSeq > 0 && !writePosition(q, m_bridgeStream, streamSeq))
        return fail(q);
    if (!db.commit()) {
        if (error)
            *error = db.lastError().text();
        db.rollback();
        return false;
    }
    m.seq = seq;
    m_lastSeq.insert(m.room, seq);
    if (streamSeq > 0)
        m_bridgePosition = streamSeq;
    return true;
}

QList<HistoryMessage> HistoryStore::after(const QString &room, qint64 afterSeq, int limit) const
{
    QList<HistoryMessage> out;
    if (limit <= 0)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT seq, ts, sender, text, cid, kind FROM messages WHERE room = ? AND seq > ? "
                             "ORDER BY seq DESC LIMIT ?"));
    q.addBindValue(room);
    q.addBindValue(afterSeq);
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next()) {
        out.prepend({room, q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(),
                     q.value(3).toString(), q.value(4).toString(), q.value(5).toString()});
    }
    return out;
}

qint64 HistoryStore::countInRoom(const QString &room) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM messages WHERE room = ?"));
    q.addBindValue(room);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}

std::optional<qint64> HistoryStore::findClientId(const QString &room, const QString &from,
                                                 const QString &clientId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT seq FROM messages WHERE room = ? AND sender = ? AND cid = ? LIMIT 1"));
    q.addBindValue(room);
    q.addBindValue(from);
    q.addBindValue(clientId);
    if (q.exec() && q.next())
        return q.value(0).toLongLong();
    return std::nullopt;
}
