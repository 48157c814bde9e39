// tst_builtinprofiles: every profile in resources/profiles/ that BuiltinProfiles ships
// loads, carries a URL and its subscribe message(s), and maps a replay of the provider's
// documented messages (tests/data/replays/<id>.jsonl, copied by hand from the provider's
// documentation) to exactly the series, values and times written here. Each replay line
// goes through SampleMapper::map on its UTF-8 bytes, as the pipeline does.
#include "builtinprofiles.h"
#include "feedprofile.h"
#include "samplemapper.h"

#include <QFile>
#include <QJsonDocument>
#include <QtTest>

class TestBuiltinProfiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsEveryShippedProfile();
    void entriesLoadWithConnection_data();
    void entriesLoadWithConnection();
    void qmlApi();
    void replayMapsToDocumentedSeries_data();
    void replayMapsToDocumentedSeries();
};

namespace {
constexpr qint64 kArrival = 42;   // marks samples stamped with the arrival time

QString describe(const Sample &s)
{
    return QStringLiteral("%1=%2@%3").arg(s.series).arg(s.v, 0, 'g', 15).arg(s.t);
}

QStringList mapReplay(const QString &id, QStringList *results)
{
    FeedProfile profile;
    QString error;
    const BuiltinProfiles::Entry *e = BuiltinProfiles::find(id);
    if (!e || !FeedProfile::fromJson(e->fileText.toUtf8(), &profile, &error, id))
        return { QStringLiteral("cannot load %1: %2").arg(id, error) };
    QFile f(QStringLiteral(PULSEBOARD_TEST_DATA "/replays/%1.jsonl").arg(id));
    if (!f.open(QIODevice::ReadOnly))
        return { QStringLiteral("no replay for %1").arg(id) };
    SampleMapper mapper(profile);
    QStringList out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        SampleBatch batch;
        const SampleMapper::Result r = mapper.map(line, kArrival, &batch);
        results->append(r == SampleMapper::Result::Mapped ? QStringLiteral("mapped")
                        : r == SampleMapper::Result::NoSamples ? QStringLiteral("none")
                                                               : QStringLiteral("notjson"));
        for (const Sample &s : batch)
            out.append(describe(s));
    }
    return out;
}
} // namespace

void TestBuiltinProfiles::listsEveryShippedProfile()
{
    QStringList ids;
    for (const auto &e : BuiltinProfiles::entries())
        ids.append(e.id);
    ids.sort();
    const QStringList expected{ "binance", "bitstamp", "coinbase-ticker", "finnhub", "home-assistant",
                                "kraken", "okx", "signalk" };
    QCOMPARE(ids, expected);
    QVERIFY(BuiltinProfiles::find(QStringLiteral("no-such")) == nullptr);
    for (const QString &id : ids)   // every shipped profile is tested against a replay
        QVERIFY2(QFile::exists(QStringLiteral(PULSEBOARD_TEST_DATA "/replays/%1.jsonl").arg(id)), qPrintable(id));
}

void TestBuiltinProfiles::entriesLoadWithConnection_data()
{
    QTest::addColumn<QString>("id");
    for (const auto &e : BuiltinProfiles::entries())
        QTest::newRow(qPrintable(e.id)) << e.id;
}

void TestBuiltinProfiles::entriesLoadWithConnection()
{
    QFETCH(QString, id);
    const BuiltinProfiles::Entry *e = BuiltinProfiles::find(id);
    QVERIFY(e);
    FeedProfile profile;
    QString error;
    QVERIFY2(FeedProfile::fromJson(e->fileText.toUtf8(), &profile, &error, id), qPrintable(error));
    QVERIFY(!e->name.isEmpty());
    QVERIFY(e->description.size() > 40);   // says what it maps, for the editor's list
    QVERIFY(profile.endpoint.url.isValid());
    QCOMPARE(e->url, profile.endpoint.url.toString());
    QVERIFY(!profile.rules.isEmpty());
    // Every on-connect message is JSON (a subscription), never an empty frame.
    for (const QString &m : profile.endpoint.onConnect)
        QVERIFY2(!QJsonDocument::fromJson(m.toUtf8()).isNull(), qPrintable(m));
}

void TestBuiltinProfiles::qmlApi()
{
    BuiltinProfiles api;
    const QVariantList list = api.profiles();
    QCOMPARE(list.size(), BuiltinProfiles::entries().size());
    const QVariantMap first = list.first().toMap();
    for (const char *key : { "id", "name", "description", "url", "fileText" })
        QVERIFY2(first.contains(QLatin1String(key)), key);
    QCOMPARE(api.profile(first.value(QStringLiteral("id")).toString()), first);
    QVERIFY(api.profile(QStringLiteral("nope")).isEmpty());
}

