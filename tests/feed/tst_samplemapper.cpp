// SampleMapper: every real-feed quirk (numbers as strings, arrays of records, wrappers,
// several message types, non-JSON), series templates, time formats, auto-discovery with
// split keys, and hostile input that must stay bounded.
// Expected samples are written "series@t=v" joined by "; ", in output order.
#include "jsontape.h"
#include "samplemapper.h"
#include "sampletime.h"
#include "samplevalue.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <cstring>

namespace {

constexpr qint64 kArrival = 1000;

FeedProfile profileFrom(const QByteArray &json)
{
    FeedProfile profile;
    QString error;
    if (!FeedProfile::fromJson(json, &profile, &error))
        qFatal("test profile does not load: %s", qPrintable(error));
    return profile;
}

QString dump(const SampleBatch &batch)
{
    QStringList parts;
    for (const Sample &s : batch)
        parts.append(QStringLiteral("%1@%2=%3").arg(s.series).arg(s.t).arg(s.v, 0, 'g', QLocale::FloatingPointShortest));
    return parts.join(QLatin1String("; "));
}

using Result = SampleMapper::Result;

// Maps through both paths, the QJsonDocument reference (mapWithQt) and the JsonTape
// fast path on the same UTF-8 bytes (map(QByteArrayView), what the pipeline uses), and
// fails the test when they disagree; invalid UTF-8 included.
Result mapBoth(SampleMapper &mapper, const QByteArray &message, qint64 arrival, SampleBatch *out)
{
    SampleBatch fast = *out;
    const Result reference = mapper.mapWithQt(message, arrival, out);
    const Result tape = mapper.map(QByteArrayView(message), arrival, &fast);
    if (!QTest::qCompare(int(tape), int(reference), "tape result", "reference result", __FILE__, __LINE__)
        || !QTest::qCompare(dump(fast), dump(*out), "tape samples", "reference samples", __FILE__, __LINE__))
        return Result(-1);
    return reference;
}

// Rule sets used by several tables.
const QByteArray kOneValue = R"({"name":"p","rules":[{"values":"/p"}]})";
const QByteArray kTwoTypes = R"({"name":"binance","rules":[
    {"match":{"/e":"trade"},"values":{"price":"/p","qty":"/q"},"series":"{/s}.{value}","time":"/T","timeFormat":"ms"},
    {"match":{"/e":"ticker"},"values":{"bid":"/b"},"series":"{/s}.{value}"},
    {"match":{"/e":"trade"},"values":{"never":"/p"}},
    {"match":{"/v":2,"/kind":null},"values":{"x":"/x"}}]})";
const QByteArray kWrapper = R"({"name":"w","rules":[
    {"items":"/data","values":{"price":"/p"},"series":"{/s}.{value}"}]})";
const QByteArray kRootArray = R"({"name":"r","rules":[{"items":"","values":{"p":"/p"},"series":"{/s}.{value}"}]})";
const QByteArray kWholeRecord = R"({"name":"n","rules":[{"items":"/prices","values":"","series":"price"}]})";
const QByteArray kTuple = R"({"name":"kraken","rules":[
    {"match":{"/2":"ticker"},"values":{"last":"/1/c/0"},"series":"{/3}.{value}"}]})";
const QByteArray kAuto = R"({"name":"a"})";
// Nested items and references outside the record ("../").
const QByteArray kNested = R"({"name":"sk","rules":[{"items":["/updates","/values"],"values":{"v":"/value","boat":"../../speed"},
    "series":"{../../ctx}/{/path}.{value}","time":"../ts","timeFormat":"ms"}]})";
const QByteArray kEnvelope = R"({"name":"env","rules":[{"items":"/tickers","values":{"last":"/last","fee":"../fee"},
    "series":"{../src}.{/s}.{value}","time":"../ts","timeFormat":"s"}]})";
const QByteArray kAutoSplit = R"({"name":"s","auto":{"split":["/s","/n"],"time":"/t","timeFormat":"auto"}})";
const QByteArray kAutoRooted = R"({"name":"r","auto":{"root":"/data"}})";
const QByteArray kTimes = R"({"name":"t","rules":[
    {"match":{"/k":"iso"},"values":{"v":"/v"},"series":"{/s}/{/n}.{value}","time":"/t","timeFormat":"iso8601"},
    {"match":{"/k":"auto"},"values":{"v":"/v","w":"/w/0"},"series":"{/s}-{value}","time":"/t","timeFormat":"auto"},
    {"values":{"v":"/v"},"series":"x{/n}","time":"/t","timeFormat":"ns"}]})";

} // namespace

class tst_SampleMapper : public QObject
{
    Q_OBJECT

    static void addColumns()
    {
        QTest::addColumn<QByteArray>("profile");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<Result>("result");
        QTest::addColumn<QString>("samples");
    }
    static void check()
    {
        QFETCH(QByteArray, profile);
        QFETCH(QByteArray, message);
        QFETCH(Result, result);
        QFETCH(QString, samples);
        SampleMapper mapper(profileFrom(profile));
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, message, kArrival, &out), result);
        QCOMPARE(dump(out), samples);
    }

