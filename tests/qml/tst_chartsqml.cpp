// The QtQuickTest runner of the chart interactions (tests/chartsqml/tst_*.qml),
// offscreen, with a QApplication (QtCharts needs Widgets). Each file gets its own engine
// and a ChartTest singleton: a fresh Workspace (test mode: never the user's file) and a
// way to fill its real SeriesStore with exact samples from QML.
#include "workspace.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QQmlEngine>
#include <QStandardPaths>
#include <QtQuickTest>

extern void qml_register_types_Pulseboard();

class ChartTest : public QObject
{
    Q_OBJECT
    Q_PROPERTY(Workspace *workspace READ workspace CONSTANT)
public:
    Workspace *workspace() { return &m_workspace; }
    // n samples of `name` from t0 every stepMs: value a + b * i.
    Q_INVOKABLE void fill(const QString &name, double t0, int n, double stepMs, double a, double b)
    {
        SampleBatch batch;
        for (int i = 0; i < n; ++i)
            batch.append(Sample{name, qint64(t0 + i * stepMs), a + b * i});
        m_workspace.store()->appendBatch(batch);
    }

private:
    Workspace m_workspace;
};

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PulseboardTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_chartsqml"));
        QFile::remove(QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
                          .filePath(QStringLiteral("workspace.json")));
        qmlRegisterSingletonType<ChartTest>("PulseboardTest", 1, 0, "ChartTest",
                                            [](QQmlEngine *, QJSEngine *) -> QObject * { return new ChartTest; });
    }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    volatile auto registration = &qml_register_types_Pulseboard;
    Q_UNUSED(registration)
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "pulseboard_charts_qml", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "tst_chartsqml.moc"
