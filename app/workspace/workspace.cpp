#include "workspace.h"

#include "proxysetting.h"
#include "alertservice.h"
#include "chatclient.h"
#include "hubhost.h"
#include "demohost.h"
#include "proxysetting.h"
#include "secretstore.h"
#include "seriesorigintap.h"
#include "sharetap.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>

Workspace::Workspace(QObject *parent)
    : QObject(parent)
    , m_store(new SeriesStore(this))
    , m_connections(new ConnectionListModel(this))
    , m_dashboards(new DashboardListModel(this))
    , m_alerts(new AlertService(this))
    , m_chat(new ChatClient(this))
    , m_hubHost(new HubHost(this))
    , m_secrets(new SecretStore(this))
{
    m_share = new ShareTap(m_alerts->sampleSink());   // needs the alerts, made above
    m_tap = new SeriesOriginTap(m_share);
    connect(m_hubHost, &HubHost::hostingChanged, this, [this] {
        if (!m_hubHost->isHosting())
            stopAllShares();
    });
    wireSecrets();
    m_hubHost->setDataDir(HubHost::defaultDataDir());
    wireChatToAlerts();
    connect(m_alerts, &AlertService::rulesChanged, this, &Workspace::scheduleSave);
    connect(m_alerts, &AlertService::settingsChanged, this, &Workspace::scheduleSave);
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(SaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, [this] { save(); });
    connect(m_dashboards, &DashboardListModel::edited, this, &Workspace::scheduleSave);
    connect(m_dashboards, &DashboardListModel::currentChanged, this, &Workspace::chartsChanged);
    m_cliTimer.setInterval(250);
    connect(&m_cliTimer, &QTimer::timeout, this, &Workspace::fillCliCharts);
    m_units = {
        makeUnit(QStringLiteral("*.temperature"), QStringLiteral("°C")),
        makeUnit(QStringLiteral("*.humidity"), QStringLiteral("%")),
        makeUnit(QStringLiteral("*USD"), QStringLiteral("$")),
    };
}

Workspace::~Workspace()
{
    if (m_saveTimer.isActive())
        save();
    m_secrets->waitForJobs(5000);   // the last keychain writes, before the event loop is gone
    if (m_hubHost->isHosting())
        m_hubHost->stop(tr("The host closed Pulseboard"));
    // Connections first: their ingest threads write into the store.
    while (m_connections->count() > 0) {
        FeedConnection *c = m_connections->connectionAt(0);
        m_connections->removeAt(0);
        delete c;
    }
    delete m_demo;
    m_demo = nullptr;
    delete m_tap;   // after the connections that fed it
    stopAllShares();
    delete m_share;
}

void Workspace::wireChatToAlerts()
{
    connect(m_chat, &ChatClient::messageReceived, m_alerts, &AlertService::onChatMessage);
    // The nickname the hub accepted, else the one typed in the join dialog.
    const auto followNick = [this] {
        const QString accepted = m_chat->connection()->nick();
        m_alerts->setNickname(accepted.isEmpty() ? m_chat->nickname() : accepted);
    };
    connect(m_chat, &ChatClient::settingsChanged, this, followNick);
    connect(m_chat, &ChatClient::stateChanged, this, followNick);
    // sendToRoom refuses when not connected or not in the room; the post is then dropped,
    // as an alert about a room we are not in has nobody to tell.
    connect(m_alerts, &AlertService::postToRoomRequested, m_chat,
            [this](const QString &room, const QString &text) { m_chat->sendAlertToRoom(room, text); });
}

bool Workspace::isDemoRunning() const
{
    return m_demo && m_demo->isRunning();
}

int Workspace::demoPort() const
{
    return m_demo ? m_demo->port() : 0;
}

void Workspace::setStartDemoAtLaunch(bool on)
{
    if (on == m_startDemoAtLaunch)
        return;
    m_startDemoAtLaunch = on;
    scheduleSave();
    Q_EMIT startDemoAtLaunchChanged();
}

