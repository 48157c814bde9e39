// FeedProfile loading: the documented examples (tests/data/profiles, also quoted verbatim
// in docs/profiles.md) load with every field, and each kind of invalid profile is
// reported with its exact "<file>:<line>: <field>: <what and what is expected>" text.
#include "feedprofile.h"
#include "samplemapper.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString dataPath(const QString &name) { return QStringLiteral(PULSEBOARD_TEST_DATA "/profiles/") + name; }

FeedProfile loadFixture(const QString &name)
{
    FeedProfile profile;
    QString error;
    if (!FeedProfile::load(dataPath(name), &profile, &error))
        qFatal("%s", qPrintable(error));
    return profile;
}

QString dump(const SampleBatch &batch)
{
    QStringList parts;
    for (const Sample &s : batch)
        parts.append(QStringLiteral("%1@%2=%3").arg(s.series).arg(s.t).arg(s.v, 0, 'g', QLocale::FloatingPointShortest));
    return parts.join(QLatin1String("; "));
}

QString mapOne(const FeedProfile &profile, const QByteArray &message)
{
    SampleMapper mapper(profile);
    SampleBatch out;
    mapper.map(message, 1000, &out);
    return dump(out);
}

} // namespace

class tst_FeedProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cryptoTicker()
    {
        const FeedProfile p = loadFixture(QStringLiteral("crypto-ticker.json"));
        QCOMPARE(p.name, QStringLiteral("Binance BTC and ETH"));
        QCOMPARE(p.sourceFile, dataPath(QStringLiteral("crypto-ticker.json")));
        QCOMPARE(p.endpoint.url, QUrl(QStringLiteral("wss://stream.binance.com:9443/stream")));
        QCOMPARE(p.endpoint.headers.size(), 1);
        QCOMPARE(p.endpoint.headers.first().first, QByteArray("User-Agent"));
        QCOMPARE(p.endpoint.headers.first().second, QByteArray("pulseboard/0.1"));
        QCOMPARE(p.endpoint.onConnect, QStringList{ QStringLiteral(
                R"({"id":1,"method":"SUBSCRIBE","params":["btcusdt@ticker","ethusdt@ticker","btcusdt@trade"]})") });
        QCOMPARE(p.endpoint.maxMessageBytes, 1048576);
        QCOMPARE(p.endpoint.maxFrameBytes, 1048576);
        QCOMPARE(p.endpoint.pingIntervalMs, 15000);
        QCOMPARE(p.endpoint.backoff.baseMs, 1000);
        QCOMPARE(p.endpoint.backoff.capMs, 60000);
        QVERIFY(!p.isAutoDiscovery());
        QCOMPARE(p.rules.size(), 2);
        const MappingRule &ticker = p.rules.first();
        QCOMPARE(ticker.name, QStringLiteral("ticker"));
        QCOMPARE(ticker.match.size(), 1);
        QCOMPARE(ticker.match.first().first.toString(), QStringLiteral("/data/e"));
        QCOMPARE(ticker.match.first().second, QJsonValue(QStringLiteral("24hrTicker")));
        QVERIFY(ticker.hasItems);
        QCOMPARE(ticker.items.size(), 1);
        QCOMPARE(ticker.items.first().toString(), QStringLiteral("/data"));
        QCOMPARE(ticker.values.size(), 3);
        QCOMPARE(ticker.seriesTemplate, QStringLiteral("{/s}.{value}"));
        QCOMPARE(ticker.time.toString(), QStringLiteral("/E"));
        QCOMPARE(ticker.timeFormat, TimeFormat::EpochMillis);

        // The messages quoted in docs/profiles.md.
        QCOMPARE(mapOne(p, R"({"stream":"btcusdt@ticker","data":{"e":"24hrTicker","E":1700000000123,"s":"BTCUSDT","c":"42000.10","b":"41999.90","a":"42000.20","v":"1234.5"}})"),
                 QStringLiteral("BTCUSDT.ask@1700000000123=42000.2; BTCUSDT.bid@1700000000123=41999.9; BTCUSDT.last@1700000000123=42000.1"));
        QCOMPARE(mapOne(p, R"({"stream":"btcusdt@trade","data":{"e":"trade","T":1700000000456,"s":"BTCUSDT","p":"42000.30","q":"0.015"}})"),
                 QStringLiteral("BTCUSDT.trade.price@1700000000456=42000.3; BTCUSDT.trade.qty@1700000000456=0.015"));
        QCOMPARE(mapOne(p, R"({"result":null,"id":1})"), QString());
    }

    void iotSensors()
    {
        const FeedProfile p = loadFixture(QStringLiteral("iot-sensors.json"));
        QCOMPARE(p.endpoint.url.scheme(), QStringLiteral("ws"));
        QCOMPARE(p.endpoint.headers.size(), 1);
        QCOMPARE(p.endpoint.headers.first().first, QByteArray("Authorization"));
        QCOMPARE(p.endpoint.headers.first().second, QByteArray("Bearer lab-token"));
        QCOMPARE(p.endpoint.subprotocols, QStringList{ QStringLiteral("sensors.v2") });
        QCOMPARE(p.endpoint.onConnect, QStringList{ QStringLiteral("hello") });
        QCOMPARE(p.endpoint.pingIntervalMs, 0);
        QCOMPARE(p.rules.first().timeFormat, TimeFormat::Iso8601);
        QCOMPARE(mapOne(p, R"({"type":"reading","sensor":"lab-1","time":"2023-11-14T23:13:20.250+01:00","data":{"temperature":21.5,"humidity":"44.0","doorOpen":false}})"),
                 QStringLiteral("lab-1.door@1700000000250=0; lab-1.humidity@1700000000250=44; lab-1.temperature@1700000000250=21.5"));
        QCOMPARE(mapOne(p, R"({"type":"status","sensor":"lab-1","battery":87})"), QString());
        QCOMPARE(mapOne(p, R"({"type":"reading","time":"2023-11-14T22:13:20Z","data":{"temperature":21.5}})"), QString());
    }

    void wrapperArray()
    {
        const FeedProfile p = loadFixture(QStringLiteral("wrapper-array.json"));
        QCOMPARE(p.endpoint.pinnedSha256, QByteArray("3f9a110bc26e5d4788a1902cdef0123456789abcdef0123456789abcdef01234"));
        QCOMPARE(p.rules.first().match.size(), 2);
        QCOMPARE(p.rules.first().timeFormat, TimeFormat::EpochSeconds);
        QCOMPARE(mapOne(p, R"({"kind":"batch","version":2,"payload":{"count":2,"records":[
                    {"station":"north","pump":1,"ts":"1700000000.250","flow":"12.5","pressure":3.2},
                    {"station":"north","pump":2,"ts":1700000001,"flow":"11.0"}]}})"),
                 QStringLiteral("north/1/flow@1700000000250=12.5; north/1/pressure@1700000000250=3.2; north/2/flow@1700000001000=11"));
        QCOMPARE(mapOne(p, R"({"kind":"batch","version":1,"payload":{"records":[{"station":"n","pump":1,"ts":1,"flow":1}]}})"), QString());
    }

    void autoSplit()
    {
        const FeedProfile p = loadFixture(QStringLiteral("auto-split.json"));
        QVERIFY(p.isAutoDiscovery());
        QCOMPARE(p.splitKeys.size(), 1);
        QCOMPARE(p.splitKeys.first().toString(), QStringLiteral("/symbol"));
        QCOMPARE(p.autoTimeFormat, TimeFormat::EpochMillis);
        QCOMPARE(mapOne(p, R"({"type":"tick","symbol":"BTCUSD","price":"64250.5","qty":3,"ts":1700000000123,"seq":17})"),
                 QStringLiteral("BTCUSD/price@1700000000123=64250.5; BTCUSD/qty@1700000000123=3; BTCUSD/seq@1700000000123=17"));
    }

    void autoMinimal()
    {
        const FeedProfile p = loadFixture(QStringLiteral("auto-minimal.json"));
        QVERIFY(p.isAutoDiscovery());
        QVERIFY(p.splitKeys.isEmpty());
        QCOMPARE(p.autoTimeFormat, TimeFormat::Arrival);
        QCOMPARE(mapOne(p, R"({"data":[{"p":"1.5","ok":true},{"p":2}],"ts":5})"),
                 QStringLiteral("/data/0/p@1000=1.5; /data/1/p@1000=2; /ts@1000=5"));
    }

    void envelopeTime()
    {
        const FeedProfile p = loadFixture(QStringLiteral("envelope-time.json"));
        QCOMPARE(p.endpoint.transport, FeedTransport::HttpPoll);
        QCOMPARE(p.endpoint.pollIntervalMs, 5000);
        QCOMPARE(p.endpoint.url.scheme(), QStringLiteral("https"));
        QCOMPARE(p.rules.first().time.up(), 1);
        QCOMPARE(p.rules.first().time.toString(), QStringLiteral("../ts"));
        QCOMPARE(mapOne(p, R"({"exchange":"demo","ts":1700000000,"tickers":[{"symbol":"BTC","last":"42000.5","vol":12},{"symbol":"ETH","last":"2200","vol":"80.5"}]})"),
                 QStringLiteral("demo.BTC.last@1700000000000=42000.5; demo.BTC.volume@1700000000000=12; "
                                "demo.ETH.last@1700000000000=2200; demo.ETH.volume@1700000000000=80.5"));
        QCOMPARE(mapOne(p, R"({"ts":1700000000,"tickers":[{"symbol":"BTC","last":"1"}]})"), QString());   // no exchange
        QCOMPARE(mapOne(p, R"({"exchange":"demo","tickers":[{"symbol":"BTC","last":"1"}]})"), QString());  // no time
    }

    void nestedItems()
    {
        const FeedProfile p = loadFixture(QStringLiteral("nested-items.json"));
        QCOMPARE(p.rules.first().items.size(), 2);
        QCOMPARE(p.endpoint.onConnect.size(), 1);
        QCOMPARE(mapOne(p, R"({"context":"vessels.urn:mrn:imo:mmsi:234567890","updates":[{"source":{"label":"N2000-01"},"timestamp":"2010-01-07T07:18:44Z","values":[{"path":"propulsion.0.revolutions","value":16.341667},{"path":"propulsion.0.boostPressure","value":45500}]},{"timestamp":"2010-01-07T07:18:45.5Z","values":[{"path":"navigation.position","value":{"latitude":60.1,"longitude":24.9}},{"path":"navigation.speedOverGround","value":3.85}]}]})"),
                 QStringLiteral("propulsion.0.revolutions@1262848724000=16.341667; propulsion.0.boostPressure@1262848724000=45500; "
                                "navigation.speedOverGround@1262848725500=3.85"));
        QCOMPARE(mapOne(p, R"({"name":"signalk-server","version":"2.0.0","self":"vessels.urn:mrn:imo:mmsi:234567890"})"), QString());
    }

    void transports_data()
    {
        QTest::addColumn<QByteArray>("connection");
        QTest::addColumn<int>("transport");
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QByteArray>("auth");
        QTest::addColumn<int>("pollMs");
        const QString root = QStringLiteral("/");
        QTest::newRow("ws default auto") << QByteArray("{\"url\":\"wss://a.b/x\"}") << int(FeedTransport::Auto) << root << QByteArray() << 5000;
        QTest::newRow("websocket") << QByteArray("{\"url\":\"ws://a.b\",\"transport\":\"websocket\"}") << int(FeedTransport::WebSocket) << root << QByteArray() << 5000;
        QTest::newRow("socketio scheme") << QByteArray("{\"url\":\"socketios://a.b\",\"socketio\":{\"namespace\":\"/prices\",\"auth\":{\"token\":\"t\"}}}")
                                         << int(FeedTransport::Auto) << QStringLiteral("/prices") << QByteArray("{\"token\":\"t\"}") << 5000;
        QTest::newRow("socketio over https") << QByteArray("{\"url\":\"https://a.b\",\"transport\":\"socketio\",\"socketio\":{\"auth\":{}}}")
                                             << int(FeedTransport::SocketIo) << root << QByteArray("{}") << 5000;
        QTest::newRow("sse") << QByteArray("{\"url\":\"http://a.b/events\",\"transport\":\"sse\"}") << int(FeedTransport::Sse) << root << QByteArray() << 5000;
        QTest::newRow("poll") << QByteArray("{\"url\":\"https://a.b/x.json\",\"transport\":\"poll\",\"pollIntervalSeconds\":0.5}") << int(FeedTransport::HttpPoll) << root << QByteArray() << 500;
        QTest::newRow("auto http poll interval") << QByteArray("{\"url\":\"http://a.b/x.json\",\"pollIntervalSeconds\":60}") << int(FeedTransport::Auto) << root << QByteArray() << 60000;
    }
    void transports()
    {
        QFETCH(QByteArray, connection);
        QFETCH(int, transport);
        QFETCH(QString, ns);
        QFETCH(QByteArray, auth);
        QFETCH(int, pollMs);
        FeedProfile p;
        QString error;
        QVERIFY2(FeedProfile::fromJson("{\"name\":\"x\",\"connection\":" + connection + "}", &p, &error), qPrintable(error));
        QCOMPARE(int(p.endpoint.transport), transport);
        QCOMPARE(p.endpoint.socketIoNamespace, ns);
        QCOMPARE(p.endpoint.socketIoAuth, auth);
        QCOMPARE(p.endpoint.pollIntervalMs, pollMs);
    }

    void examplesAreInTheDocs_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *name : { "crypto-ticker.json", "iot-sensors.json", "wrapper-array.json", "auto-split.json", "auto-minimal.json",
                                  "envelope-time.json", "nested-items.json" })
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void examplesAreInTheDocs()
    {
        QFETCH(QString, file);
        QFile docs(QStringLiteral(PULSEBOARD_TEST_DATA "/../../docs/profiles.md"));
        QVERIFY2(docs.open(QIODevice::ReadOnly), qPrintable(docs.fileName()));
        QFile fixture(dataPath(file));
        QVERIFY(fixture.open(QIODevice::ReadOnly));
        const QByteArray block = "```json\n" + fixture.readAll() + "```\n";
        QVERIFY2(docs.readAll().contains(block), qPrintable(file + QStringLiteral(" is not quoted verbatim in docs/profiles.md")));
    }

    void invalid_data();
    void invalid()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        FeedProfile profile;
        profile.name = QStringLiteral("untouched");
        QString actual;
        QVERIFY(!FeedProfile::fromJson(text, &profile, &actual, QStringLiteral("bad.json")));
        QCOMPARE(actual, error);
        QCOMPARE(profile.name, QStringLiteral("untouched"));   // nothing half-applied
    }

    void hostileProfiles_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        const QByteArray deep = QByteArray(1000, '[') + QByteArray(1000, ']');
        QTest::newRow("deep value inside match, error after it")
            << ("{\n\"name\": \"x\",\n\"rules\": [ { \"match\": { \"/a\": " + deep + " },\n\"values\": \"p\" } ] }")
            << QStringLiteral("bad.json:4: rules[0].values: \"p\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/p\"), "
                              "or be \"\" for the whole document");
        QTest::newRow("10k nesting")
            << ("{\"name\": \"x\",\n\"description\": " + QByteArray(10'000, '[') + QByteArray(10'000, ']') + "}")
            << QStringLiteral("bad.json:2:1040: JSON syntax error: too deeply nested document");
        QTest::newRow("megabyte-long unknown key")
            << ("{\"name\": \"x\",\n\n\"" + QByteArray(1'000'000, 'k') + "\": 1}")
            << (QStringLiteral("bad.json:3: [\"") + QString(60, u'k')
                + QStringLiteral("...\"]: unknown key; allowed keys here: name, description, connection, rules, auto"));
        QTest::newRow("control characters in a key")
            << QByteArray("{\"name\": \"x\", \"na\\u0000me\": 1}")
            << QStringLiteral("bad.json:1: [\"na\\u0000me\"]: unknown key (did you mean \"name\"?); "
                              "allowed keys here: name, description, connection, rules, auto");
        QTest::newRow("terminal escape in a key")
            << QByteArray("{\"name\": \"x\",\n\"\\u001b[31mred\": 1}")
            << QStringLiteral("bad.json:2: [\"\\u001b[31mred\"]: unknown key; "
                              "allowed keys here: name, description, connection, rules, auto");
        QTest::newRow("terminal escape in a value")
            << QByteArray("{\"name\": \"x\", \"rules\": [ { \"values\": \"\\u001b]0;pwned\\u0007\" } ] }")
            << QStringLiteral("bad.json:1: rules[0].values: \"\\u001b]0;pwned\\u0007\" is not a JSON Pointer: it must start "
                              "with \"/\" (e.g. \"/\\u001b]0;pwned\\u0007\"), or be \"\" for the whole document");
        QTest::newRow("megabyte-long url")
            << ("{\"name\": \"x\", \"connection\": { \"url\": \"https://" + QByteArray(1'000'000, 'a') + "\" } }")
            << (QStringLiteral("bad.json:1: connection.url: \"https://") + QString(400 - 9, u'a') + QStringLiteral("..."));
        QTest::newRow("megabyte-long pointer")
            << ("{\"name\": \"x\", \"rules\": [ { \"values\": \"" + QByteArray(1'000'000, 'p') + "\" } ] }")
            << (QStringLiteral("bad.json:1: rules[0].values: \"") + QString(400 - 1, u'p') + QStringLiteral("..."));
    }
    void hostileProfiles()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        FeedProfile profile;
        QString actual;
        QVERIFY(!FeedProfile::fromJson(text, &profile, &actual, QStringLiteral("bad.json")));
        QCOMPARE(actual, error);
    }

    void loadErrors()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        FeedProfile profile;
        QString error;
        const QString missing = dir.filePath(QStringLiteral("nope.json"));
        QVERIFY(!FeedProfile::load(missing, &profile, &error));
        QCOMPARE(error, missing + QStringLiteral(": no such file; check the profile path"));

        QVERIFY(!FeedProfile::load(dir.path(), &profile, &error));
        QCOMPARE(error, dir.path() + QStringLiteral(": is a directory; expected a profile .json file"));

        const QString big = dir.filePath(QStringLiteral("big.json"));
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"name\":\"x\",\"description\":\"" + QByteArray(FeedProfile::kMaxFileBytes, 'x') + "\"}");
        file.close();
        QVERIFY(!FeedProfile::load(big, &profile, &error));
        QCOMPARE(error, big + QStringLiteral(": the profile is larger than 1048576 bytes (1 MiB); profiles are small "
                                             "hand-written files, is this the right file?"));

        // Exactly at the limit is fine.
        const QByteArray head = "{\"name\":\"x\",\"description\":\"";
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(head + QByteArray(FeedProfile::kMaxFileBytes - head.size() - 2, 'x') + "\"}");
        file.close();
        QCOMPARE(file.size(), FeedProfile::kMaxFileBytes);
        QVERIFY2(FeedProfile::load(big, &profile, &error), qPrintable(error));

        const QString locked = dir.filePath(QStringLiteral("locked.json"));
        QFile lockedFile(locked);
        QVERIFY(lockedFile.open(QIODevice::WriteOnly));
        lockedFile.write("{\"name\":\"x\"}");
        lockedFile.close();
        QVERIFY(lockedFile.setPermissions(QFileDevice::WriteOwner));
        if (lockedFile.open(QIODevice::ReadOnly))
            QSKIP("running as a user who can read a mode-0200 file (root?)");
        QVERIFY(!FeedProfile::load(locked, &profile, &error));
        QCOMPARE(error, locked + QStringLiteral(": cannot read the profile: Permission denied"));
    }

    void loadReportsPathAndLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("typo.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\n  \"name\": \"x\",\n  \"rules\": [\n    { \"values\": \"/p\",\n      \"timeFormat\": \"msec\", \"time\": \"/t\" }\n  ]\n}\n");
        file.close();
        FeedProfile profile;
        QString error;
        QVERIFY(!FeedProfile::load(path, &profile, &error));
        QCOMPARE(error, path + QStringLiteral(":5: rules[0].timeFormat: unknown value \"msec\"; expected one of "
                                              "\"s\", \"ms\", \"us\", \"ns\", \"iso8601\", \"arrival\", \"auto\""));
    }
};

