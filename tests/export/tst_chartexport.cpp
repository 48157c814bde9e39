// ChartExport + SvgChartWriter: the SVG is well-formed XML with one polyline per series
// (at most 4 points per pixel column), nice ticks inside the data's range, hostile names
// escaped; PNG grabs an item at the window's pixel ratio; bad paths are sentences.
#include "chartexport.h"
#include "seriesstore.h"
#include "svgchartwriter.h"

#include <QImageReader>
#include <QQuickItem>
#include <QQuickView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class TestChartExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ticks();
    void svgIsWellFormedAndEscaped();
    void svgErrors();
    void pngAtDevicePixelRatio();
};

void TestChartExport::ticks()
{
    const QList<double> t = SvgChartWriter::valueTicks(1284.87, 1285.50, 5);
    QVERIFY(t.size() >= 3 && t.size() <= 8);
    QCOMPARE(t.first(), 1285.0);   // step 0.2 for about 5 ticks
    for (qsizetype i = 1; i < t.size(); ++i)
        QVERIFY(qFuzzyCompare(t[i] - t[i - 1], 0.2));
    QCOMPARE(SvgChartWriter::valueTicks(0, 10, 5), (QList<double>{0, 2, 4, 6, 8, 10}));
    qint64 step = 0;
    const QList<qint64> times = SvgChartWriter::timeTicks(1'700'000'000'500, 1'700'000'060'000, 6, &step);
    QCOMPARE(step, 10'000);
    for (qint64 x : times)
        QCOMPARE(x % 10'000, 0);   // round instants (whole-minute UTC offsets)
}

void TestChartExport::svgIsWellFormedAndEscaped()
{
    SeriesStore store;
    const QString hostile = QStringLiteral("<script>alert(\"x\")</script> & 'q'\x01");
    for (int i = 0; i < 100'000; ++i) {
        store.append(hostile, 1'700'000'000'000 + i, std::sin(i / 1000.0));
        store.append(QStringLiteral("plain"), 1'700'000'000'000 + i, i);
    }
    SvgChartSpec spec;
    spec.title = QStringLiteral("Title <&>");
    spec.series = {hostile, QStringLiteral("plain")};
    spec.width = 800;
    spec.height = 400;
    const QByteArray svg = SvgChartWriter::write(store, spec);
    QVERIFY(!svg.contains("<script>"));
    QXmlStreamReader xml(svg);
    int polylines = 0, texts = 0;
    QStringList titles;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("polyline")) {
            ++polylines;
            const QStringList pts = xml.attributes().value(QLatin1String("points")).toString().split(QLatin1Char(' '));
            QVERIFY(pts.size() > 100);
            QVERIFY(pts.size() <= 4 * (800 - 72 - 20));
        }
        if (xml.isStartElement() && xml.name() == QLatin1String("text"))
            ++texts;
        if (xml.isStartElement() && xml.name() == QLatin1String("title"))
            titles.append(xml.readElementText());
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(polylines, 2);
    QVERIFY(texts >= 8);   // title, value and time labels, legend
    QCOMPARE(titles.first(), QStringLiteral("<script>alert(\"x\")</script> & 'q' "));
}

void TestChartExport::svgErrors()
{
    SeriesStore store;
    store.append(QStringLiteral("a"), 1, 1);
    ChartExport ex;
    QSignalSpy finished(&ex, &ChartExport::finished);
    QTemporaryDir dir;
    QVERIFY(ex.saveSvg(QUrl::fromLocalFile(dir.path()), &store, {QStringLiteral("a")}, 0, 0, 400, 300, {})
                .contains(QStringLiteral("is a folder")));
    QVERIFY(ex.saveSvg(QUrl::fromLocalFile(dir.filePath(QStringLiteral("x.svg"))), &store, {}, 0, 0, 400, 300, {})
                .contains(QStringLiteral("at least one series")));
    QCOMPARE(ex.saveSvg(QUrl::fromLocalFile(dir.filePath(QStringLiteral("x.svg"))), &store, {QStringLiteral("a")}, 0, 0,
                        400, 300, QStringLiteral("one point")), QString());
    QCOMPARE(finished.size(), 3);
    QCOMPARE(finished.last().at(0).toBool(), true);
}

void TestChartExport::pngAtDevicePixelRatio()
{
    QQuickView view;
    auto *item = new QQuickItem(view.contentItem());
    item->setSize(QSizeF(200, 100));
    view.resize(300, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ChartExport ex;
    QTemporaryDir dir;
    QVERIFY(!ex.savePng(nullptr, QUrl::fromLocalFile(dir.filePath(QStringLiteral("a.png")))).isEmpty());
    QVERIFY(ex.savePng(item, QUrl::fromLocalFile(dir.path())).contains(QStringLiteral("is a folder")));
    QSignalSpy finished(&ex, &ChartExport::finished);
    QCOMPARE(ex.savePng(item, QUrl::fromLocalFile(dir.filePath(QStringLiteral("a.png")))), QString());
    QVERIFY(ex.busy());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    const qreal dpr = view.effectiveDevicePixelRatio();
    QImageReader png(dir.filePath(QStringLiteral("a.png")));
    QCOMPARE(png.format(), QByteArray("png"));
    QCOMPARE(png.size(), QSize(qRound(200 * dpr), qRound(100 * dpr)));
}

QTEST_MAIN(TestChartExport)
#include "tst_chartexport.moc"
