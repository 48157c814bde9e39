// SeriesExportJob + SeriesExporter: what is written equals what the store holds, parsed
// back by peers we did not write (Python's csv and json modules) as well as by Qt's JSON
// parser; ranges, empty series, hostile names (commas, quotes, newlines, unicode,
// control characters) and paths; cancel leaves no file; a full disk gives a readable
// error; the asynchronous exporter reports progress and ends once.
#include "exportformat.h"
#include "seriesexporter.h"
#include "seriesexportjob.h"
#include "seriesstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace {

struct Row { QString series; qint64 t; double v; };

QList<Row> storeRows(const SeriesStore &store, const QStringList &names, qint64 t0, qint64 t1)
{
    QList<Row> rows;
    for (const QString &n : names) {
        for (const QPointF &p : store.points(n, t0, t1))
            rows.append({n, qint64(p.x()), p.y()});
    }
    return rows;
}

// Parses the file with Python's csv / json modules and returns [[series, t, v, extra], ...].
QList<Row> parseWithPython(const QString &path, bool csv, QStringList *times = nullptr)
{
    const QString script = csv
        ? QStringLiteral("import csv,json,sys\n"
                         "f=open(sys.argv[1],newline='',encoding='utf-8')\n"
                         "r=csv.reader(f)\n"
                         "h=next(r)\n"
                         "assert h==['series','t','v','time'],h\n"
                         "print(json.dumps([[x[0],int(x[1]),float(x[2]),x[3]] for x in r]))\n")
        : QStringLiteral("import json,sys\n"
                         "out=[]\n"
                         "for line in open(sys.argv[1],encoding='utf-8'):\n"
                         "  o=json.loads(line)\n"
                         "  assert sorted(o)==['series','t','v'],o\n"
                         "  out.append([o['series'],o['t'],float(o['v']),''])\n"
                         "print(json.dumps(out))\n");
    QProcess py;
    py.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, path});
    if (!py.waitForFinished(20000) || py.exitCode() != 0) {
        qWarning() << py.readAllStandardError();
        return {};
    }
    QList<Row> rows;
    for (const QJsonValue &v : QJsonDocument::fromJson(py.readAllStandardOutput()).array()) {
        const QJsonArray a = v.toArray();
        rows.append({a.at(0).toString(), a.at(1).toInteger(), a.at(2).toDouble()});
        if (times)
            times->append(a.at(3).toString());
    }
    return rows;
}

bool sameRows(const QList<Row> &a, const QList<Row> &b)
{
    if (a.size() != b.size()) {
        qWarning() << "row counts differ" << a.size() << b.size();
        return false;
    }
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].series != b[i].series || a[i].t != b[i].t || a[i].v != b[i].v) {
            qWarning() << "row" << i << a[i].series << a[i].t << a[i].v << "vs" << b[i].series << b[i].t << b[i].v;
            return false;
        }
    }
    return true;
}

ExportRequest request(const QString &path, ExportFormat::Kind kind, const QStringList &series)
{
    ExportRequest r;
    r.path = path;
    r.kind = kind;
    r.series = series;
    return r;
}

} // namespace

class TestSeriesExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripThroughPeers_data();
    void roundTripThroughPeers();
    void rangeAndEqualTimestampsAcrossChunks();
    void emptyAndUnknownSeries();
    void csvQuotingAndJsonEscaping();
    void hostilePaths_data();
    void hostilePaths();
    void cancelLeavesNoFile();
    void fullDiskIsAReadableError();
    void exporterRunsOnAWorkerWithProgress();
};

void TestSeriesExport::roundTripThroughPeers_data()
{
    QTest::addColumn<bool>("csv");
    QTest::newRow("csv") << true;
    QTest::newRow("ndjson") << false;
}