void Workspace::setWindowMs(qint64 ms)
{
    ms = std::clamp<qint64>(ms, 0, 24LL * 3600 * 1000);
    if (ms == m_windowMs)
        return;
    m_windowMs = ms;
    scheduleSave();
    Q_EMIT windowMsChanged();
}

void Workspace::setChartsPaused(bool paused)
{
    if (paused == m_chartsPaused)
        return;
    m_chartsPaused = paused;
    Q_EMIT chartsPausedChanged();
}

void Workspace::setLayout(const QVariantMap &layout)
{
    if (layout == m_layout)
        return;
    m_layout = layout;
    scheduleSave();
    Q_EMIT layoutChanged();
}

QString Workspace::uniqueName(const QString &wanted, int exceptRow) const
{
    QString name = wanted.trimmed().isEmpty() ? QStringLiteral("Feed") : wanted.trimmed().left(100);
    const QString base = name;
    for (int n = 2;; ++n) {
        bool taken = false;
        for (int i = 0; i < m_connections->count() && !taken; ++i) {
            const FeedConnection *c = m_connections->connectionAt(i);
            taken = i != exceptRow && c && c->name() == name;
        }
        if (!taken)
            return name;
        name = QStringLiteral("%1 (%2)").arg(base).arg(n);
    }
}

QString Workspace::validateConnection(const QVariantMap &spec) const
{
    QString error;
    ConnectionSpec::fromVariant(spec).toProfile(nullptr, &error);
    return error;
}

QString Workspace::addSpec(ConnectionSpec spec, bool startNow)
{
    if (m_connections->count() >= ConnectionListModel::MaxConnections)
        return QStringLiteral("At most %1 connections can be open at once; remove one first.")
            .arg(ConnectionListModel::MaxConnections);
    FeedProfile profile;
    QString error;
    if (!spec.toProfile(&profile, &error))
        return error;
    if (!spec.transient)
        spec.ensureId();
    auto *connection = new FeedConnection(uniqueName(profile.name), profile, m_store, m_share, this);
    m_connections->append(connection, spec);
    if (startNow)
        connection->start();
    if (!spec.transient)
        scheduleSave();
    return QString();
}

QString Workspace::addConnection(const QVariantMap &spec)
{
    return addSpec(ConnectionSpec::fromVariant(spec));
}

QString Workspace::addProfile(const FeedProfile &profile)
{
    if (m_connections->count() >= ConnectionListModel::MaxConnections)
        return QStringLiteral("At most %1 connections can be open at once.").arg(ConnectionListModel::MaxConnections);
    ConnectionSpec spec;
    spec.name = profile.name;
    spec.url = profile.endpoint.url.toString();
    spec.transient = true;
    // --proxy: kept for the editor, so an edit does not drop it.
    const QUrl &proxy = profile.endpoint.proxy;
    spec.proxyMode = ProxySetting::modeName(!proxy.isEmpty() ? ProxySetting::Mode::Manual
                                            : profile.endpoint.useSystemProxy ? ProxySetting::Mode::System
                                                                              : ProxySetting::Mode::None);
    spec.proxyUrl = proxy.toString(QUrl::RemoveUserInfo);
    spec.proxyUser = proxy.userName();
    spec.proxyPassword = proxy.password();
    // Through the tap, so its series get a chart of their own (workspacecli.cpp).
    auto *connection = new FeedConnection(uniqueName(profile.name.isEmpty() ? profile.endpoint.url.host()
                                                                            : profile.name),
                                          profile, m_store, m_tap, this);
    m_connections->append(connection, spec);
    connection->start();
    cliCharts();
    m_cliGroups.insert(connection->name(), {});
    m_cliTimer.start();
    return QString();
}