void TestBuiltinProfiles::replayMapsToDocumentedSeries_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("results");
    QTest::addColumn<QStringList>("samples");

    // Coinbase docs, "Ticker channel" example; 2022-10-19T23:28:22.061769Z = 1666222102061 ms.
    QTest::newRow("coinbase-ticker")
            << QStringLiteral("coinbase-ticker")
            << QStringList{ "none", "mapped", "none" }
            << QStringList{ "ETH-USD.ask=1285.27@1666222102061", "ETH-USD.bid=1285.04@1666222102061",
                            "ETH-USD.price=1285.22@1666222102061",
                            "ETH-USD.volume24h=245532.79269678@1666222102061" };
    // Binance docs "Trade Streams" and "Individual Symbol Ticker Streams" payloads, each
    // once wrapped by the combined endpoint ({stream, data}) and once raw; the SUBSCRIBE reply.
    const QStringList binanceTrade{ "BNBBTC.trade.price=0.001@1672515782136", "BNBBTC.trade.qty=100@1672515782136" };
    const QStringList binanceTicker{ "BNBBTC.ask=0.0026@1672515782136", "BNBBTC.bid=0.0024@1672515782136",
                                     "BNBBTC.last=0.0025@1672515782136", "BNBBTC.volume=10000@1672515782136" };
    QTest::newRow("binance") << QStringLiteral("binance")
                             << QStringList{ "none", "mapped", "mapped", "mapped", "mapped" }
                             << binanceTrade + binanceTicker + binanceTrade + binanceTicker;
    // Kraken v2 docs: subscribe ack, heartbeat, ticker snapshot (no time: arrival), trade update.
    QTest::newRow("kraken") << QStringLiteral("kraken")
                            << QStringList{ "none", "none", "mapped", "mapped" }
                            << QStringList{ "ALGO/USD.ask=0.10036@42", "ALGO/USD.bid=0.10025@42", "ALGO/USD.last=0.10035@42",
                                            "ALGO/USD.volume=997038.98383185@42",
                                            "MATIC/USD.trade.price=0.5117@1695628177708",
                                            "MATIC/USD.trade.qty=40@1695628177708" };
    // OKX v5 docs: subscribe event (arg but no data), tickers push; name from the envelope's arg.instId.
    QTest::newRow("okx") << QStringLiteral("okx") << QStringList{ "none", "mapped" }
                         << QStringList{ "BTC-USDT.ask=9999.99@1597026383085", "BTC-USDT.bid=8888.88@1597026383085",
                                         "BTC-USDT.last=9999.99@1597026383085", "BTC-USDT.volume24h=2222@1597026383085" };
    // Bitstamp v2 docs: subscription_succeeded, a live trade; name from the envelope's channel, time in µs.
    QTest::newRow("bitstamp") << QStringLiteral("bitstamp") << QStringList{ "none", "mapped" }
                              << QStringList{ "live_trades_btcusd.amount=0.01@1668000000123",
                                              "live_trades_btcusd.price=17000@1668000000123" };
    // Finnhub docs: ping, trade.
    QTest::newRow("finnhub") << QStringLiteral("finnhub") << QStringList{ "none", "mapped" }
                             << QStringList{ "BINANCE:BTCUSDT.price=7296.89@1575526691134",
                                             "BINANCE:BTCUSDT.volume=0.011467@1575526691134" };
    // Home Assistant docs: auth_required, auth_ok, subscribe result, the docs' light event
    // ("on": no sample), a sensor in the same shape (numeric string, +01:00 time), "unavailable".
    QTest::newRow("home-assistant") << QStringLiteral("home-assistant")
                                    << QStringList{ "none", "none", "none", "none", "mapped", "none" }
                                    << QStringList{ "sensor.outside_temperature=21.5@1480120800012" };
    // Signal K spec: hello, the delta example, a delta with two updates (an object value: no sample).
    QTest::newRow("signalk") << QStringLiteral("signalk") << QStringList{ "none", "mapped", "mapped" }
                             << QStringList{ "propulsion.0.revolutions=16.341667@1262848724000",
                                             "propulsion.0.boostPressure=45500@1262848724000",
                                             "environment.depth.belowTransducer=5.2@1408129215402",
                                             "navigation.speedThroughWater=3.85@1408129215500" };
}

void TestBuiltinProfiles::replayMapsToDocumentedSeries()
{
    QFETCH(QString, id);
    QFETCH(QStringList, results);
    QFETCH(QStringList, samples);
    QStringList got;
    QCOMPARE(mapReplay(id, &got), samples);
    QCOMPARE(got, results);
}

QTEST_GUILESS_MAIN(TestBuiltinProfiles)
#include "tst_builtinprofiles.moc"