private Q_SLOTS:
    void numbersAsStrings_data()
    {
        addColumns();
        auto ok = [](const char *tag, const QByteArray &p, const char *expected) {
            QTest::newRow(tag) << kOneValue << (R"({"p":)" + p + "}") << Result::Mapped << QString::fromLatin1(expected);
        };
        auto no = [](const char *tag, const QByteArray &p) {
            QTest::newRow(tag) << kOneValue << (R"({"p":)" + p + "}") << Result::NoSamples << QString();
        };
        ok("string decimal", "\"42000.10\"", "/p@1000=42000.1");
        ok("number", "42000.1", "/p@1000=42000.1");
        ok("string negative exponent", "\"-1.5e3\"", "/p@1000=-1500");
        ok("string plus sign", "\"+7\"", "/p@1000=7");
        ok("string leading dot", "\".5\"", "/p@1000=0.5");
        ok("string trailing dot", "\"5.\"", "/p@1000=5");
        ok("string capital E", "\"1E2\"", "/p@1000=100");
        ok("zero", "0", "/p@1000=0");
        ok("named boolean true is 1", "true", "/p@1000=1");
        ok("named boolean false is 0", "false", "/p@1000=0");
        no("NaN", "\"NaN\"");
        no("nan", "\"nan\"");
        no("inf", "\"inf\"");
        no("-Infinity", "\"-Infinity\"");
        no("empty string", "\"\"");
        no("leading space", "\" 42\"");
        no("trailing space", "\"42 \"");
        no("trailing garbage", "\"12abc\"");
        no("hex", "\"0x1A\"");
        no("overflow to infinity", "\"1e999\"");
        no("double sign", "\"--1\"");
        no("bare exponent", "\"1e\"");
        no("decimal comma", "\"1,5\"");
        no("just a dot", "\".\"");
        no("too long", '"' + QByteArray(100, '1') + '"');
        no("null", "null");
        no("object", "{\"x\":1}");
        no("array", "[1]");
        QTest::newRow("missing field") << kOneValue << QByteArray(R"({"q":1})") << Result::NoSamples << QString();
    }
    void numbersAsStrings() { check(); }

    void numberTextMatchesQt()
    {
        // The exact fast path must give bit-identical doubles to Qt's general parser.
        QStringList texts = { "0.1", "4.35", "1.005", "-0.000001234", "123456789012345", "999999999999999.9",
                              "1234567890123456789", "1e22", "1e23", "1.7976931348623157e308", "5e-324",
                              "0.30000000000000004", "42000.10", "00012.50", "-0", "3.14159265358979",
                              "1e-22", "123.456e-5", "9007199254740993", ".000000000000000000000000001" };
        QRandomGenerator rng(1234);
        for (int i = 0; i < 20000; ++i) {
            const int scale = int(rng.bounded(12));
            const qint64 mantissa = qint64(rng.generate64() % 10'000'000'000'000'000ULL) >> rng.bounded(40);
            texts.append(QString::number(double(mantissa) / std::pow(10.0, scale), 'f', scale));
        }
        for (const QString &text : std::as_const(texts)) {
            double fast = 0;
            QVERIFY2(SampleValue::parseNumber(text, &fast), qPrintable(text));
            const double reference = text.toDouble();
            QVERIFY2(std::memcmp(&fast, &reference, sizeof fast) == 0 || (fast == 0 && reference == 0),
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(text).arg(fast, 0, 'g', 17).arg(reference, 0, 'g', 17)));
        }
    }

    void messageTypes_data()
    {
        addColumns();
        QTest::newRow("trade, first matching rule wins")
            << kTwoTypes << QByteArray(R"({"e":"trade","s":"BTCUSDT","p":"42000.10","q":"0.5","T":1700000000123})")
            << Result::Mapped << "BTCUSDT.price@1700000000123=42000.1; BTCUSDT.qty@1700000000123=0.5";
        QTest::newRow("ticker") << kTwoTypes << QByteArray(R"({"e":"ticker","s":"ETHUSDT","b":"3420.5"})")
                                << Result::Mapped << "ETHUSDT.bid@1000=3420.5";
        QTest::newRow("subscription reply matches nothing")
            << kTwoTypes << QByteArray(R"({"result":null,"id":1})") << Result::NoSamples << QString();
        QTest::newRow("other event") << kTwoTypes << QByteArray(R"({"e":"depth","s":"X","p":"1"})") << Result::NoSamples << QString();
        QTest::newRow("match is exact: string 2 is not 2")
            << kTwoTypes << QByteArray(R"({"v":"2","kind":null,"x":5})") << Result::NoSamples << QString();
        QTest::newRow("match 2.0 equals 2, null matches null")
            << kTwoTypes << QByteArray(R"({"v":2.0,"kind":null,"x":5})") << Result::Mapped << "x@1000=5";
        QTest::newRow("match: missing is not null")
            << kTwoTypes << QByteArray(R"({"v":2,"x":5})") << Result::NoSamples << QString();
        QTest::newRow("matching rule with nothing usable")
            << kTwoTypes << QByteArray(R"({"e":"ticker","s":"ETHUSDT","b":"n/a"})") << Result::NoSamples << QString();
    }
    void messageTypes() { check(); }

    // A profile's match string or pointer holding a lone surrogate ("\ud83d", which only an
    // escape can write) has no UTF-8 form: toUtf8 writes '?', so the tape path matched "?"
    // and resolved the key "?" where Qt's path does neither (found with fuzz_jsontape's
    // lone-surrogate key, tests/fuzz/crashes/fuzz_jsontape).
    void loneSurrogates_data()
    {
        addColumns();
        const QByteArray profile = R"({"name":"ls","rules":[{"match":{"/e":"\ud83d"},"values":{"v":"/\ud83d"}}]})";
        QTest::newRow("\"?\" does not match a lone surrogate")
            << profile << QByteArray(R"({"e":"?","\ud83d":1,"?":2})") << Result::NoSamples << QString();
        QTest::newRow("the key \"?\" is not the lone surrogate's")
            << profile << QByteArray(R"({"e":"\ud83d","?":2,"\ud83d":1})") << Result::Mapped << "v@1000=1";
        QTest::newRow("a pair is not a lone surrogate")
            << profile << QByteArray(R"({"e":"\ud83d\ude00","\ud83d":1})") << Result::NoSamples << QString();
    }
    void loneSurrogates() { check(); }

    void records_data()
    {
        addColumns();
        QTest::newRow("wrapper object") << kWrapper << QByteArray(R"({"stream":"x","data":{"s":"BTC","p":"1.5"}})")
                                        << Result::Mapped << "BTC.price@1000=1.5";
        QTest::newRow("array under wrapper")
            << kWrapper << QByteArray(R"({"data":[{"s":"A","p":"1"},{"s":"B","p":2},{"s":"C","p":"bad"}]})")
            << Result::Mapped << "A.price@1000=1; B.price@1000=2";
        QTest::newRow("items missing") << kWrapper << QByteArray(R"({"other":[]})") << Result::NoSamples << QString();
        QTest::newRow("items empty array") << kWrapper << QByteArray(R"({"data":[]})") << Result::NoSamples << QString();
        QTest::newRow("array at root") << kRootArray << QByteArray(R"([{"s":"A","p":1},{"s":"B","p":"2"}])")
                                       << Result::Mapped << "A.p@1000=1; B.p@1000=2";
        QTest::newRow("object at root with items \"\"") << kRootArray << QByteArray(R"({"s":"A","p":1})")
                                                        << Result::Mapped << "A.p@1000=1";
        QTest::newRow("records that are numbers") << kWholeRecord << QByteArray(R"({"prices":[1,"2",null,"x",3]})")
                                                  << Result::Mapped << "price@1000=1; price@1000=2; price@1000=3";
        QTest::newRow("array message as one record (no items)")
            << kTuple << QByteArray(R"([42,{"c":["42000.1","0.5"]},"ticker","XBT/USD"])")
            << Result::Mapped << "XBT/USD.last@1000=42000.1";
        QTest::newRow("tuple of another type") << kTuple << QByteArray(R"([42,"heartbeat"])") << Result::NoSamples << QString();
    }
    void records() { check(); }

    void nestedItems_data()
    {
        addColumns();
        QTest::newRow("two levels, envelope fields")
            << kNested << QByteArray(R"({"ctx":"boat","speed":"5.5","updates":[{"ts":1000,"values":[{"path":"a","value":1},{"path":"b","value":"2"}]},{"ts":2000,"values":{"path":"c","value":3}}]})")
            << Result::Mapped
            << "boat/a.boat@1000=5.5; boat/a.v@1000=1; boat/b.boat@1000=5.5; boat/b.v@1000=2; boat/c.boat@2000=5.5; boat/c.v@2000=3";
        QTest::newRow("inner level missing in one record")
            << kNested << QByteArray(R"({"ctx":"x","updates":[{"ts":1000},{"ts":3000,"values":[{"path":"a","value":1}]}]})")
            << Result::Mapped << "x/a.v@3000=1";
        QTest::newRow("envelope name missing: nothing named")
            << kNested << QByteArray(R"({"updates":[{"ts":1000,"values":[{"path":"a","value":1}]}]})")
            << Result::NoSamples << QString();
        QTest::newRow("time one level up unreadable")
            << kNested << QByteArray(R"({"ctx":"x","updates":[{"ts":"soon","values":[{"path":"a","value":1}]}]})")
            << Result::NoSamples << QString();
        QTest::newRow("envelope time and source")
            << kEnvelope << QByteArray(R"({"src":"ex","ts":"1700000000.5","fee":0.1,"tickers":[{"s":"A","last":"1"},{"s":"B","last":2}]})")
            << Result::Mapped
            << "ex.A.fee@1700000000500=0.1; ex.A.last@1700000000500=1; ex.B.fee@1700000000500=0.1; ex.B.last@1700000000500=2";
        QTest::newRow("envelope items not an array: one record")
            << kEnvelope << QByteArray(R"({"src":"ex","ts":1,"tickers":{"s":"A","last":"1"}})")
            << Result::Mapped << "ex.A.last@1000=1";
    }
    void nestedItems() { check(); }

    void nestedRecordBound()
    {
        // 4 levels of 20 elements (160,000 leaf records): at most kMaxRecordsPerMessage
        // elements are visited over all levels together.
        const QByteArray profile = R"({"name":"d","rules":[{"items":["","/a","/a","/a"],"values":"/p","series":"x"}]})";
        QByteArray leaf = "{\"p\":1}";
        QByteArray level = "[" + (leaf + ",").repeated(19) + leaf + "]";
        for (int i = 0; i < 3; ++i) {
            const QByteArray wrapped = "{\"a\":" + level + "}";
            level = "[" + (wrapped + ",").repeated(19) + wrapped + "]";
        }
        SampleMapper mapper(profileFrom(profile));
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, level, kArrival, &out), Result::Mapped);
        QVERIFY2(out.size() > 0 && out.size() < SampleMapper::kMaxRecordsPerMessage, qPrintable(QString::number(out.size())));
    }

    void autoDiscoveryPathCacheIsBounded()
    {
        // Every message with new keys: the path tree is emptied before it passes its bound,
        // and names stay right afterwards.
        AutoDiscovery discovery;
        JsonTape tape;
        for (int m = 0; m < 40; ++m) {
            QByteArray message = "{";
            for (int k = 0; k < 250; ++k)
                message += "\"m" + QByteArray::number(m) + "k" + QByteArray::number(k) + "\":" + QByteArray::number(k) + ",";
            message += "\"last\":1}";
            QCOMPARE(tape.parse(QByteArrayView(message)), JsonTape::Status::Ok);
            SampleBatch out;
            discovery.map(tape, kArrival, &out);
            QCOMPARE(out.size(), 251);
            QCOMPARE(out.first().series, QStringLiteral("/last"));
            QCOMPARE(out.last().series, QStringLiteral("/m%1k99").arg(m));   // key order: k249 < k25 < ... < k99
            QVERIFY(discovery.cachedPaths() <= AutoDiscovery::kMaxCachedPaths + SampleMapper::kMaxNodesPerMessage
                                                       + SampleMapper::kMaxRecordsPerMessage);
        }
    }

    void notJson_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("text") << QByteArray("hello");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated") << QByteArray("{\"p\":");
        QTest::newRow("trailing garbage") << QByteArray("{\"p\":1}x");
        QTest::newRow("invalid utf-8") << QByteArray("\xff\xfe\xfd");
        QTest::newRow("invalid utf-8 in a string") << QByteArray("{\"p\":1,\"s\":\"\xc3(\"}");
        QTest::newRow("overlong utf-8 in a key") << QByteArray("{\"\xc0\xaf\":1}");
        QTest::newRow("encoded surrogate") << QByteArray("{\"p\":\"\xed\xa0\x80\"}");
        QTest::newRow("NUL bytes") << QByteArray("{\"p\"\0:1}", 8);
        QTest::newRow("bare number") << QByteArray("42");
        QTest::newRow("unquoted NaN") << QByteArray("{\"p\":NaN}");
        QTest::newRow("deep nesting 10k arrays") << (QByteArray(10'000, '[') + QByteArray(10'000, ']'));
        QTest::newRow("deep nesting 10k objects") << (QByteArray("{\"a\":").repeated(10'000) + "1" + QByteArray(10'000, '}'));
    }
    void notJson()
    {
        QFETCH(QByteArray, message);
        for (const QByteArray &profile : { kOneValue, kAuto }) {
            SampleMapper mapper(profileFrom(profile));
            SampleBatch out{ Sample{ QStringLiteral("kept"), 1, 2 } };
            QCOMPARE(mapBoth(mapper, message, kArrival, &out), Result::NotJson);
            QCOMPARE(dump(out), QStringLiteral("kept@1=2"));   // appends only, never clears
        }
    }

    void seriesNames_data()
    {
        addColumns();
        const QByteArray tmpl = R"({"name":"t","rules":[{"values":{"v":"/v"},"series":"{/s}.{value}"}]})";
        auto row = [&](const char *tag, const QByteArray &s, const char *expected) {
            QTest::newRow(tag) << tmpl << (R"({"v":1,"s":)" + s + "}")
                               << (*expected ? Result::Mapped : Result::NoSamples) << QString::fromUtf8(expected);
        };
        row("string field", "\"BTCUSD\"", "BTCUSD.v@1000=1");
        row("integer field", "7", "7.v@1000=1");
        row("fractional field", "1.5", "1.5.v@1000=1");
        row("boolean field", "true", "true.v@1000=1");
        row("control characters stripped", "\"BT\\u0001C\\nUS\\u007fD\\u0085\"", "BTCUSD.v@1000=1");
        row("bidi override stripped", "\"\\u202Eevil\\u200B\"", "evil.v@1000=1");
        row("null field skips", "null", "");
        row("object field skips", "{\"a\":1}", "");
        row("empty field skips", "\"\"", "");
        row("only control characters skips", "\"\\u0001\\u0002\"", "");
        row("name of exactly the limit kept", '"' + QByteArray(SampleMapper::kMaxSeriesNameLength - 2, 'x') + '"',
            qPrintable(QString(SampleMapper::kMaxSeriesNameLength - 2, u'x') + QStringLiteral(".v@1000=1")));
        row("name one over the limit skipped", '"' + QByteArray(SampleMapper::kMaxSeriesNameLength - 1, 'x') + '"', "");
        row("megabyte field skipped", '"' + QByteArray(1 << 20, 'x') + '"', "");
        QTest::newRow("missing field skips, never named {/s}") << tmpl << QByteArray(R"({"v":1})") << Result::NoSamples << QString();
        QTest::newRow("literal braces") << QByteArray(R"({"name":"t","rules":[{"values":"/v","series":"{{{/s}}}"}]})")
                                        << QByteArray(R"({"v":1,"s":"x"})") << Result::Mapped << "{x}@1000=1";
        QTest::newRow("pointer label by default") << kOneValue << QByteArray(R"({"p":1})") << Result::Mapped << "/p@1000=1";
        QTest::newRow("nested field") << QByteArray(R"({"name":"t","rules":[{"values":"/v","series":"{/meta/id}/{/meta/tags/0}"}]})")
                                      << QByteArray(R"({"v":1,"meta":{"id":"a","tags":["b"]}})") << Result::Mapped << "a/b@1000=1";
    }
    void seriesNames() { check(); }

    void timeFormats_data()
    {
        addColumns();
        auto row = [](const char *tag, const char *format, const QByteArray &t, qint64 expected) {
            const QByteArray profile = R"({"name":"t","rules":[{"values":"/v","series":"v","time":"/t","timeFormat":)"
                    + ('"' + QByteArray(format) + '"') + "}]}";
            QTest::newRow(tag) << profile << (R"({"v":1,"t":)" + t + "}") << (expected ? Result::Mapped : Result::NoSamples)
                               << (expected ? QStringLiteral("v@%1=1").arg(expected) : QString());
        };
        row("s integer", "s", "1700000000", 1700000000000);
        row("s fractional number", "s", "1700000000.123", 1700000000123);
        row("s fractional string", "s", "\"1700000000.250\"", 1700000000250);
        row("s negative fractional", "s", "-1.5", -1500);
        // 1.001 and 1.005 are just below themselves as doubles: flooring x*1000 gives 1000/1004.
        row("s 1.001 not floored to 1000", "s", "1.001", 1001);
        row("s 1.005 not floored to 1004", "s", "1.005", 1005);
        row("ms integer", "ms", "1700000000123", 1700000000123);
        row("ms string", "ms", "\"1700000000123\"", 1700000000123);
        row("ms fractional floors", "ms", "1700000000123.9", 1700000000123);
        row("us integer", "us", "1700000000123456", 1700000000123);
        row("us string", "us", "\"1700000000123999\"", 1700000000123);
        row("ns integer, exact past 2^53", "ns", "1700000000123456789", 1700000000123);
        row("ns string", "ns", "\"1700000000999999999\"", 1700000000999);
        row("iso Z", "iso8601", "\"2023-11-14T22:13:20Z\"", 1700000000000);
        row("iso millis", "iso8601", "\"2023-11-14T22:13:20.123Z\"", 1700000000123);
        row("iso nanos truncated", "iso8601", "\"2023-11-14T22:13:20.123999999Z\"", 1700000000123);
        row("iso one fraction digit", "iso8601", "\"2023-11-14T22:13:20.5Z\"", 1700000000500);
        row("iso +02:00", "iso8601", "\"2023-11-15T00:13:20+02:00\"", 1700000000000);
        row("iso -05:30 with fraction", "iso8601", "\"2023-11-14T16:43:20.5-05:30\"", 1700000000500);
        row("iso +0000", "iso8601", "\"2023-11-14T22:13:20+0000\"", 1700000000000);
        row("iso +01 hours only", "iso8601", "\"2023-11-14T23:13:20+01\"", 1700000000000);
        row("iso no offset is UTC", "iso8601", "\"2023-11-14 22:13:20\"", 1700000000000);
        row("iso lower case t and z", "iso8601", "\"2023-11-14t22:13:20z\"", 1700000000000);
        row("iso comma fraction", "iso8601", "\"2023-11-14T22:13:20,25Z\"", 1700000000250);
        row("iso date only", "iso8601", "\"2023-11-14\"", 1699920000000);
        row("iso no seconds", "iso8601", "\"2023-11-14T22:13Z\"", 1699999980000);
        row("iso leap day", "iso8601", "\"2024-02-29T00:00:00Z\"", 1709164800000);
        row("iso Feb 29 of a common year", "iso8601", "\"2023-02-29T00:00:00Z\"", 0);
        row("iso month 13", "iso8601", "\"2023-13-01T00:00:00Z\"", 0);
        row("iso hour 24", "iso8601", "\"2023-11-14T24:00:00Z\"", 0);
        row("iso empty fraction", "iso8601", "\"2023-11-14T22:13:20.Z\"", 0);
        row("iso basic format", "iso8601", "\"20231114T221320Z\"", 0);
        row("iso offset 25h", "iso8601", "\"2023-11-14T22:13:20+25:00\"", 0);
        row("iso trailing text", "iso8601", "\"2023-11-14T22:13:20Z now\"", 0);
        row("iso words", "iso8601", "\"yesterday\"", 0);
        row("iso given a number", "iso8601", "1700000000", 0);
        row("auto seconds", "auto", "1700000000", 1700000000000);
        row("auto fractional seconds", "auto", "1700000000.5", 1700000000500);
        row("auto millis", "auto", "1700000000123", 1700000000123);
        row("auto micros", "auto", "1700000000123456", 1700000000123);
        row("auto nanos", "auto", "1700000000123456789", 1700000000123);
        row("auto numeric string", "auto", "\"1700000000\"", 1700000000000);
        row("auto iso", "auto", "\"2023-11-14T22:13:20Z\"", 1700000000000);
        row("time NaN string", "ms", "\"NaN\"", 0);
        row("time null", "ms", "null", 0);
        row("time boolean", "ms", "true", 0);
        row("seconds beyond year 9999", "s", "1e15", 0);
        row("millis beyond int64", "ms", "\"99999999999999999999\"", 0);
        row("nanos string beyond int64", "ns", "\"-99999999999999999999\"", 0);
        QTest::newRow("time missing skips the record")
            << QByteArray(R"({"name":"t","rules":[{"values":"/v","series":"v","time":"/t","timeFormat":"ms"}]})")
            << QByteArray(R"({"v":1})") << Result::NoSamples << QString();
        QTest::newRow("arrival ignores record time")
            << QByteArray(R"({"name":"t","rules":[{"values":"/v","series":"v","timeFormat":"arrival"}]})")
            << QByteArray(R"({"v":1,"t":5})") << Result::Mapped << "v@1000=1";
        QTest::newRow("time without timeFormat is auto")
            << QByteArray(R"({"name":"t","rules":[{"values":"/v","series":"v","time":"/t"}]})")
            << QByteArray(R"({"v":1,"t":"2023-11-14T22:13:20Z"})") << Result::Mapped << "v@1700000000000=1";
    }
    void timeFormats() { check(); }

    void autoDiscovery_data()
    {
        addColumns();
        QTest::newRow("flat, strings, booleans and null ignored")
            << kAuto << QByteArray(R"({"price":42000.1,"qty":"0.5","open":true,"note":null,"sym":"BTC","bad":"NaN"})")
            << Result::Mapped << "/price@1000=42000.1; /qty@1000=0.5";
        QTest::newRow("arrays walked") << kAuto << QByteArray(R"({"data":[{"p":"1.5"},{"p":2}]})")
                                       << Result::Mapped << "/data/0/p@1000=1.5; /data/1/p@1000=2";
        QTest::newRow("root array") << kAuto << QByteArray(R"([1,"2","x"])") << Result::Mapped << "/0@1000=1; /1@1000=2";
        QTest::newRow("keys escaped as JSON Pointer") << kAuto << QByteArray(R"({"a/b":1,"m~n":2,"":3})")
                                                      << Result::Mapped << "/@1000=3; /a~1b@1000=1; /m~0n@1000=2";
        QTest::newRow("members in key order, last duplicate wins") << kAuto << QByteArray(R"({"b":1,"a":2,"b":3})")
                << Result::Mapped << "/a@1000=2; /b@1000=3";
        QTest::newRow("key order is code point order") << kAuto
                << QByteArray("{\"\xf0\x9f\x98\x80\":2,\"\xee\x80\x80\":1}")
                << Result::Mapped << QString::fromUtf8("/\xee\x80\x80@1000=1; /\xf0\x9f\x98\x80@1000=2");
        QTest::newRow("nested wrapper") << kAuto << QByteArray(R"({"d":{"e":{"f":3}}})") << Result::Mapped << "/d/e/f@1000=3";
        QTest::newRow("only booleans") << kAuto << QByteArray(R"({"ok":true,"up":false})") << Result::NoSamples << QString();
        QTest::newRow("empty object") << kAuto << QByteArray("{}") << Result::NoSamples << QString();
        QTest::newRow("control characters in keys stripped") << kAuto << QByteArray(R"({"pri\u0007ce\n":1})")
                                                             << Result::Mapped << "/price@1000=1";
        const QByteArray rooted = R"({"name":"a","auto":{"root":"/data"}})";
        QTest::newRow("root pointer") << rooted << QByteArray(R"({"data":{"p":1},"x":2})") << Result::Mapped << "/data/p@1000=1";
        QTest::newRow("root pointer missing") << rooted << QByteArray(R"({"x":2})") << Result::NoSamples << QString();
        const QByteArray timed = R"({"name":"a","auto":{"time":"/ts","timeFormat":"ms"}})";
        QTest::newRow("time field is not a series") << timed << QByteArray(R"({"ts":1700000000123,"p":1})")
                                                    << Result::Mapped << "/p@1700000000123=1";
    }
    void autoDiscovery() { check(); }

    void splitKeys_data()
    {
        addColumns();
        const QByteArray symbol = R"({"name":"s","auto":{"split":["/symbol"]}})";
        QTest::newRow("one record") << symbol << QByteArray(R"({"symbol":"BTCUSD","price":"42000.1","qty":2})")
                                    << Result::Mapped << "BTCUSD/price@1000=42000.1; BTCUSD/qty@1000=2";
        QTest::newRow("array of records")
            << symbol << QByteArray(R"([{"symbol":"A","p":1},{"symbol":"B","p":2},{"p":3}])")
            << Result::Mapped << "A/p@1000=1; B/p@1000=2";
        QTest::newRow("record without the key is skipped") << symbol << QByteArray(R"({"p":1})") << Result::NoSamples << QString();
        QTest::newRow("numeric key value, key is not a series")
            << symbol << QByteArray(R"({"symbol":7,"p":1})") << Result::Mapped << "7/p@1000=1";
        QTest::newRow("numeric-string key is not a series")
            << symbol << QByteArray(R"({"symbol":"42","p":1})") << Result::Mapped << "42/p@1000=1";
        QTest::newRow("control characters in key value")
            << symbol << QByteArray(R"({"symbol":"BT\u0000C","p":1})") << Result::Mapped << "BTC/p@1000=1";
        QTest::newRow("nested values") << symbol << QByteArray(R"({"symbol":"X","q":{"bid":"1","ask":"2"}})")
                                       << Result::Mapped << "X/q/ask@1000=2; X/q/bid@1000=1";
        const QByteArray two = R"({"name":"s","auto":{"split":["/exchange","/symbol"]}})";
        QTest::newRow("two keys") << two << QByteArray(R"({"exchange":"binance","symbol":"BTC","p":1})")
                                  << Result::Mapped << "binance/BTC/p@1000=1";
        QTest::newRow("two keys, one present") << two << QByteArray(R"({"symbol":"BTC","p":1})")
                                               << Result::Mapped << "BTC/p@1000=1";
        const QByteArray sensors = R"({"name":"s","auto":{"split":["/sensor"],"time":"/time","timeFormat":"iso8601"}})";
        QTest::newRow("sensors with ISO time")
            << sensors << QByteArray(R"({"sensor":"lab-1","time":"2023-11-14T22:13:20Z","data":{"temperature":21.5,"humidity":"44"}})")
            << Result::Mapped << "lab-1/data/humidity@1700000000000=44; lab-1/data/temperature@1700000000000=21.5";
        QTest::newRow("sensor with bad time is skipped")
            << sensors << QByteArray(R"({"sensor":"lab-1","time":"soon","data":{"temperature":21.5}})")
            << Result::NoSamples << QString();
        const QByteArray rooted = R"({"name":"s","auto":{"root":"/data","split":["/s"]}})";
        QTest::newRow("root + split (Binance-style)")
            << rooted << QByteArray(R"({"data":[{"s":"A","p":"1"},{"s":"B","p":"2"}]})")
            << Result::Mapped << "A/p@1000=1; B/p@1000=2";
    }
    void splitKeys() { check(); }

    // --- hostile input: bounded work, bounded names -------------------------------------

    void depthBound_data()
    {
        QTest::addColumn<int>("levels");
        QTest::addColumn<bool>("found");
        QTest::newRow("at kMaxDepth") << SampleMapper::kMaxDepth << true;
        QTest::newRow("one deeper") << SampleMapper::kMaxDepth + 1 << false;
        QTest::newRow("500 deep") << 500 << false;
    }
    void depthBound()
    {
        QFETCH(int, levels);
        QFETCH(bool, found);
        const QByteArray message = QByteArray(levels, '[') + "7" + QByteArray(levels, ']');
        SampleMapper mapper(profileFrom(kAuto));
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, message, kArrival, &out), found ? Result::Mapped : Result::NoSamples);
        QCOMPARE(out.size(), found ? 1 : 0);
        if (found)
            QCOMPARE(out.first().series, QStringLiteral("/0").repeated(levels));
    }

    void leafBound()
    {
        QByteArray message = "[";
        for (int i = 0; i < 100'000; ++i)
            message += QByteArray::number(i) + ',';
        message += "0]";
        SampleMapper mapper(profileFrom(kAuto));
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, message, kArrival, &out), Result::Mapped);
        QCOMPARE(out.size(), SampleMapper::kMaxLeavesPerMessage);
        QCOMPARE(out.last().series, QStringLiteral("/%1").arg(SampleMapper::kMaxLeavesPerMessage - 1));
        // The bound is per message: the next message starts afresh.
        QCOMPARE(mapBoth(mapper, R"({"p":1})", kArrival, &out), Result::Mapped);
        QCOMPARE(out.size(), SampleMapper::kMaxLeavesPerMessage + 1);
    }

    void nodeBound()
    {
        // 100k non-numeric values before one number: the walk gives up after
        // kMaxNodesPerMessage values instead of scanning them all.
        QByteArray message = "[";
        for (int i = 0; i < 100'000; ++i)
            message += "\"x\",";
        message += "1]";
        SampleMapper mapper(profileFrom(kAuto));
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, message, kArrival, &out), Result::NoSamples);
        // ...while a number within the budget is still found.
        QCOMPARE(mapBoth(mapper, R"(["x","x",1])", kArrival, &out), Result::Mapped);
        QCOMPARE(dump(out), QStringLiteral("/2@1000=1"));
    }

    void splitRecordBound()
    {
        QByteArray message = "[";
        for (int i = 0; i < 5000; ++i)
            message += "{\"symbol\":\"S" + QByteArray::number(i) + "\",\"p\":1},";
        message += "{}]";
        SampleMapper mapper(profileFrom(R"({"name":"s","auto":{"split":["/symbol"]}})"));
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, message, kArrival, &out), Result::Mapped);
        QCOMPARE(out.size(), SampleMapper::kMaxLeavesPerMessage);
    }

    void ruleRecordBound()
    {
        QByteArray message = "{\"data\":[";
        for (int i = 0; i < 100'000; ++i)
            message += "{\"s\":\"A\",\"p\":1},";
        message += "{}]}";
        SampleMapper mapper(profileFrom(kWrapper));
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, message, kArrival, &out), Result::Mapped);
        QCOMPARE(out.size(), SampleMapper::kMaxRecordsPerMessage);
    }

    void ruleSampleBound()
    {
        QByteArray labels;
        for (int i = 0; i < 8; ++i)
            labels += (i ? "," : "") + QByteArray("\"v") + QByteArray::number(i) + "\":\"/p\"";
        const QByteArray profile = R"({"name":"b","rules":[{"items":"","values":{)" + labels + R"(},"series":"{value}"}]})";
        QByteArray message = "[";
        for (int i = 0; i < SampleMapper::kMaxRecordsPerMessage; ++i)
            message += "{\"p\":1},";
        message += "{}]";
        SampleMapper mapper(profileFrom(profile));
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, message, kArrival, &out), Result::Mapped);
        QCOMPARE(out.size(), SampleMapper::kMaxSamplesPerMessage);   // 1024 records x 8 values, capped
    }

    void longKeys_data()
    {
        QTest::addColumn<int>("keyLength");
        QTest::addColumn<bool>("kept");
        QTest::newRow("name at the limit") << SampleMapper::kMaxSeriesNameLength - 1 << true;
        QTest::newRow("name one over") << SampleMapper::kMaxSeriesNameLength << false;
        QTest::newRow("1 MiB key") << (1 << 20) << false;
    }
    void longKeys()
    {
        QFETCH(int, keyLength);
        QFETCH(bool, kept);
        const QByteArray message = "{\"" + QByteArray(keyLength, 'k') + "\":1,\"z\":2}";
        SampleMapper mapper(profileFrom(kAuto));
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, message, kArrival, &out), Result::Mapped);
        QCOMPARE(out.size(), kept ? 2 : 1);
        QCOMPARE(out.last().series, QStringLiteral("/z"));
        for (const Sample &s : out)
            QVERIFY(s.series.size() <= SampleMapper::kMaxSeriesNameLength);
    }

    void hostileWorkIsBounded()
    {
        // A 4 MB message of many nested wide objects: mapping must not scale with it beyond
        // parsing. Generous limit: catches quadratic or unbounded walks, not slow machines.
        QByteArray message = "{";
        for (int i = 0; i < 2000; ++i)
            message += "\"k" + QByteArray::number(i) + "\":{\"" + QByteArray(1000, 'x') + "\":[1,2,3,{\"a\":\"4\"}]},";
        message += "\"end\":1}";
        SampleMapper mapper(profileFrom(kAuto));
        SampleBatch out;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 3; ++i)
            mapBoth(mapper, message, kArrival, &out);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(out.size(), 3);   // only "/end": every other leaf's name is over the limit
    }

    void mapDocumentMatchesMap()
    {
        SampleMapper mapper(profileFrom(kTwoTypes));
        const QByteArray text = R"({"e":"trade","s":"X","p":"1","q":2,"T":5})";
        SampleBatch a, b;
        QCOMPARE(mapBoth(mapper, text, kArrival, &a), Result::Mapped);
        QCOMPARE(mapper.mapDocument(QJsonDocument::fromJson(text).object(), kArrival, &b), Result::Mapped);
        QCOMPARE(dump(a), dump(b));
    }

    void fastPathMatchesReferenceOnGeneratedMessages()
    {
        // Messages shaped like real feeds, with every field randomly of another kind,
        // escaped, missing or duplicated: the JsonTape path must map exactly as the
        // QJsonDocument path (mapBoth fails the test on any difference).
        const QByteArray times = kTimes;
        static const char *const pieces[] = {
            "\"A\"", "\"BTCUSD\"", "\"B\\u0054C\"", "\"e\\nx\"", "\"\"", "1", "-2.5", "1e3", "1.0", "12345678901234567890",
            "\"42.5\"", "\" 42\"", "\"1e400\"", "true", "false", "null", "{}", "[1,2]", "\"2026-11-25T10:00:00Z\"",
            "\"2026-11-25 10:00:00.5+01:00\"", "1764064800000", "1764064800", "\"1764064800000123456\"", "\"trade\"",
            "\"ticker\"", "\"iso\"", "\"auto\"", "2", "\"\\u202e\"",
        };
        static const char *const keys[] = { "e", "s", "p", "q", "T", "b", "v", "x", "kind", "k", "t", "n", "w", "data" };
        QRandomGenerator rng(4242);
        int mapped = 0;
        for (int i = 0; i < 4000; ++i) {
            // Mostly plausible fields (so rules match), each possibly swapped for any piece,
            // dropped, wrapped in an array or duplicated.
            static const char *const plausible[] = { "\"trade\"", "\"BTCUSD\"", "\"42000.5\"", "0.25",
                                                     "1764064800000", "99.5", "7", "\"3\"", "2",
                                                     "\"iso\"", "\"2026-11-25T10:00:00.250Z\"", "\"n1\"", "[4,5]", "1" };
            auto randomRecord = [&] {
                QByteArray m = "{";
                for (int k = 0; k < int(std::size(keys)); ++k) {
                    const int roll = rng.bounded(20);
                    if (roll < 3)
                        continue;
                    if (m.size() > 1)
                        m += ',';
                    m += "\"" + QByteArray(keys[k]) + "\":";
                    const QByteArray value = roll < 13 ? QByteArray(plausible[k])
                                                       : QByteArray(pieces[rng.bounded(int(std::size(pieces)))]);
                    m += roll == 19 ? "[" + value + "]" : value;
                    if (roll == 18)
                        m += ",\"" + QByteArray(keys[k]) + "\":" + pieces[rng.bounded(int(std::size(pieces)))];
                }
                return m + '}';
            };
            QByteArray message = randomRecord();
            if (rng.bounded(4) == 0)
                message = "{\"data\":[" + randomRecord() + ',' + randomRecord() + "],\"e\":\"trade\"}";
            for (const QByteArray &profile : { kTwoTypes, kWrapper, kRootArray, kTuple, times, kAuto, kAutoSplit, kAutoRooted }) {
                SampleMapper mapper(profileFrom(profile));
                SampleBatch out;
                const Result result = mapBoth(mapper, message, kArrival, &out);
                QVERIFY2(int(result) >= 0, message.constData());
                mapped += result == Result::Mapped;
            }
        }
        QVERIFY2(mapped > 8000, qPrintable(QString::number(mapped)));   // the generator reaches the rules
    }

    void timeFromTapeMatchesValue()
    {
        // The ingest path reads integer epoch times from the tape's bytes: every format must
        // give exactly what the QJsonValue path gives (including refusals out of range and
        // the 18/19-digit edge where the bytes path hands over to the value).
        static const char *const numbers[] = {
            "0", "-0", "7", "-7", "1764064800", "-1764064800", "1764064800000", "1764064800123",
            "1764064800123456", "1764064800123456789", "-1764064800123456789", "999999999999999999",
            "-999999999999999999", "9000000000000000000", "9223372036854775807", "-9223372036854775808",
            "12345678901234567890", "1764064800.5", "1.7e12", "-1e3", "1e400", "0.001", "\"1764064800000\"",
            "\"x\"", "true", "null", "[1]",
        };
        const TimeFormat formats[] = { TimeFormat::Arrival, TimeFormat::EpochSeconds, TimeFormat::EpochMillis,
                                       TimeFormat::EpochMicros, TimeFormat::EpochNanos, TimeFormat::Iso8601,
                                       TimeFormat::Auto };
        for (const char *number : numbers) {
            const QByteArray text = QByteArray("{\"t\":") + number + '}';
            JsonTape tape;
            QCOMPARE(tape.parse(QByteArrayView(text)), JsonTape::Status::Ok);
            const int node = tape.member(JsonTape::root(), QByteArrayView("t"));
            QVERIFY(node > 0);
            for (const TimeFormat format : formats) {
                qint64 fromTape = -1, fromValue = -1;
                const bool a = SampleTime::toEpochMs(tape, node, format, &fromTape);
                const bool b = SampleTime::toEpochMs(tape.value(node), format, &fromValue);
                QVERIFY2(a == b && fromTape == fromValue,
                         qPrintable(QStringLiteral("%1 as %2").arg(QLatin1String(number), SampleTime::formatName(format))));
            }
            qint64 unused = 0;
            QVERIFY(!SampleTime::toEpochMs(tape, -1, TimeFormat::EpochMillis, &unused));   // missing field
        }
    }

    void oneMapperAcrossMessagesMatchesReference()
    {
        // A feed's mapper sees one message after another and keeps what it learnt (the
        // path tree, each object's member order and entries, the rules' name cache): the
        // same few shapes repeated, with values of other kinds, members reordered, added,
        // dropped, duplicated or escaped in between, must still map exactly as a fresh
        // QJsonDocument reading of each message.
        static const char *const shapes[] = {
            R"({"type":"trade","s":"%1","seq":%2,"t":1764064800%2,"p":%3,"q":"0.%2"})",
            R"({"type":"trade","s":"%1","seq":%2,"t":1764064800%2,"p":%3,"q":"0.%2"})",
            R"({"s":"%1","type":"trade","seq":%2,"t":1764064800%2,"p":%3,"q":"0.%2"})",
            R"({"type":"trade","s":"%1","seq":"x%2","t":1764064800%2,"p":null,"q":[%3]})",
            R"({"type":"trade","s":"%1","seq":%2,"t":1764064800%2,"p":%3})",
            R"({"type":"trade","s":"%1","seq":%2,"t":1764064800%2,"p":%3,"q":"0.%2","p":"%2"})",
            R"({"type":"trade","s":"%1","seq":%2,"t":1764064800%2,"\u0070":%3,"q":"0.%2"})",
            R"({"type":"trade","s":"%1","d":{"b":%3,"a":%2,"c":{"z":1,"y":"%2"}},"t":1764064800%2})",
            R"({"type":"trade","s":"%1","d":{"a":%2,"b":%3,"c":{"y":"%2","z":1}},"t":1764064800%2})",
            R"({"type":"trade","s":"%1","d":[%3,{"a":%2}],"t":1764064800%2})",
            R"({"type":"trade","s":"%1","d":{},"t":1764064800%2})",
        };
        static const char *const symbols[] = { "BTCUSD", "ETHUSD", "SOLUSD" };
        SampleMapper persistent[] = { SampleMapper(profileFrom(kAuto)), SampleMapper(profileFrom(kAutoSplit)),
                                      SampleMapper(profileFrom(kAutoRooted)), SampleMapper(profileFrom(kTwoTypes)) };
        QRandomGenerator rng(77);
        int mapped = 0;
        for (int i = 0; i < 3000; ++i) {
            // Runs of the first shape (a steady feed), then any shape.
            const int shape = rng.bounded(3) == 0 ? rng.bounded(int(std::size(shapes))) : 0;
            QByteArray message = QString::fromLatin1(shapes[shape])
                                     .arg(QLatin1String(symbols[rng.bounded(3)])).arg(i).arg(100 + rng.bounded(50))
                                     .toUtf8();
            if (rng.bounded(8) == 0)
                message = "{\"data\":" + message + ",\"e\":\"trade\",\"s\":\"W\",\"p\":1,\"q\":2,\"T\":5}";
            for (SampleMapper &mapper : persistent) {
                SampleBatch out;
                const Result result = mapBoth(mapper, message, kArrival, &out);
                QVERIFY2(int(result) >= 0, message.constData());
                mapped += result == Result::Mapped;
            }
        }
        QVERIFY2(mapped > 6000, qPrintable(QString::number(mapped)));
    }

    void autoDiscoveryLeafLimitKeepsTheSameLeaves()
    {
        // 300 numeric members written in reverse key order: both paths keep the first
        // 256 in key order (QJsonObject's), not in document order.
        QByteArray message = "{";
        for (int i = 299; i >= 0; --i)
            message += "\"k" + QByteArray::number(1000 + i) + "\":" + QByteArray::number(i) + (i ? "," : "}");
        SampleMapper mapper(profileFrom(kAuto));
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, message, kArrival, &out), Result::Mapped);
        QCOMPARE(out.size(), SampleMapper::kMaxLeavesPerMessage);
        QCOMPARE(out.first().series, QStringLiteral("/k1000"));
        QCOMPARE(out.last().series, QStringLiteral("/k1255"));
    }

    void seriesNameCacheIsBounded()
    {
        // More distinct keys than the cache holds: names stay right after it is emptied.
        SampleMapper mapper(profileFrom(kTwoTypes));
        for (int i = 0; i < RuleMapper::kMaxCachedRecords * 2 + 10; i += 97) {
            SampleBatch out;
            const QByteArray message = "{\"e\":\"trade\",\"s\":\"S" + QByteArray::number(i) + "\",\"p\":1,\"q\":2,\"T\":5}";
            QCOMPARE(mapBoth(mapper, message, kArrival, &out), Result::Mapped);
            QCOMPARE(dump(out), QStringLiteral("S%1.price@5=1; S%1.qty@5=2").arg(i));
        }
    }

    void programmaticRules()
    {
        // Rules built in code (connection editor, CLI) behave like loaded ones.
        MappingRule rule;
        rule.values = { { QStringLiteral("p"), JsonPointer::parse(QStringLiteral("/p")) } };
        rule.seriesTemplate = QStringLiteral("{/s}:{value}");
        FeedProfile profile;
        profile.rules = { rule };
        SampleMapper mapper(profile);
        SampleBatch out;
        QCOMPARE(mapBoth(mapper, R"({"s":"A","p":"3"})", kArrival, &out), Result::Mapped);
        QCOMPARE(dump(out), QStringLiteral("A:p@1000=3"));
        // An invalid template (not possible through a profile file) maps nothing, safely.
        profile.rules[0].seriesTemplate = QStringLiteral("{oops");
        SampleMapper broken(profile);
        QCOMPARE(mapBoth(broken, R"({"s":"A","p":"3"})", kArrival, &out), Result::NoSamples);
    }
};

QTEST_GUILESS_MAIN(tst_SampleMapper)
#include "tst_samplemapper.moc"