QString Workspace::editConnection(int row, const QVariantMap &map)
{
    if (row < 0 || row >= m_connections->count())
        return QStringLiteral("That connection no longer exists.");
    const ConnectionSpec old = m_connections->specAt(row);
    ConnectionSpec spec = ConnectionSpec::fromVariant(map);
    spec.id = old.id;
    spec.demo = old.demo;
    spec.transient = old.transient;
    if (!map.contains(QStringLiteral("savedMessages")))
        spec.savedMessages = old.savedMessages;
    FeedProfile profile;
    QString error;
    if (!spec.toProfile(&profile, &error))
        return error;
    // A new FeedConnection: the old one stops and joins its thread; history stays in the store.
    FeedConnection *previous = m_connections->connectionAt(row);
    const QString sharedTopic = m_connections->sharedTopic(row);
    stopSharing(row);   // the share follows the new connection (its name may change)
    auto *connection = new FeedConnection(uniqueName(profile.name, row), profile, m_store, m_share, this);
    m_connections->replace(row, connection, spec);
    delete previous;
    if (!sharedTopic.isEmpty())
        shareConnection(row, sharedTopic);
    connection->start();
    m_secrets->cancelFetch(spec.id);   // what the user typed wins over a late keychain answer
    if (!spec.transient)
        scheduleSave();
    return QString();
}

QString Workspace::duplicateConnection(int row)
{
    if (row < 0 || row >= m_connections->count())
        return QStringLiteral("That connection no longer exists.");
    ConnectionSpec spec = m_connections->specAt(row);
    spec.id.clear();           // a new keychain entry; the secrets typed stay in memory
    spec.demo = false;
    spec.transient = false;
    if (const FeedConnection *c = m_connections->connectionAt(row))
        spec.name = c->name();  // uniqueName() makes it "Name (2)"
    return addSpec(spec);
}

void Workspace::reconnectNow(int row)
{
    if (FeedConnection *c = m_connections->connectionAt(row))
        c->reconnectNow();
}

void Workspace::setConnectionPaused(int row, bool paused)
{
    if (FeedConnection *c = m_connections->connectionAt(row))
        paused ? c->stop() : c->start();
}

void Workspace::removeConnection(int row)
{
    FeedConnection *c = m_connections->connectionAt(row);
    if (row < 0 || row >= m_connections->count())
        return;
    const ConnectionSpec spec = m_connections->specAt(row);
    stopSharing(row);
    m_connections->removeAt(row);
    delete c;
    if (!spec.transient) {
        m_secrets->forget(spec.id);
        scheduleSave();
    }
}

QVariantMap Workspace::connectionSpec(int row) const
{
    if (row < 0 || row >= m_connections->count())
        return {};
    QVariantMap map = m_connections->specAt(row).toVariant();
    if (const FeedConnection *c = m_connections->connectionAt(row))
        map.insert(QStringLiteral("name"), c->name());
    return map;
}

QVariantMap Workspace::readProfileFile(const QUrl &fileUrl) const
{
    const QString path = fileUrl.isLocalFile() ? fileUrl.toLocalFile() : fileUrl.toString();
    QVariantMap out{{QStringLiteral("source"), QFileInfo(path).fileName()}};
    auto fail = [&](const QString &e) {
        out.insert(QStringLiteral("error"), QStringLiteral("%1: %2").arg(path, e));
        return out;
    };
    const QFileInfo info(path);
    if (!info.exists())
        return fail(QStringLiteral("no such file."));
    if (info.isDir())
        return fail(QStringLiteral("is a folder; choose a profile .json file."));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot be read (%1).").arg(file.errorString()));
    const QByteArray text = file.read(FeedProfile::kMaxFileBytes + 1);
    if (text.size() > FeedProfile::kMaxFileBytes)
        return fail(QStringLiteral("is larger than 1 MiB; profiles are small hand-written files."));
    out.insert(QStringLiteral("text"), QString::fromUtf8(text));
    return out;
}