void tst_FeedProfile::invalid_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    auto row = [](const char *tag, const QByteArray &text, const char *error) {
        QTest::newRow(tag) << QByteArray(text) << QString::fromUtf8(error);
    };
    row("syntax: trailing comma", "{\n  \"name\": \"x\",\n}\n", 
        "bad.json:3:2: JSON syntax error: object is missing after a comma");
    row("syntax: empty file", "", 
        "bad.json:1: (top level): the file is empty; a profile is a JSON object such as { \"name\": \"My feed\" }");
    row("root is an array", "[1]", 
        "bad.json:1: (top level): a profile must be a JSON object { \"name\": ..., ... }, got an array");
    row("unknown top-level key", "{\n  \"name\": \"x\",\n  \"rule\": []\n}", 
        "bad.json:3: rule: unknown key (did you mean \"rules\"?); allowed keys here: name, description, connection, rules, auto");
    row("unknown key in a rule", "{\n  \"name\": \"x\",\n  \"rules\": [\n    { \"values\": \"/p\",\n      \"serie\": \"a\" }\n  ]\n}", 
        "bad.json:5: rules[0].serie: unknown key (did you mean \"series\"?); allowed keys here: name, match, items, values, series, time, timeFormat");
    row("first unknown key in file order", "{\n  \"zzz\": 1,\n  \"name\": \"x\",\n  \"aaa\": 2\n}", 
        "bad.json:2: zzz: unknown key; allowed keys here: name, description, connection, rules, auto");
    row("name missing", "{\n  \"rules\": []\n}", 
        "bad.json:1: name: missing; a string is required here");
    row("name not a string", "{\n  \"name\": 42\n}", 
        "bad.json:2: name: must be a string, got a number");
    row("name empty", "{\n  \"name\": \"  \"\n}", 
        "bad.json:2: name: must not be empty; it names the feed in the UI");
    row("description not a string", "{ \"name\": \"x\", \"description\": [] }", 
        "bad.json:1: description: must be a string, got an array");
    row("connection not an object", "{ \"name\": \"x\", \"connection\": \"wss://a\" }", 
        "bad.json:1: connection: must be an object { ... }, got a string");
    row("url missing", "{\n  \"name\": \"x\",\n  \"connection\": {\n    \"headers\": {}\n  }\n}", 
        "bad.json:3: connection.url: missing; a string is required here");
    row("url scheme ftp", "{\n  \"name\": \"x\",\n  \"connection\": {\n    \"url\": \"ftp://example.com/\"\n  }\n}", 
        "bad.json:4: connection.url: scheme must be ws://, wss:// (WebSocket), socketio://, socketios:// (Socket.IO) or http://, https:// (SSE or polling), got \"ftp\"");
    row("transport unknown", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\",\n \"transport\": \"mqtt\" } }",
        "bad.json:2: connection.transport: unknown value \"mqtt\"; expected one of \"auto\", \"websocket\", \"socketio\", \"sse\", \"poll\"");
    row("transport sse with wss", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"transport\": \"sse\" } }",
        "bad.json:1: connection.transport: \"sse\" does not go with a wss:// url; use http:// or https://");
    row("transport websocket with https", "{ \"name\": \"x\", \"connection\": { \"url\": \"https://a.b\", \"transport\": \"websocket\" } }",
        "bad.json:1: connection.transport: \"websocket\" does not go with a https:// url; use ws:// or wss://");
    row("transport not a string", "{ \"name\": \"x\", \"connection\": { \"url\": \"https://a.b\", \"transport\": 1 } }",
        "bad.json:1: connection.transport: must be a string, got a number");
    row("poll interval with websocket", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"pollIntervalSeconds\": 5 } }",
        "bad.json:1: connection.pollIntervalSeconds: only used when polling (transport \"poll\", or \"auto\" with an http:// or https:// url)");
    row("poll interval too small", "{ \"name\": \"x\", \"connection\": { \"url\": \"https://a.b\", \"transport\": \"poll\", \"pollIntervalSeconds\": 0.1 } }",
        "bad.json:1: connection.pollIntervalSeconds: must be a number of seconds from 0.5 to 86400, got 0.10000000000000001");
    row("poll interval a string", "{ \"name\": \"x\", \"connection\": { \"url\": \"https://a.b\", \"pollIntervalSeconds\": \"5\" } }",
        "bad.json:1: connection.pollIntervalSeconds: must be a number of seconds from 0.5 to 86400, got a string");
    row("socketio with sse", "{ \"name\": \"x\", \"connection\": { \"url\": \"https://a.b\", \"transport\": \"sse\", \"socketio\": {} } }",
        "bad.json:1: connection.socketio: only used with Socket.IO (transport \"socketio\", or a socketio:// or socketios:// url)");
    row("socketio unknown key", "{ \"name\": \"x\", \"connection\": { \"url\": \"socketio://a.b\", \"socketio\": { \"nsp\": \"/a\" } } }",
        "bad.json:1: connection.socketio.nsp: unknown key; allowed keys here: namespace, auth");
    row("socketio namespace without slash", "{ \"name\": \"x\", \"connection\": { \"url\": \"socketio://a.b\", \"socketio\": { \"namespace\": \"prices\" } } }",
        "bad.json:1: connection.socketio.namespace: must start with \"/\" and have at most 256 characters, e.g. \"/\" or \"/prices\"");
    row("socketio namespace with comma", "{ \"name\": \"x\", \"connection\": { \"url\": \"socketio://a.b\", \"socketio\": { \"namespace\": \"/a,b\" } } }",
        "bad.json:1: connection.socketio.namespace: must not contain spaces, commas, quotes or control characters (it is written into the Socket.IO connect packet)");
    row("socketio auth a string", "{ \"name\": \"x\", \"connection\": { \"url\": \"socketios://a.b\", \"socketio\": { \"auth\": \"t\" } } }",
        "bad.json:1: connection.socketio.auth: must be a JSON object (sent with the connect packet), e.g. {\"token\": \"...\"}, got a string");
    row("socketio auth too large", QByteArray("{ \"name\": \"x\", \"connection\": { \"url\": \"socketio://a.b\", \"socketio\": { \"auth\": { \"t\": \"") + QByteArray(5000, 'a') + "\" } } } }",
        "bad.json:1: connection.socketio.auth: is 5008 bytes as JSON; at most 4096 are allowed");
    row("url without host", "{ \"name\": \"x\", \"connection\": { \"url\": \"ws:///path\" } }", 
        "bad.json:1: connection.url: has no host; expected e.g. \"wss://example.com/stream\"");
    row("url not a url", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://exa mple.com\" } }", 
        "bad.json:1: connection.url: \"wss://exa mple.com\" is not a valid URL (Invalid hostname (contains invalid characters); source was \"wss://exa mple.com\"; scheme = \"wss\"); expected e.g. \"wss://example.com/stream\"");
    row("header value with line break", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\",\n \"headers\": { \"X-Api-Key\": \"k\\r\\nEvil: 1\" } } }", 
        "bad.json:2: connection.headers[\"X-Api-Key\"]: header value contains a line break or NUL; that would inject extra headers");
    row("header list entry without colon", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\",\n \"headers\": [\"Authorization Bearer t\"] } }", 
        "bad.json:2: connection.headers[0]: must be a string \"Name: value\"");
    row("header name with space", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"headers\": [\"Bad Name: v\"] } }", 
        "bad.json:1: connection.headers[0]: \"Bad Name\" is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
    row("header set by the handshake", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"headers\": { \"Sec-WebSocket-Protocol\": \"v1\" } } }", 
        "bad.json:1: connection.headers[\"Sec-WebSocket-Protocol\"]: Sec-WebSocket-Protocol is set by the WebSocket handshake itself; use \"subprotocols\"");
    row("headers wrong type", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"headers\": \"A: b\" } }", 
        "bad.json:1: connection.headers: must be an object {\"Name\": \"value\"} or a list [\"Name: value\"]");
    row("subprotocols a string", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"subprotocols\": \"v1\" } }", 
        "bad.json:1: connection.subprotocols: must be an array of strings, got a string");
    row("subprotocol with space", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"subprotocols\": [\"v1\", \"v 2\"] } }", 
        "bad.json:1: connection.subprotocols[1]: \"v 2\" is not a valid subprotocol name (letters, digits and !#$%&'*+-.^_`|~ only)");
    row("onConnect number", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"onConnect\": [\"hi\", 42] } }", 
        "bad.json:1: connection.onConnect[1]: must be a string or a JSON object/array");
    row("pin too short", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"tlsPinSha256\": \"abcd\" } }", 
        "bad.json:1: connection.tlsPinSha256: must be the SHA-256 of the server certificate (DER) as 64 hex digits (colons allowed), got 4 digits");
    row("pin not hex", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"tlsPinSha256\": \"zz9a110bc26e5d4788a1902cdef0123456789abcdef0123456789abcdef01234\" } }", 
        "bad.json:1: connection.tlsPinSha256: must be the SHA-256 of the server certificate (DER) as 64 hex digits (colons allowed); \"z\" is not a hex digit");
    row("pin with ws://", "{ \"name\": \"x\", \"connection\": { \"url\": \"ws://a.b\", \"tlsPinSha256\": \"3f9a110bc26e5d4788a1902cdef0123456789abcdef0123456789abcdef01234\" } }", 
        "bad.json:1: connection.tlsPinSha256: a TLS pin needs a TLS url (wss://, socketios:// or https://)");
    row("maxMessageBytes a string", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"maxMessageBytes\": \"1MB\" } }", 
        "bad.json:1: connection.maxMessageBytes: must be a whole number from 1024 to 1073741824, got a string");
    row("maxMessageBytes fractional", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"maxMessageBytes\": 2048.5 } }", 
        "bad.json:1: connection.maxMessageBytes: must be a whole number from 1024 to 1073741824, got 2048.5");
    row("maxMessageBytes too small", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"maxMessageBytes\": 10 } }", 
        "bad.json:1: connection.maxMessageBytes: must be a whole number from 1024 to 1073741824, got 10");
    // Found by fuzz_profile (CI, 3 December): a number beyond qint64 was converted before
    // the range check (undefined behaviour).
    row("maxMessageBytes 6e108", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"maxMessageBytes\": 6e108 } }",
        "bad.json:1: connection.maxMessageBytes: must be a whole number from 1024 to 1073741824, got 5.9999999999999997e+108");
    row("maxMessageBytes -2^63", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"maxMessageBytes\": -9223372036854775809 } }",
        "bad.json:1: connection.maxMessageBytes: must be a whole number from 1024 to 1073741824, got -9.2233720368547758e+18");
    row("pingIntervalMs 50", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"pingIntervalMs\": 50 } }", 
        "bad.json:1: connection.pingIntervalMs: must be 0 (no heartbeat) or at least 100, got 50");
    row("backoff cap below base", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\",\n \"backoff\": { \"baseMs\": 5000,\n \"capMs\": 1000 } } }", 
        "bad.json:3: connection.backoff.capMs: capMs (1000) must be at least baseMs (5000)");
    row("backoff unknown key", "{ \"name\": \"x\", \"connection\": { \"url\": \"wss://a.b\", \"backoff\": { \"base\": 5 } } }", 
        "bad.json:1: connection.backoff.base: unknown key (did you mean \"baseMs\"?); allowed keys here: baseMs, capMs");
    row("rules an object", "{ \"name\": \"x\", \"rules\": { \"values\": \"/p\" } }", 
        "bad.json:1: rules: must be an array of rule objects [ { ... } ], got an object");
    row("rule not an object", "{ \"name\": \"x\", \"rules\": [ \"/p\" ] }", 
        "bad.json:1: rules[0]: must be a rule object { \"values\": ..., ... }, got a string");
    row("second rule broken", "{\n  \"name\": \"x\",\n  \"rules\": [\n    { \"values\": \"/p\" },\n    { \"values\": \"p\" }\n  ]\n}", 
        "bad.json:5: rules[1].values: \"p\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/p\"), or be \"\" for the whole document");
    row("values missing", "{\n  \"name\": \"x\",\n  \"rules\": [\n    {\n      \"match\": {}\n    }\n  ]\n}", 
        "bad.json:4: rules[0].values: missing; every rule needs a pointer such as \"/p\", or an object of label -> pointer such as {\"bid\": \"/b\", \"ask\": \"/a\"}");
    row("values a number", "{ \"name\": \"x\", \"rules\": [ { \"values\": 3 } ] }", 
        "bad.json:1: rules[0].values: must be a pointer such as \"/p\", or an object of label -> pointer such as {\"bid\": \"/b\", \"ask\": \"/a\"}, got a number");
    row("values empty", "{ \"name\": \"x\", \"rules\": [ { \"values\": {} } ] }", 
        "bad.json:1: rules[0].values: is empty; name at least one value, e.g. {\"price\": \"/p\"}");
    row("value pointer invalid", "{ \"name\": \"x\", \"rules\": [ { \"values\": { \"price\": \"price\" } } ] }", 
        "bad.json:1: rules[0].values.price: \"price\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/price\"), or be \"\" for the whole document");
    row("value pointer bad escape", "{ \"name\": \"x\", \"rules\": [ { \"values\": { \"price\": \"/a~2\" } } ] }", 
        "bad.json:1: rules[0].values.price: \"/a~2\" is not a JSON Pointer: \"~\" must be followed by 0 or 1 (write ~0 for \"~\" and ~1 for \"/\")");
    row("whole-record value without series", "{ \"name\": \"x\", \"rules\": [ { \"items\": \"/p\", \"values\": \"\" } ] }", 
        "bad.json:1: rules[0].series: missing; \"values\" is the whole record (\"\"), so give the series a name, e.g. \"price\" or \"{/symbol}\"");
    row("match not an object", "{ \"name\": \"x\", \"rules\": [ { \"match\": [\"/e\", \"t\"], \"values\": \"/p\" } ] }", 
        "bad.json:1: rules[0].match: must be an object { ... }, got an array");
    row("match key not a pointer", "{ \"name\": \"x\", \"rules\": [ { \"match\": { \"e\": \"trade\" }, \"values\": \"/p\" } ] }", 
        "bad.json:1: rules[0].match.e: keys of \"match\" are JSON Pointers into the message; \"e\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/e\"), or be \"\" for the whole document");
    row("items not a pointer", "{ \"name\": \"x\", \"rules\": [ { \"items\": \"data\", \"values\": \"/p\" } ] }", 
        "bad.json:1: rules[0].items: \"data\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/data\"), or be \"\" for the whole document");
    row("items a number", "{ \"name\": \"x\", \"rules\": [ { \"items\": 0, \"values\": \"/p\" } ] }", 
        "bad.json:1: rules[0].items: must be a JSON Pointer such as \"/data\", or a list of pointers walked level by level such as [\"/updates\", \"/values\"], got a number");
    row("items empty list", "{ \"name\": \"x\", \"rules\": [ { \"items\": [], \"values\": \"/p\" } ] }",
        "bad.json:1: rules[0].items: is an empty list; remove \"items\" (the whole message is the record) or give a JSON Pointer such as \"/data\", or a list of pointers walked level by level such as [\"/updates\", \"/values\"]");
    row("items too deep", "{ \"name\": \"x\", \"rules\": [ { \"items\": [\"/a\",\"/b\",\"/c\",\"/d\",\"/e\"], \"values\": \"/p\" } ] }",
        "bad.json:1: rules[0].items: has 5 levels; at most 4 are allowed");
    row("items level not a string", "{ \"name\": \"x\", \"rules\": [ { \"items\": [\"/a\", 2], \"values\": \"/p\" } ] }",
        "bad.json:1: rules[0].items[1]: must be a JSON Pointer string such as \"/data\", got a number");
    row("items level invalid", "{ \"name\": \"x\", \"rules\": [ { \"items\": [\"/a\", \"b\"], \"values\": \"/p\" } ] }",
        "bad.json:1: rules[0].items[1]: \"b\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/b\"), or be \"\" for the whole document");
    row("items inner level root", "{ \"name\": \"x\", \"rules\": [ { \"items\": [\"/a\", \"\"], \"values\": \"/p\" } ] }",
        "bad.json:1: rules[0].items[1]: \"\" only makes sense as the first level (an array at the root); name the field that holds the next records, e.g. \"/values\"");
    row("up without items", "{ \"name\": \"x\", \"rules\": [ { \"values\": \"../p\" } ] }",
        "bad.json:1: rules[0].values: \"../p\" reaches outside the record with \"../\", but the rule has no \"items\": the whole message is the record, so write \"/...\"");
    row("up too far in values", "{ \"name\": \"x\", \"rules\": [ { \"items\": \"/d\", \"values\": { \"p\": \"../../p\" } } ] }",
        "bad.json:1: rules[0].values.p: \"../../p\" climbs 2 levels with \"../\", but \"items\" has 1, so at most 1 (the last one reaches the message)");
    row("up too far in time", "{ \"name\": \"x\", \"rules\": [ { \"items\": [\"/u\", \"/v\"], \"values\": \"/p\", \"time\": \"../../../t\" } ] }",
        "bad.json:1: rules[0].time: \"../../../t\" climbs 3 levels with \"../\", but \"items\" has 2, so at most 2 (the last one reaches the message)");
    row("up too far in series", "{ \"name\": \"x\", \"rules\": [ { \"items\": \"/d\", \"values\": \"/p\", \"series\": \"{../../s}\" } ] }",
        "bad.json:1: rules[0].series: \"../../s\" climbs 2 levels with \"../\", but \"items\" has 1, so at most 1 (the last one reaches the message)");
    row("up then not a pointer", "{ \"name\": \"x\", \"rules\": [ { \"items\": \"/d\", \"values\": \"../p~2\" } ] }",
        "bad.json:1: rules[0].values: \"../p~2\" is not a JSON Pointer after \"../\": \"/p~2\" is not a JSON Pointer: \"~\" must be followed by 0 or 1 (write ~0 for \"~\" and ~1 for \"/\")");
    row("up in match", "{ \"name\": \"x\", \"rules\": [ { \"items\": \"/d\", \"match\": { \"../e\": 1 }, \"values\": \"/p\" } ] }",
        "bad.json:1: rules[0].match[\"../e\"]: keys of \"match\" are JSON Pointers into the message; \"../e\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/../e\"), or be \"\" for the whole document");
    row("several labels, no series", "{\n  \"name\": \"x\",\n  \"rules\": [\n    { \"values\": { \"bid\": \"/b\", \"ask\": \"/a\" } }\n  ]\n}", 
        "bad.json:4: rules[0].series: missing; \"values\" has 2 labels, so a name template with {value} is needed, e.g. \"{value}\" or \"{/s}.{value}\"");
    row("several labels, series without {value}", "{ \"name\": \"x\", \"rules\": [ { \"values\": { \"bid\": \"/b\", \"ask\": \"/a\" }, \"series\": \"{/s}\" } ] }", 
        "bad.json:1: rules[0].series: must contain {value}: \"values\" has 2 labels that would all land in one series");
    row("series unknown field", "{ \"name\": \"x\", \"rules\": [ { \"values\": \"/p\", \"series\": \"{sym}.{value}\" } ] }", 
        "bad.json:1: rules[0].series: unknown field {sym}; fields are {value} (the value label), {/pointer} (a field of the record, e.g. {/s}) or {../pointer} (a field of the enclosing record or message, e.g. {../channel})");
    row("series unterminated", "{ \"name\": \"x\", \"rules\": [ { \"values\": \"/p\", \"series\": \"{/s.{value}\" } ] }", 
        "bad.json:1: rules[0].series: unterminated \"{\" at position 1; fields are {value} or {/pointer}");
    row("series stray brace", "{ \"name\": \"x\", \"rules\": [ { \"values\": \"/p\", \"series\": \"a}b\" } ] }", 
        "bad.json:1: rules[0].series: unmatched \"}\" at position 2; write \"}}\" for a literal brace");
    row("series empty", "{ \"name\": \"x\", \"rules\": [ { \"values\": \"/p\", \"series\": \"\" } ] }", 
        "bad.json:1: rules[0].series: must not be empty; use e.g. \"{value}\" or \"{/symbol}.{value}\"");
    row("series bad pointer field", "{ \"name\": \"x\", \"rules\": [ { \"values\": \"/p\", \"series\": \"{/a~}\" } ] }", 
        "bad.json:1: rules[0].series: field {/a~}: \"/a~\" is not a JSON Pointer: \"~\" must be followed by 0 or 1 (write ~0 for \"~\" and ~1 for \"/\")");
    row("timeFormat unknown", "{\n  \"name\": \"x\",\n  \"rules\": [\n    { \"values\": \"/p\", \"time\": \"/t\",\n      \"timeFormat\": \"msec\" }\n  ]\n}", 
        "bad.json:5: rules[0].timeFormat: unknown value \"msec\"; expected one of \"s\", \"ms\", \"us\", \"ns\", \"iso8601\", \"arrival\", \"auto\"");
    row("timeFormat not a string", "{ \"name\": \"x\", \"rules\": [ { \"values\": \"/p\", \"time\": \"/t\", \"timeFormat\": 1000 } ] }", 
        "bad.json:1: rules[0].timeFormat: must be a string; expected one of \"s\", \"ms\", \"us\", \"ns\", \"iso8601\", \"arrival\", \"auto\"");
    row("timeFormat without time", "{\n  \"name\": \"x\",\n  \"rules\": [\n    { \"values\": \"/p\",\n      \"timeFormat\": \"ms\" }\n  ]\n}", 
        "bad.json:5: rules[0].time: missing; timeFormat \"ms\" needs a \"time\" pointer to the timestamp field, e.g. \"/T\"");
    row("time with arrival", "{ \"name\": \"x\", \"rules\": [ { \"values\": \"/p\", \"time\": \"/t\", \"timeFormat\": \"arrival\" } ] }", 
        "bad.json:1: rules[0].time: not used with timeFormat \"arrival\"; remove it, or set timeFormat to the field's unit");
    row("time not a pointer", "{ \"name\": \"x\", \"rules\": [ { \"values\": \"/p\", \"time\": \"t\" } ] }", 
        "bad.json:1: rules[0].time: \"t\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/t\"), or be \"\" for the whole document");
    row("auto with rules", "{\n  \"name\": \"x\",\n  \"rules\": [ { \"values\": \"/p\" } ],\n  \"auto\": { \"split\": [\"/s\"] }\n}", 
        "bad.json:4: auto: not allowed together with \"rules\": auto-discovery only runs when there are no rules; remove one of them");
    row("auto not an object", "{ \"name\": \"x\", \"auto\": true }", 
        "bad.json:1: auto: must be an object { ... }, got true/false");
    row("auto unknown key", "{ \"name\": \"x\", \"auto\": { \"splits\": [\"/s\"] } }", 
        "bad.json:1: auto.splits: unknown key (did you mean \"split\"?); allowed keys here: root, split, time, timeFormat");
    row("split not an array", "{ \"name\": \"x\", \"auto\": { \"split\": \"/symbol\" } }", 
        "bad.json:1: auto.split: must be an array of pointers to key fields, e.g. [\"/symbol\"], got a string");
    row("split entry not a pointer", "{ \"name\": \"x\", \"auto\": { \"split\": [\"/a\", \"symbol\"] } }", 
        "bad.json:1: auto.split[1]: \"symbol\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/symbol\"), or be \"\" for the whole document");
    row("split entry whole record", "{ \"name\": \"x\", \"auto\": { \"split\": [\"\"] } }", 
        "bad.json:1: auto.split[0]: \"\" is the whole record; name a field, e.g. \"/symbol\"");
    row("split entry a number", "{ \"name\": \"x\", \"auto\": { \"split\": [1] } }", 
        "bad.json:1: auto.split[0]: must be a JSON Pointer string such as \"/symbol\", got a number");
    row("auto root invalid", "{ \"name\": \"x\", \"auto\": { \"root\": \"data\" } }", 
        "bad.json:1: auto.root: \"data\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/data\"), or be \"\" for the whole document");
    row("auto timeFormat unknown", "{ \"name\": \"x\", \"auto\": { \"time\": \"/t\", \"timeFormat\": \"seconds\" } }", 
        "bad.json:1: auto.timeFormat: unknown value \"seconds\"; expected one of \"s\", \"ms\", \"us\", \"ns\", \"iso8601\", \"arrival\", \"auto\"");
    row("key with unusual characters in the path", "{ \"name\": \"x\", \"rules\": [ { \"values\": { \"bid price\": 1 } } ] }", 
        "bad.json:1: rules[0].values[\"bid price\"]: must be a JSON Pointer string such as \"/p\", got a number");
}

QTEST_GUILESS_MAIN(tst_FeedProfile)
#include "tst_feedprofile.moc"
