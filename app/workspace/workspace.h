// Workspace: what the dashboard window binds to (Main.qml's required property). It owns
// the SeriesStore, the FeedConnections (shown through ConnectionListModel), the dashboards
// (DashboardListModel, each with its ChartListModel; `charts` is the current one's), the
// embedded demo (DemoHost) and the workspace file (open/save as: workspacefile.cpp).
// Connections from the command line get charts that fill with their series as they
// appear (SeriesOriginTap, workspacecli.cpp).
// It also owns the chat client and the hosted hub (ChatClient, HubHost, history kept in
// HubHost::defaultDataDir()) and wires chat to alerts: new chat messages and the nickname
// go to the AlertService, its room posts go out through the ChatClient.
// Connections are added through ConnectionSpec::toProfile, so the editor, the saved file
// and the demo all go through the same validation and the same FeedConnection path.
//
// Persistence: <AppConfigLocation>/workspace.json holds connections (secrets removed, see
// SecretPolicy), charts, time window, layout (window geometry, splitters, theme) and
// units; saved at most once per SaveDelayMs after a change and on destruction. A file
// that cannot be read is set aside as workspace.json.bad and reported in loadError.
// Secrets go to the system keychain (SecretStore; workspacesecrets.cpp): a restored
// connection that has some waits, not started, until its keychain entry is read, then
// starts with them; what the keychain did not have stays in missingSecrets.
// Created by main() (GUI branch) and by the QML test runner.
#pragma once
#include "chartlistmodel.h"
#include "connectionlistmodel.h"
#include "dashboardlistmodel.h"
#include "seriesstore.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QRegularExpression>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class AlertService;
class ChatClient;
class DemoHost;
class HubHost;
class SeriesOriginTap;
class ShareTap;
class FeedSharer;
class SecretStore;

class Workspace : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The Workspace is created by main() and handed to Main.qml")
    Q_PROPERTY(SeriesStore *store READ store CONSTANT)
    Q_PROPERTY(ConnectionListModel *connections READ connections CONSTANT)
    Q_PROPERTY(ChartListModel *charts READ charts NOTIFY chartsChanged)
    Q_PROPERTY(DashboardListModel *dashboards READ dashboards CONSTANT)
    Q_PROPERTY(QString documentPath READ documentPath NOTIFY documentChanged)
    Q_PROPERTY(QStringList recentFiles READ recentFiles NOTIFY recentFilesChanged)
    Q_PROPERTY(AlertService *alerts READ alerts CONSTANT)
    Q_PROPERTY(ChatClient *chat READ chat CONSTANT)
    Q_PROPERTY(HubHost *hubHost READ hubHost CONSTANT)
    Q_PROPERTY(bool demoRunning READ isDemoRunning NOTIFY demoChanged)
    Q_PROPERTY(int demoPort READ demoPort NOTIFY demoChanged)
    Q_PROPERTY(bool startDemoAtLaunch READ startDemoAtLaunch WRITE setStartDemoAtLaunch NOTIFY startDemoAtLaunchChanged)
    Q_PROPERTY(qint64 windowMs READ windowMs WRITE setWindowMs NOTIFY windowMsChanged)
    Q_PROPERTY(bool chartsPaused READ chartsPaused WRITE setChartsPaused NOTIFY chartsPausedChanged)
    Q_PROPERTY(QVariantMap layout READ layout WRITE setLayout NOTIFY layoutChanged)
    // Series colours a person chose ({name: SeriesPalette hue}); Main.qml keeps it and
    // the SeriesPalette singleton in step. Saved as "seriesColours".
    Q_PROPERTY(QVariantMap seriesColours READ seriesColours WRITE setSeriesColours NOTIFY seriesColoursChanged)
    Q_PROPERTY(QString configFile READ configFile CONSTANT)
    Q_PROPERTY(QString loadError READ loadError NOTIFY loadErrorChanged)
    Q_PROPERTY(QString secretsNotice READ secretsNotice NOTIFY secretsNoticeChanged)
    Q_PROPERTY(bool keychainAvailable READ keychainAvailable NOTIFY secretsNoticeChanged)
