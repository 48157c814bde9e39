// AuthGuard: remembers failed logins per IP address so a password cannot be guessed at
// network speed: after maxFailures within windowMs, that address is locked until its
// oldest failure leaves the window. Bounded: at most maxAddresses entries (the address
// with the oldest last failure is forgotten first). Used by HubDispatcher.
#pragma once
#include <QHash>
#include <QList>
#include <QString>

class AuthGuard
{
public:
    AuthGuard(int maxFailures = 5, int windowMs = 60'000, int maxAddresses = 4'096);
    void configure(int maxFailures, int windowMs);

    void recordFailure(const QString &address, qint64 nowMs);
    qint64 lockedForMs(const QString &address, qint64 nowMs);   // 0 = may try
    int trackedAddresses() const { return int(m_failures.size()); }

private:
    void prune(QList<qint64> &times, qint64 nowMs) const;

    int m_maxFailures;
    int m_windowMs;
    int m_maxAddresses;
    QHash<QString, QList<qint64>> m_failures;   // address -> failure times (<= maxFailures)
};