void TestSeriesExport::roundTripThroughPeers()
{
    QFETCH(bool, csv);
    SeriesStore store;
    const QStringList names{QStringLiteral("BTC,USD \"last\""), QStringLiteral("line\nbreak"),
                            QStringLiteral("Temperatur °C ✓ 温度"), QStringLiteral("tab\there\\back"),
                            QStringLiteral("ctl\x01\x1f end")};
    // Values that stress number formatting: tiny, huge, negative zero, many digits.
    const double values[] = {0.1, -0.0, 1e-300, 1.7976931348623157e308, -123456.789012345678, 42, 3.141592653589793};
    qint64 t = 1'700'000'000'000;
    for (int i = 0; i < 300; ++i) {
        for (int s = 0; s < names.size(); ++s)
            store.append(names[s], t, values[(i + s) % 7] / (i + 1));   // finite: the store refuses inf
        t += (i % 3 == 0) ? 0 : 997;   // repeated timestamps too
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(csv ? QStringLiteral("out.csv") : QStringLiteral("out.ndjson"));
    const ExportResult r = SeriesExportJob::run(store, request(path, csv ? ExportFormat::Kind::Csv : ExportFormat::Kind::Ndjson, names));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.points, 300 * names.size());
    QStringList times;
    const QList<Row> parsed = parseWithPython(path, csv, &times);
    QVERIFY(sameRows(parsed, storeRows(store, names, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max())));
    if (csv) {
        // The time column is the same instant as t, in ISO 8601 UTC.
        for (qsizetype i = 0; i < parsed.size(); i += 97)
            QCOMPARE(QDateTime::fromString(times[i], Qt::ISODateWithMs).toMSecsSinceEpoch(), parsed[i].t);
        QCOMPARE(times.first(), QStringLiteral("2023-11-14T22:13:20.000Z"));
    } else {
        // Qt's parser agrees line by line.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        int lines = 0;
        while (!f.atEnd()) {
            QJsonParseError e;
            QJsonDocument::fromJson(f.readLine(), &e);
            QCOMPARE(e.error, QJsonParseError::NoError);
            ++lines;
        }
        QCOMPARE(lines, 300 * names.size());
    }
}

void TestSeriesExport::rangeAndEqualTimestampsAcrossChunks()
{
    // More points than one chunk, with long runs of equal timestamps across chunk edges.
    SeriesStore store;
    for (int i = 0; i < 200'000; ++i)
        store.append(QStringLiteral("s"), 1000 + i / 1000, i);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.ndjson"));
    ExportRequest req = request(path, ExportFormat::Kind::Ndjson, {QStringLiteral("s")});
    req.fromMs = 1010;
    req.toMs = 1150;
    const ExportResult r = SeriesExportJob::run(store, req);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.points, 141'000);
    QVERIFY(sameRows(parseWithPython(path, false), storeRows(store, {QStringLiteral("s")}, 1010, 1150)));
    // Everything, too.
    QVERIFY(SeriesExportJob::run(store, request(path, ExportFormat::Kind::Ndjson, {QStringLiteral("s")})).ok);
    const QList<Row> all = parseWithPython(path, false);
    QCOMPARE(all.size(), 200'000);
    for (int i = 0; i < all.size(); ++i)
        QVERIFY(all[i].v == i);
}

void TestSeriesExport::emptyAndUnknownSeries()
{
    SeriesStore store;
    store.append(QStringLiteral("a"), 5, 1);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("e.csv"));
    ExportRequest req = request(path, ExportFormat::Kind::Csv, {QStringLiteral("missing"), QStringLiteral("a")});
    req.fromMs = 100;   // a range with nothing in it
    req.toMs = 200;
    ExportResult r = SeriesExportJob::run(store, req);
    QVERIFY(r.ok);
    QCOMPARE(r.points, 0);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("series,t,v,time\r\n"));   // a valid, empty table
}

