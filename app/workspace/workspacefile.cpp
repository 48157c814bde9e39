// Workspace's file: workspace.json in the app config dir (connections without their
// secrets, dashboards and their charts, layout, alert rules, saved messages, recent
// files), saved 500 ms after the last change with QSaveFile, restored at start: a file
// that cannot be used (unreadable, over 4 MiB, not JSON, wrong types) is moved aside and
// reported; a bad entry is skipped and reported through loadError while the rest still
// loads. Version 1 files (one "charts" list) load as one dashboard "Main".
// Workspace files the user opens or saves as have the same format; opening checks the
// whole file before anything changes, so a bad file leaves the current workspace as it
// was. Split from workspace.cpp to keep each file to one concern; the keychain side is
// workspacesecrets.cpp.
#include "workspace.h"

#include "alertservice.h"
#include "chatclient.h"
#include "hubhost.h"
#include "demohost.h"
#include "secretstore.h"
#include "seriespalette.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

QString Workspace::configFile() const
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("workspace.json"));
}

void Workspace::scheduleSave()
{
    if (!m_restoring)
        m_saveTimer.start();
}

void Workspace::setLoadError(const QString &error)
{
    if (error == m_loadError)
        return;
    m_loadError = error;
    Q_EMIT loadErrorChanged();
}

QJsonObject Workspace::toJsonObject() const
{
    QJsonArray connections;
    for (int i = 0; i < m_connections->count(); ++i) {
        const ConnectionSpec spec = m_connections->specAt(i);
        if (!spec.transient)
            connections.append(spec.toJson());   // SecretPolicy: no secret values
    }
    QJsonObject units;
    for (const auto &u : std::as_const(m_units))
        units.insert(u.glob, u.unit);
    return QJsonObject{
        {QStringLiteral("version"), FileVersion},
        {QStringLiteral("connections"), connections},
        {QStringLiteral("dashboards"), m_dashboards->toJson()},
        {QStringLiteral("currentDashboard"), m_dashboards->savedCurrentIndex()},
        {QStringLiteral("windowMs"), double(m_windowMs)},
        {QStringLiteral("startDemoAtLaunch"), m_startDemoAtLaunch},
        {QStringLiteral("layout"), QJsonObject::fromVariantMap(m_layout)},
        {QStringLiteral("seriesColours"), QJsonObject::fromVariantMap(m_seriesColours)},
        {QStringLiteral("units"), units},
        {QStringLiteral("alerts"), m_alerts->rulesObject()},
        {QStringLiteral("notifications"), QJsonObject::fromVariantMap(m_alerts->settings())},
    };
}

static QString writeJson(const QString &path, const QJsonObject &root)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return QStringLiteral("Cannot create the folder %1.").arg(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot save the workspace to %1: %2.").arg(path, file.errorString());
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return QStringLiteral("Cannot save the workspace to %1: %2.").arg(path, file.errorString());
    return QString();
}

QString Workspace::save()
{
    m_saveTimer.stop();
    for (int i = 0; i < m_connections->count(); ++i) {
        const ConnectionSpec spec = m_connections->specAt(i);
        if (!spec.transient)
            m_secrets->keep(spec.id, spec.secretValues());   // no-op while being fetched or unavailable
    }
    QJsonObject root = toJsonObject();
    root.insert(QStringLiteral("recentFiles"), QJsonArray::fromStringList(m_recentFiles));
    return writeJson(configFile(), root);
}

QString Workspace::readJsonFile(const QString &path, QJsonObject *root)
{
    const QFileInfo info(path);
    if (!info.exists())
        return QStringLiteral("no such file");
    if (info.isDir())
        return QStringLiteral("it is a folder, not a workspace file");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return file.errorString();
    const QByteArray text = file.read(MaxConfigBytes + 1);
    if (text.size() > MaxConfigBytes)
        return QStringLiteral("larger than 4 MiB");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("not JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset);
    if (!doc.isObject())
        return QStringLiteral("not a JSON object");
    *root = doc.object();
    return QString();
}

// The shape of the whole file, before anything is applied: wrong types and a newer
// version are refused as a whole (a half-applied workspace is worse than none).
QString Workspace::checkRoot(const QJsonObject &root)
{
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isUndefined() && (!version.isDouble() || version.toDouble() < 1))
        return QStringLiteral("\"version\" is not a version number");
    if (version.toDouble() > FileVersion)
        return QStringLiteral("written by a newer Pulseboard (file version %1; this one reads up to %2)")
            .arg(version.toDouble()).arg(FileVersion);
    const struct { const char *key; QJsonValue::Type type; } shape[] = {
        {"connections", QJsonValue::Array}, {"dashboards", QJsonValue::Array}, {"charts", QJsonValue::Array},
        {"currentDashboard", QJsonValue::Double}, {"windowMs", QJsonValue::Double},
        {"startDemoAtLaunch", QJsonValue::Bool}, {"layout", QJsonValue::Object}, {"units", QJsonValue::Object},
        {"alerts", QJsonValue::Object}, {"notifications", QJsonValue::Object}, {"recentFiles", QJsonValue::Array},
        {"seriesColours", QJsonValue::Object},
    };
    for (const auto &field : shape) {
        const QJsonValue v = root.value(QLatin1String(field.key));
        if (!v.isUndefined() && v.type() != field.type)
            return QStringLiteral("\"%1\" has the wrong type").arg(QLatin1String(field.key));
    }
    const qsizetype connections = root.value(QLatin1String("connections")).toArray().size();
    if (connections > ConnectionListModel::MaxConnections)
        return QStringLiteral("it lists %1 connections; at most %2 can be open").arg(connections)
            .arg(ConnectionListModel::MaxConnections);
    return QString();
}

