// alertsui_shot: renders the alert components with a few alerts in a light or dark
// palette and saves a PNG, to look at how they come out (not a test; not built by
// default). Usage: alertsui_shot light|dark OUT.png
//   cmake --build <builddir> --target alertsui_shot && QT_QPA_PLATFORM=offscreen \
//   QT_QUICK_BACKEND=software <builddir>/tests/alerts/alertsui_shot dark /tmp/alerts-dark.png
#include "alertservice.h"

#include <QApplication>
#include <QDateTime>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>

extern void qml_register_types_Pulseboard();

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3) {
        std::fprintf(stderr, "usage: alertsui_shot light|dark OUT.png\n");
        return 2;
    }
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    volatile auto registration = &qml_register_types_Pulseboard;
    Q_UNUSED(registration)

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    AlertService service;
    service.setClock([now] { return now; });
    service.setNickname(QStringLiteral("bob"));
    service.applyRulesJson(QStringLiteral(R"({"rules":[
        {"name":"BTC high","kind":"above","series":"BTCUSD.price","raise":70000,"clear":69500,"forSeconds":5,"severity":"warning","postToRoom":"traders"},
        {"name":"Boiler hot","kind":"above","series":"/sensors/*/temp","raise":80,"clear":75,"severity":"critical"},
        {"name":"Ticker silent","kind":"stale","series":"ETHUSD.price","afterSeconds":30,"severity":"critical","muted":true},
        {"name":"Feed down 2 min","kind":"connectionFailed","connection":"exchange","afterSeconds":120,"severity":"critical"},
        {"name":"Price jump","kind":"rate","series":"*.price","raise":500,"windowSeconds":10,"severity":"info","enabled":false},
        {"name":"Someone said my name","kind":"mention","severity":"info"}
    ]})"));

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties({{QStringLiteral("service"), QVariant::fromValue(&service)},
                                 {QStringLiteral("dark"), args.at(1) == QLatin1String("dark")}});
    engine.load(QUrl::fromLocalFile(QStringLiteral(PULSEBOARD_SHOT_QML)));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first());

    // A morning of alerts, fed the way the ingest threads do.
    auto feed = [&](const char *series, qint64 ago, double v) {
        service.sampleSink()->consume(QStringLiteral("demo"), SampleBatch{Sample{QString::fromLatin1(series), now - ago, v}});
        service.deliverPending();
    };
    feed("BTCUSD.price", 3'600'000, 69000);
    feed("BTCUSD.price", 3'000'000, 70120.5);
    feed("BTCUSD.price", 2'990'000, 70210);
    feed("BTCUSD.price", 1'200'000, 69420);
    feed("/sensors/7/temp", 900'000, 81.4);
    service.onChatMessage(QStringLiteral("traders"), QStringLiteral("alice"), QStringLiteral("@bob the <b>feed</b> is lagging"), false);
    service.notificationCenter()->acknowledge(2);
    service.notificationCenter()->acknowledge(3);
    feed("/sensors/3/temp", 60'000, 84.2);

    QTimer::singleShot(1200, &app, [&] {
        const QImage image = window->grabWindow();
        const bool ok = image.save(args.at(2));
        std::fprintf(stderr, "%s %s (%dx%d)\n", ok ? "saved" : "could not save", qPrintable(args.at(2)),
                     image.width(), image.height());
        app.exit(ok ? 0 : 1);
    });
    return app.exec();
}
