// Workspace's file: workspace.json in the app config dir (connections without their
// secrets, charts, layout, alert rules, saved messages), saved 500 ms after the last
// change with QSaveFile, restored at start: a file that cannot be used (unreadable, over
// 4 MiB, not JSON) is moved aside and reported; a bad entry is skipped and reported
// through loadError while the rest still loads. Split from workspace.cpp
// to keep each file to one concern; the keychain side is workspacesecrets.cpp.
#include "workspace.h"

#include "alertservice.h"
#include "chatclient.h"
#include "hubhost.h"
#include "demohost.h"
#include "secretstore.h"

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

QString Workspace::save()
{
    m_saveTimer.stop();
    QJsonArray connections;
    for (int i = 0; i < m_connections->count(); ++i) {
        const ConnectionSpec spec = m_connections->specAt(i);
        if (spec.transient)
            continue;
        connections.append(spec.toJson());
        m_secrets->keep(spec.id, spec.secretValues());   // no-op while being fetched or unavailable
    }
    QJsonObject units;
    for (const auto &u : std::as_const(m_units))
        units.insert(u.glob, u.unit);
    const QJsonObject root{
        {QStringLiteral("version"), 1},
        {QStringLiteral("connections"), connections},
        {QStringLiteral("charts"), m_charts->toJson()},
        {QStringLiteral("windowMs"), double(m_windowMs)},
        {QStringLiteral("startDemoAtLaunch"), m_startDemoAtLaunch},
        {QStringLiteral("layout"), QJsonObject::fromVariantMap(m_layout)},
        {QStringLiteral("units"), units},
        {QStringLiteral("alerts"), m_alerts->rulesObject()},
        {QStringLiteral("notifications"), QJsonObject::fromVariantMap(m_alerts->settings())},
    };
    const QString path = configFile();
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return QStringLiteral("Cannot create the settings folder %1.").arg(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot save the workspace to %1: %2.").arg(path, file.errorString());
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return QStringLiteral("Cannot save the workspace to %1: %2.").arg(path, file.errorString());
    return QString();
}

QString Workspace::restore()
{
    const QString path = configFile();
    QFile file(path);
    if (!file.exists()) {
        addDefaultCharts();
        return QString();
    }
    auto setAside = [&](const QString &why) {
        const QString bad = path + QStringLiteral(".bad");
        QFile::remove(bad);
        QFile::rename(path, bad);
        setLoadError(QStringLiteral("The saved workspace could not be used (%1); it was moved to %2 and "
                                    "Pulseboard started with a fresh one.").arg(why, bad));
        addDefaultCharts();
        return m_loadError;
    };
    if (!file.open(QIODevice::ReadOnly))
        return setAside(file.errorString());
    const QByteArray text = file.read(MaxConfigBytes + 1);
    file.close();
    if (text.size() > MaxConfigBytes)
        return setAside(QStringLiteral("larger than 4 MiB"));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return setAside(error.error != QJsonParseError::NoError ? error.errorString()
                                                                : QStringLiteral("not a JSON object"));
    const QJsonObject root = doc.object();

    m_restoring = true;
    QStringList problems;
    for (const QJsonValue &v : root.value(QLatin1String("connections")).toArray()) {
        if (m_connections->count() >= ConnectionListModel::MaxConnections)
            break;
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
    if (root.contains(QLatin1String("charts")))
        m_charts->fromJson(root.value(QLatin1String("charts")).toArray());
    else
        addDefaultCharts();
    setWindowMs(qint64(root.value(QLatin1String("windowMs")).toDouble(double(m_windowMs))));
    setStartDemoAtLaunch(root.value(QLatin1String("startDemoAtLaunch")).toBool(true));
    setLayout(root.value(QLatin1String("layout")).toObject().toVariantMap());
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
    m_restoring = false;
    setLoadError(problems.join(QLatin1Char('\n')));
    return m_loadError;
}

void Workspace::addDefaultCharts()
{
    if (m_charts->count() > 0)
        return;
    m_charts->addChart(QStringLiteral("Bitcoin"), {QStringLiteral("BTCUSD")});
    m_charts->addChart(QStringLiteral("Ether"), {QStringLiteral("ETHUSD")});
    m_charts->addChart(QStringLiteral("Lab temperatures"),
                       {QStringLiteral("lab-1.temperature"), QStringLiteral("lab-2.temperature")});
    m_charts->addChart(QStringLiteral("CPU load"),
                       {QStringLiteral("lab-1.cpu"), QStringLiteral("lab-2.cpu"), QStringLiteral("roof.cpu")});
}