void TestSeriesExport::csvQuotingAndJsonEscaping()
{
    using namespace ExportFormat;
    QCOMPARE(csvField("plain"), QByteArray("plain"));
    QCOMPARE(csvField("a,b"), QByteArray("\"a,b\""));
    QCOMPARE(csvField("say \"hi\""), QByteArray("\"say \"\"hi\"\"\""));
    QCOMPARE(csvField("two\r\nlines"), QByteArray("\"two\r\nlines\""));
    QCOMPARE(jsonString(QStringLiteral("q\"b\\n\nt\tc\x01")), QByteArray("\"q\\\"b\\\\n\\nt\\tc\\u0001\""));
    QCOMPARE(jsonString(QString::fromUtf8("°\u2028")), QByteArray("\"\xc2\xb0\\u2028\""));
    QByteArray row;
    IsoCache iso;
    appendRow(Kind::Csv, &row, csvField("x"), -1, 0.1, &iso);   // before 1970: floor to the second
    QCOMPARE(row, QByteArray("x,-1,0.1,1969-12-31T23:59:59.999Z\r\n"));
    row.clear();
    appendRow(Kind::Ndjson, &row, jsonString(QStringLiteral("x")), 1, 1e21, &iso);
    QCOMPARE(row, QByteArray("{\"series\":\"x\",\"t\":1,\"v\":1e+21}\n"));
    Kind k;
    QVERIFY(kindFromName(QStringLiteral(" CSV "), &k) && k == Kind::Csv);
    QVERIFY(kindFromName(QStringLiteral("ndjson"), &k) && k == Kind::Ndjson);
    QVERIFY(!kindFromName(QStringLiteral("xlsx"), &k));
}

void TestSeriesExport::hostilePaths_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTemporaryDir dir;   // removed: its path no longer exists
    QTest::newRow("empty") << QString() << QStringLiteral("Choose a file");
    QTest::newRow("folder") << QDir::tempPath() << QStringLiteral("is a folder");
    QTest::newRow("trailing slash") << QDir::tempPath() + QLatin1Char('/') << QStringLiteral("is a folder");
    QTest::newRow("missing folder") << QStringLiteral("/nonexistent-pulseboard/x/out.csv") << QStringLiteral("does not exist");
    QTest::newRow("nul") << QStringLiteral("/tmp/a") + QChar(0) + QStringLiteral("b.csv") << QStringLiteral("NUL");
#ifdef Q_OS_UNIX
    QTest::newRow("device") << QStringLiteral("/dev/null") << QStringLiteral("not a regular file");
    if (::geteuid() != 0)
        QTest::newRow("no permission") << QStringLiteral("/proc/pulseboard.csv") << QStringLiteral("Could not create");
#endif
}

void TestSeriesExport::hostilePaths()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    SeriesStore store;
    store.append(QStringLiteral("a"), 1, 1);
    const ExportResult r = SeriesExportJob::run(store, request(path, ExportFormat::Kind::Csv, {QStringLiteral("a")}));
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(expected), qPrintable(r.error));
}

void TestSeriesExport::cancelLeavesNoFile()
{
    SeriesStore store;
    for (int i = 0; i < 300'000; ++i)
        store.append(QStringLiteral("s"), i, i);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.csv"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("previous contents");
    old.close();
    std::atomic<bool> cancel{false};
    int calls = 0;
    const ExportResult r = SeriesExportJob::run(store, request(path, ExportFormat::Kind::Csv, {QStringLiteral("s")}),
                                                &cancel, [&](double) {
                                                    if (++calls == 2)
                                                        cancel = true;   // after two chunks
                                                });
    QVERIFY(!r.ok);
    QVERIFY(r.cancelled);
    QCOMPARE(calls, 2);
    QVERIFY(QFile::exists(path));
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("previous contents"));   // the old file is untouched
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("c.csv")});   // no temp left
}

