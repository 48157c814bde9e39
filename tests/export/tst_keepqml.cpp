// QtQuickTest runner for the export and record/replay dialogs (tests/export/tst_*.qml),
// offscreen, with a QApplication (QtCharts needs Widgets). Each test file gets a fresh
// Workspace (KeepWorkspace) and a helper (KeepFiles) that makes temporary files, reads
// what the dialogs wrote and writes a small recording for the replay dialog.
#include "recordingfile.h"
#include "seriesstore.h"
#include "workspace.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QQmlEngine>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtQuickTest>

extern void qml_register_types_Pulseboard();

class KeepFiles : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE QString path(const QString &name) const { return m_dir.filePath(name); }
    Q_INVOKABLE QString folder() const { return m_dir.path(); }
    Q_INVOKABLE QString read(const QString &name) const
    {
        QFile f(path(name));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    Q_INVOKABLE bool exists(const QString &name) const { return QFile::exists(path(name)); }
    Q_INVOKABLE QSize imageSize(const QString &name) const { return QImageReader(path(name)).size(); }
    Q_INVOKABLE QByteArray imageFormat(const QString &name) const { return QImageReader(path(name)).format(); }
    // Fills the workspace's store: series a and b, n points each, t = 1000 + i.
    Q_INVOKABLE void fill(SeriesStore *store, int n) const
    {
        SampleBatch batch;
        for (int i = 0; i < n; ++i) {
            batch.append({QStringLiteral("a, \"quoted\""), 1000 + i, double(i)});
            batch.append({QStringLiteral("b"), 1000 + i, double(-i) / 4});
            if (batch.size() >= 4096) {
                store->appendBatch(batch);
                batch.clear();
            }
        }
        store->appendBatch(batch);
    }
    // The demo feeds and the default charts (for the screenshot scene).
    Q_INVOKABLE QString demo(Workspace *w) const
    {
        w->addDefaultCharts();
        return w->startDemo();
    }
    Q_INVOKABLE QStringList names(SeriesStore *store) const { return store->names(); }
    Q_INVOKABLE double lastT(SeriesStore *store, const QString &name) const { return double(store->stats(name).lastT); }
    // A recording of one connection ("rec") with n frames {"x": i}, 10 ms apart.
    Q_INVOKABLE QString recording(const QString &name, int n) const
    {
        RecordingFile file;
        if (!file.open(path(name)).isEmpty())
            return QString();
        const quint16 ch = file.addConnection(QStringLiteral("rec"), QByteArray(), QString());
        for (int i = 0; i < n; ++i)
            file.record(ch, 1'700'000'000'000 + i * 10, QStringLiteral("{\"x\":%1}").arg(i).toUtf8());
        file.close();
        return path(name);
    }

private:
    QTemporaryDir m_dir;
};

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PulseboardTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_keepqml"));
        QFile::remove(QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
                          .filePath(QStringLiteral("workspace.json")));
        qmlRegisterSingletonType<Workspace>("KeepTest", 1, 0, "KeepWorkspace",
                                            [](QQmlEngine *, QJSEngine *) -> QObject * { return new Workspace; });
        qmlRegisterSingletonType<KeepFiles>("KeepTest", 1, 0, "KeepFiles",
                                            [](QQmlEngine *, QJSEngine *) -> QObject * { return new KeepFiles; });
    }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
    }
};

int main(int argc, char **argv)
{
    volatile auto registration = &qml_register_types_Pulseboard;
    Q_UNUSED(registration)
    QApplication app(argc, argv);
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "tst_keepqml", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "tst_keepqml.moc"
