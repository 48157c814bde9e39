// Specification of ProfileBuilder (and its FieldTreeModel): fields picked from a sample
// give a profile that loads with FeedProfile::fromJson and maps the sample, through the
// real SampleMapper, to the samples the table expects; time formats are detected; fields
// that cannot take a part are refused in words; hostile samples (oversized, deeply nested,
// not JSON, 10k fields) give a bounded tree; samples come from a MessageLog; profile files
// are saved and read back, with file:line errors. The model runs under QAbstractItemModelTester.
#include "feedprofile.h"
#include "messagelog.h"
#include "profilebuilder.h"
#include "samplemapper.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using Clicks = QList<QPair<QString, QString>>;   // (JSON Pointer of the field, part)
using Expected = QMap<QString, QPair<double, qint64>>;   // series -> (value, time ms; -1 = arrival)

namespace {

QString click(ProfileBuilder &b, const QString &path, const QString &part)
{
    const int row = b.fields()->indexOf(path);
    if (row < 0)
        return QStringLiteral("no row for ") + path;
    if (part == QLatin1String("value"))
        return b.toggleValue(row);
    if (part == QLatin1String("name"))
        return b.toggleName(row);
    if (part == QLatin1String("time"))
        return b.toggleTime(row);
    if (part == QLatin1String("items"))
        return b.toggleItems(row);
    return b.toggleMatch(row);
}

} // namespace

class tst_ProfileBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildsFromClicks_data();
    void buildsFromClicks();
    void detectsTimeFormats_data();
    void detectsTimeFormats();
    void refusesInWords_data();
    void refusesInWords();
    void matchLeavesOtherMessagesOut();
    void newerSampleKeepsTheChoices();
    void hostileSamplesAreBounded();
    void previewIsBounded();
    void takesTheNewestIncomingMessage();
    void profileFiles();
    void editorFieldsOfAProfile();
    void showsAProfileAsItsClicks();
};

void tst_ProfileBuilder::buildsFromClicks_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<Clicks>("clicks");
    QTest::addColumn<QString>("nameTemplate");   // "" = the one made from the name fields
    QTest::addColumn<Expected>("expected");

    QTest::newRow("coinbase-like ticker")
        << R"({"type":"ticker","product_id":"BTC-USD","price":"64250.5","best_bid":"64250.1","time":"2024-05-01T12:00:00.123456Z"})"
        << Clicks{{"/price", "value"}, {"/best_bid", "value"}, {"/product_id", "name"}, {"/time", "time"}, {"/type", "match"}}
        << QString()
        << Expected{{"BTC-USD.price", {64250.5, 1714564800123}}, {"BTC-USD.best_bid", {64250.1, 1714564800123}}};
    QTest::newRow("binance wrapper object")
        << R"({"stream":"btcusdt@ticker","data":{"e":"24hrTicker","E":1700000000123,"s":"BTCUSDT","c":"42000.10","b":"41999.90"}})"
        << Clicks{{"/data", "items"}, {"/data/c", "value"}, {"/data/s", "name"}, {"/data/E", "time"}}
        << QString()
        << Expected{{"BTCUSDT.c", {42000.1, 1700000000123}}};
    QTest::newRow("list at the root, seconds")
        << R"([{"id":"a","v":1,"ts":1700000000},{"id":"b","v":2,"ts":1700000001.5}])"
        << Clicks{{"/0/v", "value"}, {"/0/id", "name"}, {"/1/ts", "time"}}
        << QString()
        << Expected{{"a.v", {1, 1700000000000}}, {"b.v", {2, 1700000001500}}};
    QTest::newRow("items array, microseconds, clicked in the 2nd record")
        << R"({"batch":7,"data":[{"sym":"X","p":1.5,"t":1700000000000000},{"sym":"Y","p":"2.5","t":1700000000001000}]})"
        << Clicks{{"/data", "items"}, {"/data/1/p", "value"}, {"/data/0/sym", "name"}, {"/data/0/t", "time"}}
        << QString()
        << Expected{{"X.p", {1.5, 1700000000000}}, {"Y.p", {2.5, 1700000000001}}};
    QTest::newRow("envelope time and exchange name outside the records (../)")
        << R"({"exchange":"kraken","ts":1700000000,"tickers":[{"symbol":"BTC","last":"1.5"},{"symbol":"ETH","last":2}]})"
        << Clicks{{"/tickers", "items"}, {"/tickers/0/last", "value"}, {"/exchange", "name"}, {"/tickers/1/symbol", "name"},
                  {"/ts", "time"}}
        << QString()
        << Expected{{"kraken.BTC.last", {1.5, 1700000000000}}, {"kraken.ETH.last", {2, 1700000000000}}};
    QTest::newRow("same key twice: labels by path, arrival time")
        << R"({"bid":{"price":1},"ask":{"price":2}})"
        << Clicks{{"/bid/price", "value"}, {"/ask/price", "value"}}
        << QString()
        << Expected{{"bid/price", {1, -1}}, {"ask/price", {2, -1}}};
    QTest::newRow("edited template, nanoseconds, boolean value")
        << R"({"sensor":"lab-1","site":"north","t":1700000000123456789,"door":true,"temp":21.5})"
        << Clicks{{"/temp", "value"}, {"/door", "value"}, {"/t", "time"}}
        << QStringLiteral("{/site}/{/sensor}/{value}")
        << Expected{{"north/lab-1/temp", {21.5, 1700000000123}}, {"north/lab-1/door", {1, 1700000000123}}};
}

