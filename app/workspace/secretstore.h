// SecretStore: the system keychain for the secrets of saved connections, through
// QtKeychain (Windows Credential Manager, macOS Keychain, Secret Service or KWallet over
// D-Bus on Linux). Service "Pulseboard", one entry per connection, key
// "connection/<ConnectionSpec::id>", value a SecretEntry (small JSON, at most 64 KiB).
// Every operation is an asynchronous QtKeychain job with a watchdog (timeoutMs): the
// first failure other than "no such entry" (no Secret Service on D-Bus, locked and
// refused, no answer) makes the keychain unavailable for the rest of the session and
// notice() says why; secrets are then kept in memory only. Never a clear-text fallback.
// Built without QtKeychain (PULSEBOARD_KEYCHAIN off or not found), under QStandardPaths
// test mode (unless PULSEBOARD_TEST_KEYCHAIN=1) or with PULSEBOARD_NO_KEYCHAIN set it is
// unavailable from the start. Owned by the Workspace.
#pragma once
#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

class SecretStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 60'000;   // long enough for an unlock prompt

    explicit SecretStore(QObject *parent = nullptr);

    bool isAvailable() const { return m_unavailable.isEmpty(); }
    QString unavailableReason() const { return m_unavailable; }
    QString notice() const;            // one sentence for the connection editor
    static QString service();
    static QString keyFor(const QString &id);
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int pendingJobs() const { return int(m_jobs.size()); }

    // Learns whether a keychain answers (reads a key that is never written). Called when
    // the editor opens, not at start-up: a closed KWallet would prompt on every start.
    void probe();
    // Reads a connection's entry: fetched() follows, also when unavailable or not found.
    void fetch(const QString &id);
    bool isFetching(const QString &id) const { return m_fetching.contains(id); }
    void cancelFetch(const QString &id) { m_fetching.remove(id); }
    // Writes the connection's secrets when they differ from what the keychain holds
    // (deletes the entry when values is empty). Nothing while a fetch is pending.
    void keep(const QString &id, const QJsonObject &values);
    // The connection was deleted: its entry goes too.
    void forget(const QString &id);
    // At exit: lets outstanding jobs finish (a local event loop, at most ms).
    void waitForJobs(int ms);

Q_SIGNALS:
    // values: decoded entry ({} when none); problem: why an entry was not (fully) used.
    void fetched(const QString &id, const QJsonObject &values, const QString &problem);
    void availabilityChanged();
    void problem(const QString &text);
    void jobsDone();

private:
    enum class Op { Probe, Read, Write, Delete };
    struct Job { Op op; QString id; };
    void start(Op op, const QString &id, const QByteArray &data = {});
    void finish(quint64 ticket, bool ok, bool notFound, const QString &error, const QByteArray &data);
    void deliver(const QString &id, const QByteArray &data);
    void setUnavailable(const QString &reason);

    QHash<quint64, Job> m_jobs;          // bound: one per connection and operation in flight
    quint64 m_nextTicket = 1;
    QSet<QString> m_fetching;
    QHash<QString, QByteArray> m_known;  // id -> what the keychain holds, as far as we know
    QString m_unavailable;
    int m_timeoutMs = DefaultTimeoutMs;
};
