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
    QStringList expected{ QStringLiteral("coinbase-ticker") };
    QCOMPARE(ids, expected);
    QVERIFY(BuiltinProfiles::find(QStringLiteral("no-such")) == nullptr);
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