void tst_ProfileBuilder::buildsFromClicks()
{
    QFETCH(QString, sample);
    QFETCH(Clicks, clicks);
    QFETCH(QString, nameTemplate);
    QFETCH(Expected, expected);

    ProfileBuilder b;
    QAbstractItemModelTester tester(b.fields(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    b.setSample(sample);
    QCOMPARE(b.sampleError(), QString());
    for (const auto &[path, part] : clicks)
        QCOMPARE(click(b, path, part), QString());
    if (!nameTemplate.isEmpty())
        b.setNameTemplate(nameTemplate);
    QVERIFY2(b.problem().isEmpty(), qPrintable(b.problem()));

    // The generated profile, loaded and run here independently of the builder.
    FeedProfile profile;
    QString error;
    QVERIFY2(FeedProfile::fromJson(b.profileJson().toUtf8(), &profile, &error), qPrintable(error + b.profileJson()));
    SampleMapper mapper(profile);
    SampleBatch batch;
    const qint64 arrival = 42;
    QCOMPARE(mapper.map(QStringView(sample), arrival, &batch), SampleMapper::Result::Mapped);
    QCOMPARE(batch.size(), expected.size());
    for (const Sample &s : std::as_const(batch)) {
        QVERIFY2(expected.contains(s.series), qPrintable(s.series));
        QCOMPARE(s.v, expected.value(s.series).first);
        const qint64 t = expected.value(s.series).second;
        QCOMPARE(s.t, t < 0 ? arrival : t);
    }
    // The preview shows the same samples.
    QCOMPARE(b.previewTotal(), expected.size());
    for (const QVariant &row : b.preview()) {
        const QVariantMap m = row.toMap();
        QVERIFY2(expected.contains(m.value("series").toString()), qPrintable(m.value("series").toString()));
        QCOMPARE(m.value("value").toDouble(), expected.value(m.value("series").toString()).first);
    }
    // Every click shows in the tree.
    for (const auto &[path, part] : clicks) {
        const QModelIndex i = b.fields()->index(b.fields()->indexOf(path));
        QCOMPARE(i.data(FieldTreeModel::PartRole).toString(), part);
    }
    // The profile opened again (from a file, in the editor) becomes the same clicks: the
    // builder regenerates it exactly, and shows as many marked fields.
    ProfileBuilder back;
    back.setSample(sample);
    QCOMPARE(back.showProfile(b.profileJson()), QString());
    QCOMPARE(back.profileJson(), b.profileJson());
    QCOMPARE(back.valueCount(), b.valueCount());
    QCOMPARE(back.timePath().isEmpty(), b.timePath().isEmpty());
    QCOMPARE(back.itemsPath(), b.itemsPath());
    int marked = 0, markedBack = 0;
    for (int r = 0; r < b.fields()->rowCount(); ++r) {
        marked += !b.fields()->index(r).data(FieldTreeModel::PartRole).toString().isEmpty();
        markedBack += !back.fields()->index(r).data(FieldTreeModel::PartRole).toString().isEmpty();
    }
    if (nameTemplate.isEmpty())
        QCOMPARE(markedBack, marked);
    else   // an edited template's fields show as name fields too
        QVERIFY(markedBack > marked);
}

void tst_ProfileBuilder::detectsTimeFormats_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("format");   // "" = refused
    QTest::addColumn<qint64>("ms");
    QTest::newRow("s") << "1700000000" << "s" << qint64(1700000000000);
    QTest::newRow("s fraction") << "1700000000.25" << "s" << qint64(1700000000250);
    QTest::newRow("ms") << "1700000000123" << "ms" << qint64(1700000000123);
    QTest::newRow("ms as text") << "\"1700000000123\"" << "ms" << qint64(1700000000123);
    QTest::newRow("us") << "1700000000123456" << "us" << qint64(1700000000123);
    QTest::newRow("ns") << "1700000000123456789" << "ns" << qint64(1700000000123);
    QTest::newRow("iso") << "\"2023-11-14T22:13:20.123Z\"" << "iso8601" << qint64(1700000000123);
    QTest::newRow("iso offset") << "\"2023-11-15T00:13:20.5+02:00\"" << "iso8601" << qint64(1700000000500);
    QTest::newRow("words") << "\"yesterday\"" << "" << qint64(0);
    QTest::newRow("bool") << "true" << "" << qint64(0);
}

void tst_ProfileBuilder::detectsTimeFormats()
{
    QFETCH(QString, value);
    QFETCH(QString, format);
    QFETCH(qint64, ms);
    ProfileBuilder b;
    b.setSample(QStringLiteral("{\"v\": 3, \"t\": %1}").arg(value));
    QCOMPARE(click(b, "/v", "value"), QString());
    const QString error = click(b, "/t", "time");
    if (format.isEmpty()) {
        QVERIFY2(error.contains(QStringLiteral("is not a time")), qPrintable(error));
        QCOMPARE(b.timePath(), QString());
        return;
    }
    QCOMPARE(error, QString());
    QCOMPARE(b.detectedTimeFormat(), format);
    QVERIFY(b.profileJson().contains(QStringLiteral("\"timeFormat\": \"%1\"").arg(format)));
    QCOMPARE(b.previewTotal(), 1);
    FeedProfile p;
    QVERIFY(FeedProfile::fromJson(b.profileJson().toUtf8(), &p, nullptr));
    SampleBatch batch;
    SampleMapper(p).map(b.sample().toUtf8(), 0, &batch);
    QCOMPARE(batch.size(), 1);
    QCOMPARE(batch.first().t, ms);

    // A wrong format chosen by hand: no samples, and the builder says why.
    b.setTimeFormat(format == QLatin1String("iso8601") ? QStringLiteral("ms") : QStringLiteral("iso8601"));
    QCOMPARE(b.previewTotal(), 0);
    QVERIFY2(b.problem().contains(QStringLiteral("time format")), qPrintable(b.problem()));
}

void tst_ProfileBuilder::refusesInWords_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("part");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text as value") << "/name" << "value" << "is not a number";
    QTest::newRow("object as name") << "/data" << "name" << "needs text, a number or true/false";
    QTest::newRow("number as items") << "/n" << "items" << "Items must be a list of records";
    QTest::newRow("object as match") << "/data" << "match" << "Only single values can be matched";
}

