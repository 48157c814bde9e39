// Workspace, the keychain side: connection secrets read back from the SecretStore after
// a restart, and the notice the connection editor shows. (workspace.cpp keeps the rest.)
#include "workspace.h"

#include "alertservice.h"
#include "secretstore.h"
#include "sharetap.h"

QString Workspace::secretsNotice() const
{
    return m_secrets->notice();
}

bool Workspace::keychainAvailable() const
{
    return m_secrets->isAvailable();
}

void Workspace::checkKeychain()
{
    if (!m_probedKeychain && m_secrets->isAvailable())
        m_secrets->probe();
    m_probedKeychain = true;
}

void Workspace::wireSecrets()
{
    connect(m_secrets, &SecretStore::availabilityChanged, this, &Workspace::secretsNoticeChanged);
    connect(m_secrets, &SecretStore::fetched, this, &Workspace::restoreSecrets);
    connect(m_secrets, &SecretStore::problem, this, [this](const QString &text) {
        setLoadError(m_loadError.isEmpty() ? text : m_loadError + QLatin1Char('\n') + text);
    });
}

// The keychain answered for a restored connection that is waiting, not started: start it
// with the secrets put back, or without them when they are missing or unusable.
void Workspace::restoreSecrets(const QString &id, const QJsonObject &values, const QString &problem)
{
    int row = -1;
    for (int i = 0; i < m_connections->count() && row < 0; ++i)
        if (m_connections->specAt(i).id == id)
            row = i;
    if (row < 0)
        return;
    const ConnectionSpec saved = m_connections->specAt(row);
    ConnectionSpec spec = saved;
    spec.restoreSecrets(values);
    QStringList problems;
    if (!problem.isEmpty())
        problems.append(problem);
    FeedProfile profile;
    QString error;
    if (!spec.toProfile(&profile, &error)) {
        // A value the editor would refuse (the entry was changed outside Pulseboard).
        problems.append(QStringLiteral("the credentials from the keychain were not used: %1").arg(error));
        spec = saved;
        saved.toProfile(&profile, nullptr);
    }
    FeedConnection *previous = m_connections->connectionAt(row);
    auto *connection = new FeedConnection(previous ? previous->name() : uniqueName(profile.name, row), profile,
                                          m_store, m_share, this);
    m_connections->replace(row, connection, spec);
    delete previous;
    connection->start();
    if (!problems.isEmpty()) {
        const QString text = QStringLiteral("Credentials of “%1”: %2.").arg(connection->name(), problems.join(QStringLiteral("; ")));
        setLoadError(m_loadError.isEmpty() ? text : m_loadError + QLatin1Char('\n') + text);
    }
    // Opened from a file: ask for what neither the file nor the keychain had.
    if (m_askSecrets.remove(id) && !spec.missingSecrets.isEmpty())
        Q_EMIT secretsNeeded({row});
}