QStringList Workspace::apply(const QJsonObject &root)
{
    QStringList problems;
    for (const QJsonValue &v : root.value(QLatin1String("connections")).toArray()) {
        if (!v.isObject()) {
            problems.append(QStringLiteral("A connection entry is not an object; it was skipped."));
            continue;
        }
        ConnectionSpec spec = ConnectionSpec::fromJson(v.toObject());
        spec.ensureId();
        // With secrets in the keychain: start once they are back (restoreSecrets).
        const bool wait = !spec.missingSecrets.isEmpty() && keychainAvailable();
        const QString e = addSpec(spec, !wait);
        if (!e.isEmpty())
            problems.append(QStringLiteral("\"%1\" was not restored: %2").arg(spec.name, e));
        else if (wait)
            m_secrets->fetch(spec.id);
    }
    m_freshDefaults = false;
    if (root.contains(QLatin1String("dashboards"))) {
        const QString e = m_dashboards->fromJson(root.value(QLatin1String("dashboards")).toArray(),
                                                 root.value(QLatin1String("currentDashboard")).toInt());
        if (!e.isEmpty())
            problems.append(e);
    } else if (root.contains(QLatin1String("charts"))) {
        m_dashboards->fromLegacyCharts(root.value(QLatin1String("charts")).toArray());
        // Version 1 kept "tiled" in the window layout; it is now the dashboard's.
        if (root.value(QLatin1String("layout")).toObject().value(QLatin1String("tiled")) == QJsonValue(false))
            m_dashboards->setLayout(0, QStringLiteral("stacked"));
    } else {
        m_dashboards->fromJson({}, 0);
        addDefaultCharts();
    }
    setWindowMs(qint64(root.value(QLatin1String("windowMs")).toDouble(double(m_windowMs))));
    setStartDemoAtLaunch(root.value(QLatin1String("startDemoAtLaunch")).toBool(true));
    setLayout(root.value(QLatin1String("layout")).toObject().toVariantMap());
    // Chosen series colours: bad entries are dropped and reported, the rest apply; a
    // file without any gives every series its own colour again.
    QHash<QString, int> hues;
    problems.append(SeriesPalette::readOverrides(root.value(QLatin1String("seriesColours")).toObject().toVariantMap(), &hues));
    QVariantMap colours;
    for (auto it = hues.cbegin(); it != hues.cend(); ++it)
        colours.insert(it.key(), it.value());
    setSeriesColours(colours);
    const QJsonObject units = root.value(QLatin1String("units")).toObject();
    if (!units.isEmpty()) {
        m_units.clear();
        for (auto it = units.begin(); it != units.end() && m_units.size() < 256; ++it)
            if (it.value().isString())
                m_units.append(makeUnit(it.key().left(200), it.value().toString().left(20)));
    }
    if (root.contains(QLatin1String("alerts"))) {
        const QString e = m_alerts->applyRulesObject(root.value(QLatin1String("alerts")).toObject());
        if (!e.isEmpty())
            problems.append(QStringLiteral("Alert rules were not restored: %1").arg(e));
    }
    if (root.contains(QLatin1String("notifications")))
        m_alerts->setSettings(root.value(QLatin1String("notifications")).toObject().toVariantMap());
    return problems;
}

QString Workspace::restore()
{
    const QString path = configFile();
    if (!QFile::exists(path)) {
        addDefaultCharts();
        m_freshDefaults = true;
        return QString();
    }
    QJsonObject root;
    QString why = readJsonFile(path, &root);
    if (why.isEmpty())
        why = checkRoot(root);
    if (!why.isEmpty()) {
        const QString bad = path + QStringLiteral(".bad");
        QFile::remove(bad);
        QFile::rename(path, bad);
        setLoadError(QStringLiteral("The saved workspace could not be used (%1); it was moved to %2 and "
                                    "Pulseboard started with a fresh one.").arg(why, bad));
        addDefaultCharts();
        m_freshDefaults = true;
        return m_loadError;
    }
    m_restoring = true;
    const QStringList problems = apply(root);
    m_recentFiles.clear();
    for (const QJsonValue &v : root.value(QLatin1String("recentFiles")).toArray())
        if (v.isString() && m_recentFiles.size() < MaxRecentFiles && v.toString().size() <= 4096)
            m_recentFiles.append(v.toString());
    Q_EMIT recentFilesChanged();
    m_restoring = false;
    setLoadError(problems.join(QLatin1Char('\n')));
    return m_loadError;
}

