// QtQuickTest runner for tests/alerts/qml: the alert types as QML sees them
// (AlertEngine, NotificationCenter, AlertThrottle from the Pulseboard module).
#include <QQmlEngine>
#include <QtQuickTest>

extern void qml_register_types_Pulseboard();

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // The module lives in a static library: reference its registration so the
        // linker keeps it, and make its qmldir (in resources) findable.
        volatile auto registration = &qml_register_types_Pulseboard;
        Q_UNUSED(registration);
        engine->addImportPath(QStringLiteral("qrc:/"));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(tst_alertsqml, Setup)
#include "tst_alertsqml.moc"
