// QtQuickTest runner for tests/chat/qml: ChatPane, JoinDialog, HostDialog and HostView
// against a real HubHost on 127.0.0.1 (port 0) and real ChatClients, offscreen.
#include "chattestfixture.h"

#include <QQmlEngine>
#include <QStandardPaths>
#include <QtQuickTest>

extern void qml_register_types_Pulseboard();

class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        // Certificates and known hosts of the code under test stay out of the user's files.
        QStandardPaths::setTestModeEnabled(true);
    }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        volatile auto registration = &qml_register_types_Pulseboard;
        Q_UNUSED(registration);
        engine->addImportPath(QStringLiteral("qrc:/"));
        qmlRegisterType<ChatTestFixture>("ChatTest", 1, 0, "ChatTestFixture");
    }
};

QUICK_TEST_MAIN_WITH_SETUP(tst_chatui, Setup)
#include "tst_chatui.moc"