public:
    static constexpr int SaveDelayMs = 500;
    static constexpr qint64 MaxConfigBytes = 4 * 1024 * 1024;
    static constexpr int MaxMessageChars = 1024 * 1024;
    static constexpr int MaxRecentFiles = 8;
    static constexpr int FileVersion = 2;      // 2: dashboards; 1: one "charts" list
    static constexpr int CliSeriesPerChart = 6; // command-line charts: first N series per group

    explicit Workspace(QObject *parent = nullptr);
    ~Workspace() override;

    SeriesStore *store() const { return m_store; }
    ConnectionListModel *connections() const { return m_connections; }
    ChartListModel *charts() const { return m_dashboards->currentCharts(); }
    DashboardListModel *dashboards() const { return m_dashboards; }
    QString documentPath() const { return m_documentPath; }
    QStringList recentFiles() const { return m_recentFiles; }
    AlertService *alerts() const { return m_alerts; }
    ChatClient *chat() const { return m_chat; }
    HubHost *hubHost() const { return m_hubHost; }
    bool isDemoRunning() const;
    int demoPort() const;
    bool startDemoAtLaunch() const { return m_startDemoAtLaunch; }
    void setStartDemoAtLaunch(bool on);
    qint64 windowMs() const { return m_windowMs; }
    void setWindowMs(qint64 ms);
    bool chartsPaused() const { return m_chartsPaused; }
    void setChartsPaused(bool paused);
    QVariantMap layout() const { return m_layout; }
    void setLayout(const QVariantMap &layout);
    QVariantMap seriesColours() const { return m_seriesColours; }
    void setSeriesColours(const QVariantMap &hues);   // what SeriesPalette refuses is dropped
    QString configFile() const;
    QString loadError() const { return m_loadError; }
    QString secretsNotice() const;
    bool keychainAvailable() const;
    SecretStore *secretStore() const { return m_secrets; }
    // The connection editor opens: find out (once) whether a keychain answers, so the
    // notice is right before anything is typed. secretsNoticeChanged follows if not.
    Q_INVOKABLE void checkKeychain();

    // Reads the workspace file and starts the saved connections. Returns loadError().
    QString restore();
    // Writes the workspace file now; returns a readable error or "".
    Q_INVOKABLE QString save();
    // Workspace files the user chooses (same format as workspace.json, no secrets). Open
    // checks the whole file first: on any problem it returns why and changes nothing.
    // It replaces the saved connections and dashboards; connections whose secrets were
    // stripped are reported through secretsNeeded. Each returns "" or a readable error.
    Q_INVOKABLE QString openFile(const QUrl &file);
    Q_INVOKABLE QString saveFileAs(const QUrl &file);
    Q_INVOKABLE void newWorkspace();           // no saved connections, one empty dashboard
    Q_INVOKABLE void clearRecentFiles();

    // spec: {name, url, headers, subprotocols, profileText, profileSource, pinSha256}.
    // Each returns "" on success or the first problem as a sentence for the editor.
    Q_INVOKABLE QString validateConnection(const QVariantMap &spec) const;
    Q_INVOKABLE QString addConnection(const QVariantMap &spec);
    Q_INVOKABLE QString editConnection(int row, const QVariantMap &spec);
    Q_INVOKABLE void removeConnection(int row);
    Q_INVOKABLE QString duplicateConnection(int row);
    Q_INVOKABLE void reconnectNow(int row);    // a waiting feed retries at once
    Q_INVOKABLE void setConnectionPaused(int row, bool paused);   // stop / start again
    Q_INVOKABLE QVariantMap connectionSpec(int row) const;
    // A connection from the command line (already validated): not saved to the file.
    QString addProfile(const FeedProfile &profile);
    // {text, source, error}: the profile file's text for the editor, or why it cannot be used.
    Q_INVOKABLE QVariantMap readProfileFile(const QUrl &file) const;

    // The embedded demo: a local hub + simulated market and sensors, read back through
    // two ordinary connections with the demo profiles. Returns "" or a readable error.
    Q_INVOKABLE QString startDemo();
    Q_INVOKABLE void stopDemo();

    // Composer: sends text (or, with asJson, checked JSON) on a connection. "" or why not.
    Q_INVOKABLE QString sendMessage(int row, const QString &text, bool asJson);
    Q_INVOKABLE QString checkJson(const QString &text) const;
    Q_INVOKABLE void saveMessage(int row, const QString &text);
    Q_INVOKABLE void removeSavedMessage(int row, int index);

    // Sharing a connection's samples with the session this desktop hosts (FeedSharer,
    // docs/protocol.md "Shared feeds"; workspaceshare.cpp). Only while hosting; stopping
    // the session stops every share. shareConnection returns "" or a readable error.
    Q_INVOKABLE QString shareConnection(int row, const QString &topic);
    Q_INVOKABLE void stopSharing(int row);
    Q_INVOKABLE QString suggestedTopic(int row) const;   // a valid topic made from the name
    FeedSharer *sharerOf(int row) const;

    // Unit of a series for axis labels and the legend ("" when unknown). The table is a
    // glob -> unit map in the workspace file, seeded with the demo's units.
    Q_INVOKABLE QString unitFor(const QString &series) const;

    // Charts for a first run: the demo's most telling series.
    void addDefaultCharts();

