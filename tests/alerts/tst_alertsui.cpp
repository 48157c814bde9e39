// QtQuickTest runner for tests/alerts/ui: the alert components of the window
// (NotificationCenterPane, AlertRuleEditor, AlertToast, AlertBadge) instantiated on their
// own with an AlertService from AlertsUiHarness, offscreen.
#include "alertsuiharness.h"

#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQuickTest>

extern void qml_register_types_Pulseboard();

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        QQuickStyle::setStyle(QStringLiteral("Fusion"));   // the window's style
        qmlRegisterSingletonType<AlertsUiHarness>("AlertsTest", 1, 0, "Harness",
                                                  [](QQmlEngine *, QJSEngine *) { return new AlertsUiHarness; });
    }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        volatile auto registration = &qml_register_types_Pulseboard;
        Q_UNUSED(registration);
        engine->addImportPath(QStringLiteral("qrc:/"));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(tst_alertsui, Setup)
#include "tst_alertsui.moc"
