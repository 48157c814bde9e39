// Pulseboard's entry point: parse the command line, then start either the window
// (Dashboard + QML) or the headless runner. Everything else lives in pulseboard_core.
#include "commandline.h"
#include "headlessrunner.h"
#include "workspace.h"

#include <QApplication>
#include <QCoreApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <cstdio>
#ifdef Q_OS_WIN
#include <windows.h>
#endif
#include <memory>

// The QML module lives in a static library without a plugin: keep its type registration
// linked in (the linker would drop the unreferenced object file).
extern void qml_register_types_Pulseboard();

static bool wantsHeadless(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--headless" || a == "-headless" || a == "--help" || a == "-h" || a == "--version" || a == "-v" || a == "--print")
            return true;
    }
    return false;
}

int main(int argc, char **argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Pulseboard"));
    QCoreApplication::setApplicationName(QStringLiteral("Pulseboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PULSEBOARD_VERSION));

    std::unique_ptr<QCoreApplication> app;
    if (wantsHeadless(argc, argv)) {
#ifdef Q_OS_WIN
        // The .exe is a GUI program; give --headless/--help output to the calling console.
        if (AttachConsole(ATTACH_PARENT_PROCESS)) {
            std::freopen("CONOUT$", "w", stdout);
            std::freopen("CONOUT$", "w", stderr);
        }
#endif
        // Qt's own event dispatcher instead of GLib's: measured to halve hub fan-out latency
        // at 1,000 subscribers (bench/RESULTS.md). Headless only; the window keeps GLib for
        // desktop integration. An explicit QT_NO_GLIB in the environment still wins.
        if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
            qputenv("QT_NO_GLIB", "1");
        app = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        app = std::make_unique<QApplication>(argc, argv); // QtCharts in QML needs Widgets
        QGuiApplication::setDesktopFileName(QStringLiteral("org.pulseboard.Pulseboard"));
    }

    Options options;
    QString error;
    if (!CommandLine::parse(QCoreApplication::arguments(), &options, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    if (options.exit != Options::Exit::None) {
        std::fputs(qPrintable(options.exitText), stdout);
        return 0;
    }

    if (options.headless) {
        HeadlessRunner runner(options);
        int code = 0;
        if (!runner.start(&error, &code)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return code;
        }
        QObject::connect(&runner, &HeadlessRunner::finished, app.get(), &QCoreApplication::exit);
        return app->exec();
    }

    // The window. Fusion follows the platform palette (light or dark) on every OS;
    // QT_QUICK_CONTROLS_STYLE still overrides it.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));
    volatile auto registration = &qml_register_types_Pulseboard;
    Q_UNUSED(registration)
    Workspace workspace;   // outlives the engine: QML objects go first
    workspace.restore();
    for (const FeedProfile &profile : std::as_const(options.feeds))
        workspace.addProfile(profile);
    if ((options.feeds.isEmpty() && workspace.startDemoAtLaunch()) || options.demo) {
        const QString demoError = workspace.startDemo();
        if (!demoError.isEmpty())
            std::fprintf(stderr, "pulseboard: %s\n", qPrintable(demoError));
    }

    QQmlApplicationEngine engine;
    // Qt 6.4 does not search qrc:/ for modules (6.5 adds qrc:/qt/qml): without this the
    // module's qmldir is not found and QML files cannot use each other across folders.
    engine.addImportPath(QStringLiteral("qrc:/"));
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, app.get(),
                     [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.setInitialProperties({{QStringLiteral("workspace"), QVariant::fromValue(&workspace)}});
    engine.load(QUrl(QStringLiteral("qrc:/Pulseboard/qml/Main.qml")));
    return app->exec();
}
