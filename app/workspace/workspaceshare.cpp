// Workspace: sharing a connection with the hosted session from its card. The samples go
// through the ShareTap (every connection's first sink) to a FeedSharer that publishes them
// on a hub topic; peers chart them with resources/profiles/pulseboard-share.json and need
// none of the provider's credentials. The card shows the topic (SharedTopicRole); the
// host's people table shows who reads it.
#include "workspace.h"

#include "feedsharer.h"
#include "hubhost.h"
#include "hubnames.h"
#include "sharetap.h"

QString Workspace::shareConnection(int row, const QString &topic)
{
    const FeedConnection *c = m_connections->connectionAt(row);
    if (!c)
        return tr("That connection no longer exists.");
    if (!m_hubHost->isHosting() || !m_hubHost->server())
        return tr("Host a session first (Chat → Host a session…): a feed is shared with the people in it.");
    const QString name = topic.trimmed();
    if (!HubNames::isValidTopic(name))
        return tr("“%1” is not a topic name: use letters, digits, _ . - in segments separated by /, "
                  "at most 128 characters.").arg(name.left(200));
    for (int i = 0; i < m_connections->count(); ++i) {
        if (i != row && m_connections->sharedTopic(i) == name)
            return tr("“%1” already shares on %2: choose another topic.")
                .arg(m_connections->connectionAt(i) ? m_connections->connectionAt(i)->name() : QString(), name);
    }
    auto *sharer = new FeedSharer(m_hubHost->server(), name, c->name(), nullptr, 100, this);
    const QString connection = c->name();
    connect(sharer, &FeedSharer::publishFailed, this, [this, connection](const QString &error) {
        // One publication refused (e.g. series names so long that 400 samples pass the
        // hub's message limit): the share goes on with the next; the window says why.
        Q_EMIT shareProblem(tr("Sharing “%1”: a publication was refused: %2").arg(connection, error));
    });
    delete m_share->share(connection, sharer);
    m_connections->setSharedTopic(row, name);
    return QString();
}

void Workspace::stopSharing(int row)
{
    if (const FeedConnection *c = m_connections->connectionAt(row)) {
        FeedSharer *sharer = m_share->unshare(c->name());
        if (sharer) {
            sharer->flush();   // what was queued still reaches the readers
            sharer->deleteLater();   // may be inside its own timer's flush()
        }
    }
    m_connections->setSharedTopic(row, QString());
}

void Workspace::stopAllShares()
{
    for (int row = 0; row < m_connections->count(); ++row)
        if (!m_connections->sharedTopic(row).isEmpty())
            stopSharing(row);
}

QString Workspace::suggestedTopic(int row) const
{
    const FeedConnection *c = m_connections->connectionAt(row);
    QString topic;
    for (QChar ch : (c ? c->name() : QString()).toLower()) {
        const bool ok = (ch >= u'a' && ch <= u'z') || (ch >= u'0' && ch <= u'9') || ch == u'_' || ch == u'.' || ch == u'-';
        if (ok)
            topic.append(ch);
        else if (!topic.isEmpty() && !topic.endsWith(u'-'))
            topic.append(u'-');
    }
    while (topic.endsWith(u'-') || topic.endsWith(u'.'))
        topic.chop(1);
    topic = QStringLiteral("feeds/") + (topic.isEmpty() ? QStringLiteral("feed") : topic.left(100));
    return HubNames::isValidTopic(topic) ? topic : QStringLiteral("feeds/feed");
}

FeedSharer *Workspace::sharerOf(int row) const
{
    const FeedConnection *c = m_connections->connectionAt(row);
    return c ? m_share->sharerOf(c->name()) : nullptr;
}
