// KnownHosts: trust-on-first-use pinning of hub certificates, like SSH known_hosts.
// Stores "host:port" -> SHA-256 fingerprint (hex) in a JSON file and answers whether a
// presented certificate is Unknown (first visit), Trusted (same as pinned) or Changed
// (different: refuse, warn loudly). ChatClient and the feed client use it when joining a
// wss:// hub. Bounded: at most 1,000 entries (the least recently pinned goes first).
#pragma once
#include <QDateTime>
#include <QHash>
#include <QString>

class QSslCertificate;

class KnownHosts
{
public:
    enum class Verdict { Unknown, Trusted, Changed };
    static constexpr int MaxEntries = 1'000;

    explicit KnownHosts(QString filePath, int maxEntries = MaxEntries);
    bool load(QString *error = nullptr);     // a missing file is an empty store, not an error
    bool save(QString *error = nullptr) const;

    static QString key(const QString &host, quint16 port);   // "host:port", [v6]:port
    Verdict check(const QString &host, quint16 port, const QString &fingerprintHex) const;
    Verdict check(const QString &host, quint16 port, const QSslCertificate &cert) const;
    QString pinned(const QString &host, quint16 port) const;
    // Pin (or re-pin after the user accepted a change) and save. false + *error on I/O failure.
    bool trust(const QString &host, quint16 port, const QString &fingerprintHex, QString *error = nullptr);
    bool forget(const QString &host, quint16 port, QString *error = nullptr);
    int count() const { return int(m_entries.size()); }
    QString filePath() const { return m_path; }

    // The warning text for a Changed verdict (what happened, what to do).
    static QString changedWarning(const QString &host, quint16 port, const QString &pinnedHex,
                                  const QString &presentedHex);

private:
    struct Entry { QString fingerprint; QDateTime pinnedAt; };
    QString m_path;
    int m_maxEntries;
    QHash<QString, Entry> m_entries;
};