void TestSeriesExport::fullDiskIsAReadableError()
{
#ifdef Q_OS_UNIX
    // A write that fails half-way (here: the file size limit, EFBIG, as a full disk
    // gives ENOSPC) must end in a readable error and leave the old file as it was.
    SeriesStore store;
    for (int i = 0; i < 100'000; ++i)
        store.append(QStringLiteral("s"), i, i);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.csv"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old");
    old.close();
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit saved{};
    ::getrlimit(RLIMIT_FSIZE, &saved);
    rlimit small = saved;
    small.rlim_cur = 256 * 1024;
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
    const ExportResult r = SeriesExportJob::run(store, request(path, ExportFormat::Kind::Csv, {QStringLiteral("s")}));
    ::setrlimit(RLIMIT_FSIZE, &saved);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.startsWith(QStringLiteral("Could not write")) && r.error.contains(QStringLiteral("not changed")),
             qPrintable(r.error));
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("old"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("big.csv")});
#else
    QSKIP("uses RLIMIT_FSIZE");
#endif
}

void TestSeriesExport::exporterRunsOnAWorkerWithProgress()
{
    SeriesStore store;
    for (int i = 0; i < 400'000; ++i)
        store.append(QStringLiteral("s"), i, i * 0.5);
    QTemporaryDir dir;
    SeriesExporter exporter;
    QCOMPARE(exporter.start(QUrl::fromLocalFile(dir.filePath(QStringLiteral("x.csv"))), QStringLiteral("csv"),
                            {QStringLiteral("s")}),
             QStringLiteral("There is no data to export."));
    exporter.setStore(&store);
    QSignalSpy finished(&exporter, &SeriesExporter::finished);
    QSignalSpy progress(&exporter, &SeriesExporter::progressChanged);
    QVERIFY(exporter.start(QUrl::fromLocalFile(dir.filePath(QStringLiteral("x.csv"))), QStringLiteral("xls"),
                           {QStringLiteral("s")}).contains(QStringLiteral("Unknown export format")));
    QVERIFY(exporter.start(QStringLiteral("https://example.org/x.csv"), QStringLiteral("csv"), {QStringLiteral("s")})
                .contains(QStringLiteral("local file")));
    QVERIFY(exporter.start(QUrl::fromLocalFile(dir.filePath(QStringLiteral("x.csv"))), QStringLiteral("csv"), {})
                .contains(QStringLiteral("at least one series")));
    QCOMPARE(exporter.start(QUrl::fromLocalFile(dir.filePath(QStringLiteral("x.csv"))), QStringLiteral("csv"),
                            {QStringLiteral("s")}, 1000, 300'000),
             QString());
    QVERIFY(exporter.busy());
    QVERIFY(!exporter.start(QUrl::fromLocalFile(dir.filePath(QStringLiteral("y.csv"))), QStringLiteral("csv"),
                            {QStringLiteral("s")}).isEmpty());   // one at a time
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(finished.first().at(0).toBool(), true);
    QVERIFY(!exporter.busy());
    QCOMPARE(exporter.points(), 299'001);
    QCOMPARE(exporter.progress(), 1.0);
    QVERIFY(progress.size() >= 1);
    QCOMPARE(parseWithPython(dir.filePath(QStringLiteral("x.csv")), true).size(), 299'001);

    // Cancel through the exporter: finished(false) once, no file.
    for (int i = 400'000; i < 3'000'000; ++i)
        store.append(QStringLiteral("s"), i, i);
    QCOMPARE(exporter.start(QUrl::fromLocalFile(dir.filePath(QStringLiteral("z.csv"))), QStringLiteral("ndjson"),
                            {QStringLiteral("s")}),
             QString());
    exporter.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
    QCOMPARE(finished.last().at(0).toBool(), false);
    QVERIFY(finished.last().at(1).toString().contains(QStringLiteral("cancelled")));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("z.csv"))));
}

QTEST_GUILESS_MAIN(TestSeriesExport)
#include "tst_seriesexport.moc"
