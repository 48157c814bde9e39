// The QtQuickTest runner of the dashboard (tests/qml/tst_*.qml), offscreen.
// Standard quick_test_main_with_setup; the only addition is that a QApplication exists
// before it runs, because QtCharts in QML needs Widgets (the same as QtCharts' own tests).
// Each test file gets its own engine, and with it a fresh Workspace and a real hub:
//  - TestWorkspace: a Workspace singleton per engine (registered here, for tests only;
//    the application hands its Workspace to Main.qml as an initial property);
//  - TestHub: a HubServer on 127.0.0.1, port 0, to publish exact (and hostile) messages.
#include "hubserver.h"
#include "workspace.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QQmlEngine>
#include <QStandardPaths>
#include <QtQuickTest>

extern void qml_register_types_Pulseboard();

class TestHub : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int port READ port CONSTANT)
    Q_PROPERTY(QString error READ error CONSTANT)
public:
    TestHub() { m_hub.listen(QHostAddress::LocalHost, 0, &m_error); }
    int port() const { return m_hub.port(); }
    QString error() const { return m_error; }
    Q_INVOKABLE QString url(const QString &topic) const
    {
        return QStringLiteral("ws://127.0.0.1:%1/topics/%2").arg(port()).arg(topic);
    }
    Q_INVOKABLE bool publish(const QString &topic, const QString &json)
    {
        return m_hub.publish(topic, json.toUtf8());
    }

private:
    HubServer m_hub;
    QString m_error;
};

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);   // never the user's workspace.json
        QCoreApplication::setOrganizationName(QStringLiteral("PulseboardTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_qml"));
        QFile::remove(QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
                          .filePath(QStringLiteral("workspace.json")));
        qmlRegisterSingletonType<Workspace>("PulseboardTest", 1, 0, "TestWorkspace",
                                            [](QQmlEngine *, QJSEngine *) -> QObject * {
                                                auto *w = new Workspace;
                                                w->addDefaultCharts();
                                                return w;
                                            });
        qmlRegisterSingletonType<TestHub>("PulseboardTest", 1, 0, "TestHub",
                                          [](QQmlEngine *, QJSEngine *) -> QObject * { return new TestHub; });
    }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));   // the Pulseboard module (Qt 6.4)
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    volatile auto registration = &qml_register_types_Pulseboard;   // keep the module linked in
    Q_UNUSED(registration)
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "pulseboard_qml", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "tst_qml.moc"