QString Workspace::readDemoProfile(const QString &file)
{
    QFile f(QStringLiteral(":/pulseboard/profiles/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(f.readAll());
}

QString Workspace::startDemo()
{
    if (isDemoRunning())
        return QString();
    if (!m_demo)
        m_demo = new DemoHost(this);
    QString error;
    if (!m_demo->start(&error))
        return error;
    const struct { const char *topic; const char *profile; } feeds[] = {
        {"market", "demo-market.json"},
        {"sensors", "demo-sensors.json"},
    };
    for (const auto &feed : feeds) {
        ConnectionSpec spec;
        spec.url = m_demo->topicUrl(QLatin1String(feed.topic)).toString();
        spec.profileText = readDemoProfile(QLatin1String(feed.profile));
        spec.profileSource = QLatin1String(feed.profile);
        spec.demo = true;
        spec.transient = true;
        const QString e = addSpec(spec);
        if (!e.isEmpty())
            error = e;
    }
    Q_EMIT demoChanged();
    return error;
}

void Workspace::stopDemo()
{
    for (int i = m_connections->count() - 1; i >= 0; --i)
        if (m_connections->specAt(i).demo)
            removeConnection(i);
    if (m_demo)
        m_demo->stop();
    Q_EMIT demoChanged();
}

QString Workspace::checkJson(const QString &text) const
{
    QJsonParseError error;
    const QByteArray utf8 = text.toUtf8();
    QJsonDocument::fromJson(utf8, &error);
    if (error.error == QJsonParseError::NoError)
        return QString();
    // Line and column of the offset, for people.
    int line = 1, column = 1;
    for (int i = 0; i < error.offset && i < utf8.size(); ++i) {
        if (utf8.at(i) == '\n') {
            ++line;
            column = 1;
        } else if ((utf8.at(i) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return QStringLiteral("Not valid JSON: %1 at line %2, column %3.").arg(error.errorString()).arg(line).arg(column);
}

QString Workspace::sendMessage(int row, const QString &text, bool asJson)
{
    FeedConnection *c = m_connections->connectionAt(row);
    if (!c)
        return QStringLiteral("Choose a connection to send on.");
    if (text.isEmpty())
        return QStringLiteral("The message is empty.");
    if (text.size() > MaxMessageChars)
        return QStringLiteral("The message is longer than %1 characters.").arg(MaxMessageChars);
    if (asJson) {
        const QString e = checkJson(text);
        if (!e.isEmpty())
            return e;
    }
    if (!c->isLive())
        return QStringLiteral("%1 is not connected (%2); the message was not sent.")
            .arg(c->name(), ConnectionListModel::stateText(c, -1));
    c->send(text);
    return QString();
}

void Workspace::saveMessage(int row, const QString &text)
{
    if (row < 0 || row >= m_connections->count() || text.isEmpty())
        return;
    QStringList saved = m_connections->specAt(row).savedMessages;
    saved.removeAll(text);
    saved.prepend(text.left(ConnectionSpec::MaxSavedMessageChars));
    while (saved.size() > ConnectionSpec::MaxSavedMessages)
        saved.removeLast();
    m_connections->setSavedMessages(row, saved);
    scheduleSave();
}

void Workspace::removeSavedMessage(int row, int index)
{
    QStringList saved = m_connections->specAt(row).savedMessages;
    if (index < 0 || index >= saved.size())
        return;
    saved.removeAt(index);
    m_connections->setSavedMessages(row, saved);
    scheduleSave();
}

Workspace::Unit Workspace::makeUnit(const QString &glob, const QString &unit)
{
    QStringList parts = glob.split(QLatin1Char('*'));
    for (QString &p : parts)
        p = QRegularExpression::escape(p);
    return Unit{glob, unit, QRegularExpression(QStringLiteral("^") + parts.join(QStringLiteral(".*")) + QStringLiteral("$"),
                                               QRegularExpression::DotMatchesEverythingOption)};
}

QString Workspace::unitFor(const QString &series) const
{
    for (const Unit &u : m_units)
        if (u.re.match(series).hasMatch())
            return u.unit;
    return QString();
}