void tst_ProfileBuilder::refusesInWords()
{
    QFETCH(QString, path);
    QFETCH(QString, part);
    QFETCH(QString, expected);
    ProfileBuilder b;
    b.setSample(R"({"name":"x","n":5,"data":[{"p":1}]})");
    const QString error = click(b, path, part);
    QVERIFY2(error.contains(expected), qPrintable(error));
    QCOMPARE(b.valueCount(), 0);
}

void tst_ProfileBuilder::matchLeavesOtherMessagesOut()
{
    ProfileBuilder b;
    b.setSample(R"({"type":"tick","p":1})");
    QCOMPARE(click(b, "/p", "value"), QString());
    QCOMPARE(click(b, "/type", "match"), QString());
    FeedProfile p;
    QVERIFY(FeedProfile::fromJson(b.profileJson().toUtf8(), &p, nullptr));
    SampleMapper mapper(p);
    SampleBatch batch;
    QCOMPARE(mapper.map(QByteArray(R"({"type":"status","p":2})"), 0, &batch), SampleMapper::Result::NoSamples);
    QCOMPARE(mapper.map(QByteArray(R"({"type":"tick","p":3})"), 0, &batch), SampleMapper::Result::Mapped);
    QCOMPARE(batch.size(), 1);
    QCOMPARE(batch.first().v, 3.0);
}