static QString localPath(const QUrl &url)
{
    return url.isLocalFile() ? url.toLocalFile() : url.toString();
}

void Workspace::removeSavedConnections()
{
    // The keychain entries stay: the file they came from may be opened again.
    for (int row = m_connections->count() - 1; row >= 0; --row) {
        if (m_connections->specAt(row).transient)
            continue;
        FeedConnection *c = m_connections->connectionAt(row);
        m_connections->removeAt(row);
        delete c;
    }
}

QString Workspace::openFile(const QUrl &url)
{
    const QString path = localPath(url);
    QJsonObject root;
    QString why = readJsonFile(path, &root);
    if (why.isEmpty())
        why = checkRoot(root);
    if (why.isEmpty() && !root.contains(QLatin1String("connections")) && !root.contains(QLatin1String("dashboards"))
        && !root.contains(QLatin1String("charts")))
        why = QStringLiteral("it is not a Pulseboard workspace (no connections, dashboards or charts)");
    if (!why.isEmpty())
        return QStringLiteral("%1 was not opened: %2. The current workspace is unchanged.").arg(path, why);
    m_restoring = true;
    removeSavedConnections();
    const QStringList problems = apply(root);
    m_restoring = false;
    QList<int> ask;
    for (int row = 0; row < m_connections->count(); ++row) {
        const ConnectionSpec spec = m_connections->specAt(row);
        if (spec.transient || spec.missingSecrets.isEmpty())
            continue;
        if (keychainAvailable())
            m_askSecrets.insert(spec.id);   // asked once the keychain has answered
        else
            ask.append(row);
    }
    m_documentPath = path;
    Q_EMIT documentChanged();
    noteRecent(path);
    setLoadError(problems.join(QLatin1Char('\n')));
    scheduleSave();
    if (!ask.isEmpty())
        Q_EMIT secretsNeeded(ask);
    return QString();
}

QString Workspace::saveFileAs(const QUrl &url)
{
    QString path = localPath(url);
    if (path.isEmpty())
        return QStringLiteral("Choose a file name to save the workspace to.");
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    const QString e = writeJson(path, toJsonObject());
    if (!e.isEmpty())
        return e;
    m_documentPath = path;
    Q_EMIT documentChanged();
    noteRecent(path);
    return QString();
}

void Workspace::newWorkspace()
{
    removeSavedConnections();
    m_dashboards->fromJson({}, 0);
    setSeriesColours({});
    m_freshDefaults = false;
    m_documentPath.clear();
    Q_EMIT documentChanged();
    setLoadError(QString());
    scheduleSave();
}

void Workspace::setSeriesColours(const QVariantMap &hues)
{
    QHash<QString, int> clean;
    SeriesPalette::readOverrides(hues, &clean);
    QVariantMap colours;
    for (auto it = clean.cbegin(); it != clean.cend(); ++it)
        colours.insert(it.key(), it.value());
    if (colours == m_seriesColours)
        return;
    m_seriesColours = colours;
    Q_EMIT seriesColoursChanged();
    scheduleSave();
}

void Workspace::noteRecent(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_recentFiles.removeAll(absolute);
    m_recentFiles.prepend(absolute);
    while (m_recentFiles.size() > MaxRecentFiles)
        m_recentFiles.removeLast();
    Q_EMIT recentFilesChanged();
    scheduleSave();
}

void Workspace::clearRecentFiles()
{
    m_recentFiles.clear();
    Q_EMIT recentFilesChanged();
    scheduleSave();
}

void Workspace::addDefaultCharts()
{
    ChartListModel *charts = m_dashboards->currentCharts();
    if (charts->count() > 0)
        return;
    charts->addChart(QStringLiteral("Bitcoin"), {QStringLiteral("BTCUSD")});
    charts->addChart(QStringLiteral("Ether"), {QStringLiteral("ETHUSD")});
    charts->addChart(QStringLiteral("Lab temperatures"),
                       {QStringLiteral("lab-1.temperature"), QStringLiteral("lab-2.temperature")});
    charts->addChart(QStringLiteral("CPU load"),
                       {QStringLiteral("lab-1.cpu"), QStringLiteral("lab-2.cpu"), QStringLiteral("roof.cpu")});
}
