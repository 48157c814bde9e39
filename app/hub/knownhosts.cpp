#include "knownhosts.h"
#include "tlsidentity.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSslCertificate>

namespace {
bool isHexSha256(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{64}$"));
    return re.match(s).hasMatch();
}
} // namespace

KnownHosts::KnownHosts(QString filePath, int maxEntries)
    : m_path(std::move(filePath)), m_maxEntries(qMax(1, maxEntries))
{
}

QString KnownHosts::key(const QString &host, quint16 port)
{
    const QString h = host.toLower();
    return (h.contains(u':') && !h.startsWith(u'[') ? u'[' + h + u']' : h) + u':' + QString::number(port);
}

bool KnownHosts::load(QString *error)
{
    m_entries.clear();
    QFile f(m_path);
    if (!f.exists())
        return true;
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QObject::tr("Cannot read known hosts %1: %2").arg(m_path, f.errorString());
        return false;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.read(4 * 1024 * 1024), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = QObject::tr("Known hosts file %1 is damaged (%2); pins were not loaded.")
                         .arg(m_path, pe.errorString());
        return false;
    }
    const QJsonObject hosts = doc.object().value(QLatin1String("hosts")).toObject();
    for (auto it = hosts.begin(); it != hosts.end() && m_entries.size() < m_maxEntries; ++it) {
        const QJsonObject e = it.value().toObject();
        const QString fp = e.value(QLatin1String("sha256")).toString();
        if (isHexSha256(fp) && it.key().size() <= 300)
            m_entries.insert(it.key(), {fp, QDateTime::fromString(e.value(QLatin1String("pinnedAt")).toString(), Qt::ISODate)});
    }
    return true;
}

bool KnownHosts::save(QString *error) const
{
    QJsonObject hosts;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        hosts.insert(it.key(), QJsonObject{{QLatin1String("sha256"), it->fingerprint},
                                           {QLatin1String("pinnedAt"), it->pinnedAt.toString(Qt::ISODate)}});
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile f(m_path);
    const QByteArray data = QJsonDocument(QJsonObject{{QLatin1String("version"), 1},
                                                      {QLatin1String("hosts"), hosts}}).toJson();
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        if (error)
            *error = QObject::tr("Cannot save known hosts %1: %2").arg(m_path, f.errorString());
        return false;
    }
    return true;
}

KnownHosts::Verdict KnownHosts::check(const QString &host, quint16 port, const QString &fingerprintHex) const
{
    const auto it = m_entries.find(key(host, port));
    if (it == m_entries.end())
        return Verdict::Unknown;
    return it->fingerprint == fingerprintHex.toLower() ? Verdict::Trusted : Verdict::Changed;
}

KnownHosts::Verdict KnownHosts::check(const QString &host, quint16 port, const QSslCertificate &cert) const
{
    return check(host, port, TlsIdentity::fingerprintOf(cert));
}

QString KnownHosts::pinned(const QString &host, quint16 port) const
{
    return m_entries.value(key(host, port)).fingerprint;
}

bool KnownHosts::trust(const QString &host, quint16 port, const QString &fingerprintHex, QString *error)
{
    const QString fp = fingerprintHex.toLower();
    if (!isHexSha256(fp)) {
        if (error)
            *error = QObject::tr("\"%1\" is not a SHA-256 fingerprint (64 hex digits).").arg(fingerprintHex.left(80));
        return false;
    }
    const QString k = key(host, port);
    if (!m_entries.contains(k) && m_entries.size() >= m_maxEntries) {
        auto oldest = m_entries.begin();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it->pinnedAt < oldest->pinnedAt)
                oldest = it;
        }
        m_entries.erase(oldest);
    }
    m_entries.insert(k, {fp, QDateTime::currentDateTimeUtc()});
    return save(error);
}

bool KnownHosts::forget(const QString &host, quint16 port, QString *error)
{
    m_entries.remove(key(host, port));
    return save(error);
}

QString KnownHosts::changedWarning(const QString &host, quint16 port, const QString &pinnedHex,
                                   const QString &presentedHex)
{
    return QObject::tr("WARNING: the certificate of %1 has CHANGED. Pinned %2, presented %3. "
                       "Someone may be intercepting the connection, or the host generated a new "
                       "certificate. The connection was refused; if the host confirms the new "
                       "fingerprint, forget the old pin and join again.")
        .arg(key(host, port), TlsIdentity::displayFingerprint(pinnedHex),
             TlsIdentity::displayFingerprint(presentedHex));
}