void tst_ProfileBuilder::newerSampleKeepsTheChoices()
{
    ProfileBuilder b;
    QSignalSpy changed(&b, &ProfileBuilder::profileChanged);
    b.setSample(R"({"s":"A","p":1})");
    QCOMPARE(click(b, "/p", "value"), QString());
    QCOMPARE(click(b, "/s", "name"), QString());
    b.setSample(R"({"s":"B","p":2,"extra":true})");
    QCOMPARE(b.valueCount(), 1);
    QCOMPARE(b.previewTotal(), 1);
    QCOMPARE(b.preview().first().toMap().value("series").toString(), QStringLiteral("B.p"));
    // A message without the field drops that choice rather than keeping a dead pointer.
    b.setSample(R"({"s":"C"})");
    QCOMPARE(b.valueCount(), 0);
    QVERIFY(changed.size() >= 4);
}

void tst_ProfileBuilder::hostileSamplesAreBounded()
{
    ProfileBuilder b;
    QAbstractItemModelTester tester(b.fields(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Over 1 MiB: refused whole, nothing listed.
    b.setSample(QStringLiteral("{\"a\":\"%1\"}").arg(QString(ProfileBuilder::MaxSampleBytes, u'x')));
    QVERIFY2(b.sampleError().contains(QStringLiteral("at most 1048576 bytes")), qPrintable(b.sampleError()));
    QCOMPARE(b.fields()->rowCount(), 0);

    // Not JSON.
    b.setSample(QStringLiteral("PING 12345"));
    QVERIFY2(b.sampleError().contains(QStringLiteral("not JSON (line 1, column")), qPrintable(b.sampleError()));
    QCOMPARE(b.fields()->rowCount(), 0);
    QVERIFY(b.profileJson().isEmpty());

    // 10,000 fields: MaxRows rows, the rest counted.
    QJsonObject wide;
    for (int i = 0; i < 10'000; ++i)
        wide.insert(QStringLiteral("f%1").arg(i, 5, 10, QLatin1Char('0')), i);
    b.setSample(QString::fromUtf8(QJsonDocument(wide).toJson(QJsonDocument::Compact)));
    QCOMPARE(b.sampleError(), QString());
    QCOMPARE(b.fields()->rowCount(), FieldTreeModel::MaxRows);
    QCOMPARE(b.fields()->hiddenCount(), 10'001 - FieldTreeModel::MaxRows);
    QCOMPARE(click(b, "/f00007", "value"), QString());   // still usable
    QCOMPARE(b.previewTotal(), 1);

    // 500 levels deep: MaxDepth levels listed, then one row that counts the rest.
    const QString deep = QString(500, u'[') + QStringLiteral("1") + QString(500, u']');
    b.setSample(deep);
    QCOMPARE(b.sampleError(), QString());
    QCOMPARE(b.fields()->rowCount(), FieldTreeModel::MaxDepth + 2);
    QCOMPARE(b.fields()->row(FieldTreeModel::MaxDepth + 1).kind, QStringLiteral("more"));
    QVERIFY(b.fields()->hiddenCount() > 400);

    // Deeper than Qt's parser goes: not JSON, said so.
    b.setSample(QString(2000, u'[') + QString(2000, u']'));
    QVERIFY2(b.sampleError().contains(QStringLiteral("not JSON")), qPrintable(b.sampleError()));

    // A long array: the first MaxArrayElements elements and one "more" row.
    QJsonArray many;
    for (int i = 0; i < 5000; ++i)
        many.append(QJsonObject{{"p", i}});
    b.setSample(QString::fromUtf8(QJsonDocument(QJsonObject{{"data", many}}).toJson(QJsonDocument::Compact)));
    QCOMPARE(b.fields()->rowCount(), 2 + FieldTreeModel::MaxArrayElements * 2 + 1);
    // Keys and text values are cut for the one-line rows.
    b.setSample(QStringLiteral("{\"%1\":\"%1\"}").arg(QString(10'000, u'k')));
    QVERIFY(b.fields()->row(1).key.size() <= FieldTreeModel::MaxTextChars);
    QVERIFY(b.fields()->row(1).preview.size() <= FieldTreeModel::MaxTextChars);
}

void tst_ProfileBuilder::previewIsBounded()
{
    QJsonArray records;
    for (int i = 0; i < 1000; ++i)
        records.append(QJsonObject{{"id", QStringLiteral("s%1").arg(i)}, {"a", i}, {"b", -i}});
    ProfileBuilder b;
    b.setSample(QString::fromUtf8(QJsonDocument(records).toJson(QJsonDocument::Compact)));
    QCOMPARE(click(b, "/0/a", "value"), QString());
    QCOMPARE(click(b, "/0/b", "value"), QString());
    QCOMPARE(click(b, "/0/id", "name"), QString());
    QCOMPARE(b.previewTotal(), 2000);
    QCOMPARE(b.preview().size(), ProfileBuilder::MaxPreviewRows);
}

void tst_ProfileBuilder::takesTheNewestIncomingMessage()
{
    ProfileBuilder b;
    QVERIFY(b.takeNewest(nullptr).contains(QStringLiteral("paste")));
    MessageLog log;
    QVERIFY2(b.takeNewest(&log).contains(QStringLiteral("No message has arrived")), qPrintable(b.takeNewest(&log)));
    log.append(1, MessageLog::Incoming, MessageLog::Text, QStringLiteral("welcome"));
    QVERIFY(b.takeNewest(&log).contains(QStringLiteral("not JSON (the newest starts \"welcome\")")));
    log.append(2, MessageLog::Incoming, MessageLog::Json, QStringLiteral("{\"p\":1}"));
    log.append(3, MessageLog::Incoming, MessageLog::Json, QStringLiteral("{\"p\":2}"));
    log.append(4, MessageLog::Outgoing, MessageLog::Json, QStringLiteral("{\"op\":\"subscribe\"}"));
    log.append(5, MessageLog::Event, MessageLog::Text, QStringLiteral("connected"));
    for (int i = 0; i < 300; ++i)   // the newest incoming message lies beyond the recent window
        log.append(6 + i, MessageLog::Outgoing, MessageLog::Text, QStringLiteral("ping"));
    QCOMPARE(b.takeNewest(&log), QString());
    QCOMPARE(b.sample(), QStringLiteral("{\"p\":2}"));

    MessageLog small(MessageLog::Limits{100, 16, 10'000});
    small.append(1, MessageLog::Incoming, MessageLog::Json, QStringLiteral("{\"p\":12345678901234567890}"));
    QVERIFY(b.takeNewest(&small).contains(QStringLiteral("paste the whole message")));
    QCOMPARE(b.sample(), QStringLiteral("{\"p\":2}"));   // unchanged
}

void tst_ProfileBuilder::profileFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ProfileBuilder b;
    b.setSample(R"({"s":"A","p":1})");
    QCOMPARE(click(b, "/p", "value"), QString());
    const QUrl file = QUrl::fromLocalFile(dir.filePath("built.json"));
    QCOMPARE(b.saveProfile(file, b.profileJson()), QString());
    const QVariantMap read = b.readProfile(file);
    QCOMPARE(read.value("error").toString(), QString());
    QCOMPARE(read.value("text").toString(), b.profileJson());
    QCOMPARE(read.value("source").toString(), QStringLiteral("built.json"));

    // Invalid text is not written; a broken file names file:line:field.
    const QUrl bad = QUrl::fromLocalFile(dir.filePath("bad.json"));
    QVERIFY(b.saveProfile(bad, QStringLiteral("{\"name\": \"x\", \"rulez\": []}")).contains(QStringLiteral("rulez")));
    QVERIFY(!QFile::exists(bad.toLocalFile()));
    QFile f(bad.toLocalFile());
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\n  \"name\": \"x\",\n  \"rules\": [ { \"values\": \"/p\", \"timeFormat\": \"msec\" } ]\n}\n");
    f.close();
    const QString error = b.readProfile(bad).value("error").toString();
    QVERIFY2(error.contains(QStringLiteral("bad.json:3: rules[0].timeFormat")), qPrintable(error));
    QVERIFY(!b.readProfile(bad).contains("text"));
    QVERIFY(b.readProfile(QUrl::fromLocalFile(dir.filePath("none.json"))).value("error").toString().contains("no such file"));
    QVERIFY(b.saveProfile(QUrl::fromLocalFile(dir.filePath("no/such/dir/x.json")), b.profileJson()).contains("cannot be written"));
}

void tst_ProfileBuilder::editorFieldsOfAProfile()
{
    ProfileBuilder b;
    const QVariantMap f = b.editorFields(QStringLiteral(
        R"({"name":"C","connection":{"url":"wss://example.com/feed","onConnect":[{"type":"subscribe","ids":["A"]},"hello"]},)"
        R"("rules":[{"values":{"p":"/p"}}]})"));
    QCOMPARE(f.value("error").toString(), QString());
    QCOMPARE(f.value("url").toString(), QStringLiteral("wss://example.com/feed"));
    QCOMPARE(f.value("onConnect").toStringList(),
             (QStringList{QStringLiteral("{\"ids\":[\"A\"],\"type\":\"subscribe\"}"), QStringLiteral("hello")}));
    FeedProfile p;
    QVERIFY(FeedProfile::fromJson(f.value("profileText").toString().toUtf8(), &p, nullptr));
    QVERIFY(p.endpoint.onConnect.isEmpty());   // moved to the editor, not sent twice
    QCOMPARE(p.rules.size(), 1);
    QVERIFY(b.editorFields(QStringLiteral("{\"nam\": 1}")).value("error").toString().contains("nam"));
}

void tst_ProfileBuilder::showsAProfileAsItsClicks()
{
    const QString sample = QStringLiteral(
        R"({"type":"snapshot","venue":"kraken","ts":"2024-05-01T12:00:00Z","rows":[{"pair":"XBT/USD","bid":"1.5","ask":2},{"pair":"ETH/USD","bid":3,"ask":4}]})");
    // Two rules: the second is the one whose match holds on this sample.
    const QString profile = QStringLiteral(R"({"name": "Kraken book", "rules": [
        {"match": {"/type": "update"}, "values": {"x": "/x"}},
        {"match": {"/type": "snapshot"}, "items": "/rows", "values": {"bid": "/bid", "ask": "/ask"},
         "series": "{../venue}:{/pair}:{value}", "time": "../ts", "timeFormat": "iso8601"}]})");
    ProfileBuilder b;
    QCOMPARE(b.showProfile(profile), QString());   // no sample yet: shown when one comes
    b.setSample(sample);
    const auto part = [&b](const QString &path) {
        return b.fields()->index(b.fields()->indexOf(path)).data(FieldTreeModel::PartRole).toString();
    };
    QCOMPARE(part(QStringLiteral("/type")), QStringLiteral("match"));
    QCOMPARE(part(QStringLiteral("/rows")), QStringLiteral("items"));
    QCOMPARE(part(QStringLiteral("/rows/0/bid")), QStringLiteral("value"));
    QCOMPARE(part(QStringLiteral("/rows/0/ask")), QStringLiteral("value"));
    QCOMPARE(part(QStringLiteral("/rows/0/pair")), QStringLiteral("name"));
    QCOMPARE(part(QStringLiteral("/venue")), QStringLiteral("name"));
    QCOMPARE(part(QStringLiteral("/ts")), QStringLiteral("time"));
    QCOMPARE(b.nameTemplate(), QStringLiteral("{../venue}:{/pair}:{value}"));   // the profile's own
    QCOMPARE(b.timeFormat(), QStringLiteral("iso8601"));
    QCOMPARE(b.profileName(), QStringLiteral("Kraken book"));
    QCOMPARE(b.previewTotal(), 4);
    QVERIFY2(b.problem().isEmpty(), qPrintable(b.problem()));

    // Fields the sample lacks are named; the others are shown.
    const QString missing = b.showProfile(QStringLiteral(R"({"name":"p","rules":[{"values":{"v":"/nope","w":"/ts"},"series":"{value}"}]})"));
    QVERIFY2(missing.contains(QLatin1String("no /nope")), qPrintable(missing));
    QCOMPARE(b.valueCount(), 1);   // /ts, which the sample has
    // What the builder cannot show is said, not guessed.
    QVERIFY(b.showProfile(QStringLiteral(R"({"name":"p"})")).contains(QLatin1String("no rules")));
    QVERIFY(b.showProfile(QStringLiteral(R"({"name":"p","rules":[{"items":["/rows","/x"],"values":{"v":"/v"}}]})"))
                .contains(QLatin1String("2 levels deep")));
    QVERIFY(b.showProfile(QStringLiteral("{\"name\": ")).contains(QLatin1String("profile:1")));
}

QTEST_GUILESS_MAIN(tst_ProfileBuilder)
#include "tst_profilebuilder.moc"
