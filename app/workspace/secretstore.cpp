#include "secretstore.h"

#include "secretentry.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTimer>

#ifdef PULSEBOARD_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{
#ifndef PULSEBOARD_HAVE_KEYCHAIN
    m_unavailable = QStringLiteral("this Pulseboard was built without QtKeychain");
#else
    if (qEnvironmentVariableIsSet("PULSEBOARD_NO_KEYCHAIN"))
        m_unavailable = QStringLiteral("turned off by PULSEBOARD_NO_KEYCHAIN");
    else if (QStandardPaths::isTestModeEnabled() && qEnvironmentVariableIntValue("PULSEBOARD_TEST_KEYCHAIN") != 1)
        m_unavailable = QStringLiteral("tests use no keychain unless PULSEBOARD_TEST_KEYCHAIN=1");
#endif
}

QString SecretStore::service()
{
    return QStringLiteral("Pulseboard");
}

QString SecretStore::keyFor(const QString &id)
{
    return QStringLiteral("connection/") + id;
}

QString SecretStore::notice() const
{
    const QString what = QStringLiteral("Credentials (Authorization and other secret-looking headers, passwords and "
                                        "tokens in URLs)");
    if (isAvailable())
        return QStringLiteral("%1 are saved in the system keychain, never in the settings file.").arg(what);
    return QStringLiteral("No system keychain is available: %1. %2 are kept in memory only and must be entered "
                          "again after a restart.").arg(m_unavailable, what);
}

void SecretStore::setUnavailable(const QString &reason)
{
    if (!isAvailable())
        return;
    m_unavailable = reason.trimmed().isEmpty() ? QStringLiteral("unknown keychain error") : reason.trimmed();
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    // libsecret's words ("Could not connect", "dbus-launch") do not say what is missing.
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        m_unavailable.prepend(QStringLiteral("there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set); "));
    else if (m_unavailable.startsWith(QLatin1String("Could not connect")))
        m_unavailable.prepend(QStringLiteral("the D-Bus session bus cannot be reached; "));
#endif
    if (m_unavailable.endsWith(QLatin1Char('.')))
        m_unavailable.chop(1);
    Q_EMIT availabilityChanged();
}

void SecretStore::probe()
{
    if (isAvailable())
        start(Op::Probe, QStringLiteral("probe"));
}

void SecretStore::fetch(const QString &id)
{
    m_fetching.insert(id);
    if (isAvailable()) {
        start(Op::Read, id);
        return;
    }
    // Same shape as a keychain answer: always later, never from inside the call.
    QTimer::singleShot(0, this, [this, id] { deliver(id, QByteArray()); });
}

void SecretStore::keep(const QString &id, const QJsonObject &values)
{
    if (!isAvailable() || m_fetching.contains(id))
        return;
    const QByteArray data = values.isEmpty() ? QByteArray() : SecretEntry::encode(values);
    if (data == m_known.value(id))
        return;   // also: nothing known and nothing to keep
    if (data.size() > SecretEntry::MaxBytes) {
        Q_EMIT problem(QStringLiteral("The credentials of a connection are larger than %1 KiB together; they are "
                                      "kept in memory only.").arg(SecretEntry::MaxBytes / 1024));
        return;
    }
    m_known.insert(id, data);   // what it will hold: a second save writes nothing
    start(data.isEmpty() ? Op::Delete : Op::Write, id, data);
}

void SecretStore::forget(const QString &id)
{
    m_fetching.remove(id);
    m_known.remove(id);
    if (isAvailable())
        start(Op::Delete, id);
}

void SecretStore::waitForJobs(int ms)
{
    if (m_jobs.isEmpty() || !QCoreApplication::instance())
        return;
    QEventLoop loop;
    connect(this, &SecretStore::jobsDone, &loop, &QEventLoop::quit);
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

void SecretStore::start(Op op, const QString &id, const QByteArray &data)
{
    const quint64 ticket = m_nextTicket++;
    m_jobs.insert(ticket, Job{op, id});
    auto *watchdog = new QTimer(this);
    watchdog->setSingleShot(true);
    connect(watchdog, &QTimer::timeout, this, [this, ticket, watchdog] {
        watchdog->deleteLater();
        finish(ticket, false, false,
               m_timeoutMs % 1000 ? QStringLiteral("the system keychain did not answer within %1 ms").arg(m_timeoutMs)
                                  : QStringLiteral("the system keychain did not answer within %1 s").arg(m_timeoutMs / 1000),
               {});
    });
    watchdog->start(m_timeoutMs);
#ifdef PULSEBOARD_HAVE_KEYCHAIN
    // No parent: QtKeychain's backends call back into the job, so it must outlive us if
    // we go first; it deletes itself when finished.
    QKeychain::Job *job = nullptr;
    if (op == Op::Write) {
        auto *write = new QKeychain::WritePasswordJob(service());
        write->setTextData(QString::fromUtf8(data));
        job = write;
    } else if (op == Op::Delete) {
        job = new QKeychain::DeletePasswordJob(service());
    } else {
        job = new QKeychain::ReadPasswordJob(service());
    }
    job->setInsecureFallback(false);
    job->setKey(keyFor(id));
    connect(job, &QKeychain::Job::finished, this, [this, ticket, watchdog](QKeychain::Job *j) {
        if (!m_jobs.contains(ticket))
            return;   // the watchdog gave up on it
        watchdog->deleteLater();
        const auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j);
        finish(ticket, j->error() == QKeychain::NoError, j->error() == QKeychain::EntryNotFound, j->errorString(),
               read ? read->binaryData().left(SecretEntry::MaxBytes + 1) : QByteArray());
    });
    job->start();
#else
    Q_UNUSED(data)
#endif
}

void SecretStore::finish(quint64 ticket, bool ok, bool notFound, const QString &error, const QByteArray &data)
{
    const Job job = m_jobs.take(ticket);
    if (!ok && !notFound) {
        const bool wasAvailable = isAvailable();
        setUnavailable(error);
        if (wasAvailable && job.op == Op::Write)
            Q_EMIT problem(QStringLiteral("Credentials could not be saved in the system keychain (%1); they are kept "
                                          "in memory only.").arg(m_unavailable));
    }
    if (job.op == Op::Read)
        deliver(job.id, ok ? data : QByteArray());
    if (m_jobs.isEmpty())
        Q_EMIT jobsDone();
}

void SecretStore::deliver(const QString &id, const QByteArray &data)
{
    if (!m_fetching.remove(id))
        return;   // cancelled: the user edited or removed the connection meanwhile
    QJsonObject values;
    QString problem;
    if (!data.isEmpty()) {
        QString error;
        QStringList ignored;
        if (!SecretEntry::decode(data, &values, &error, &ignored))
            problem = QStringLiteral("its keychain entry %1 was ignored (%2)").arg(keyFor(id), error);
        else if (!ignored.isEmpty())
            problem = QStringLiteral("unexpected fields in its keychain entry were ignored: %1").arg(ignored.join(QStringLiteral(", ")));
    }
    if (isAvailable())
        m_known.insert(id, data);
    Q_EMIT fetched(id, values, problem);
}