Q_SIGNALS:
    void demoChanged();
    void startDemoAtLaunchChanged();
    void windowMsChanged();
    void chartsPausedChanged();
    void layoutChanged();
    void seriesColoursChanged();
    void loadErrorChanged();
    void secretsNoticeChanged();
    void chartsChanged();
    void documentChanged();
    void recentFilesChanged();
    // An opened file's connections need secrets the file does not hold (rows to edit).
    void secretsNeeded(const QList<int> &rows);
    void shareProblem(const QString &text);

private:
    QString addSpec(ConnectionSpec spec, bool startNow = true);
    void wireSecrets();
    void restoreSecrets(const QString &id, const QJsonObject &values, const QString &problem);
    QString uniqueName(const QString &wanted, int exceptRow = -1) const;
    void scheduleSave();
    void setLoadError(const QString &error);
    static QString readDemoProfile(const QString &file);
    void wireChatToAlerts();
    QJsonObject toJsonObject() const;
    static QString readJsonFile(const QString &path, QJsonObject *root);
    static QString checkRoot(const QJsonObject &root);
    QStringList apply(const QJsonObject &root);  // returns the problems, one per line
    void removeSavedConnections();
    void noteRecent(const QString &path);
    void fillCliCharts();
    ChartListModel *cliCharts();
    void stopAllShares();

    SeriesStore *m_store;
    ConnectionListModel *m_connections;
    DashboardListModel *m_dashboards;
    ShareTap *m_share = nullptr;               // every connection's first sink: shares, then alerts
    SeriesOriginTap *m_tap = nullptr;          // command-line connections' new series (sink before m_share)
    QTimer m_cliTimer;               // places those series on charts, 4 times a second
    QPointer<ChartListModel> m_cliCharts;
    QHash<QString, QSet<QString>> m_cliGroups;   // connection -> groups that have a chart
    bool m_freshDefaults = false;    // the default demo charts of a first run, untouched
    QString m_documentPath;          // the file last opened or saved as ("" = workspace.json only)
    QStringList m_recentFiles;       // most recent first, at most MaxRecentFiles
    QSet<QString> m_askSecrets;      // ids of opened connections: ask for what the keychain lacks
    AlertService *m_alerts;          // created before, deleted after every connection
    ChatClient *m_chat;
    HubHost *m_hubHost;
    SecretStore *m_secrets;
    DemoHost *m_demo = nullptr;
    QTimer m_saveTimer;
    bool m_startDemoAtLaunch = true;
    qint64 m_windowMs = 60'000;
    bool m_chartsPaused = false;
    QVariantMap m_layout;
    QVariantMap m_seriesColours;    // checked by SeriesPalette::readOverrides
    struct Unit { QString glob; QString unit; QRegularExpression re; };
    static Unit makeUnit(const QString &glob, const QString &unit);
    QList<Unit> m_units;            // glob ('*' = any text) -> unit, first match wins
    QString m_loadError;
    bool m_restoring = false;
    bool m_probedKeychain = false;
};
