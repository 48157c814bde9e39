// Specification of SeriesStore: concurrent writers and a reader with exact counts,
// the maxSeries cap, refused values, generation, rate and the seriesAdded signal.
#include "seriesstore.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>
#include <cmath>
#include <limits>

namespace {

constexpr qint64 I64Min = std::numeric_limits<qint64>::min();
constexpr qint64 I64Max = std::numeric_limits<qint64>::max();

class Writer : public QThread
{
public:
    Writer(SeriesStore *store, int id, int batches, int batchSize)
        : m_store(store), m_id(id), m_batches(batches), m_batchSize(batchSize) {}

protected:
    void run() override
    {
        // Each writer owns one private series and shares one with every other writer.
        const QString own = QStringLiteral("w%1.value").arg(m_id);
        const QString shared = QStringLiteral("shared");
        qint64 t = 0;
        for (int b = 0; b < m_batches; ++b) {
            SampleBatch batch;
            for (int i = 0; i < m_batchSize; ++i) {
                ++t;
                batch.append(Sample{own, t, double(m_id)});
                batch.append(Sample{shared, t, double(m_id)});
            }
            if (b % 2)
                m_store->appendBatch(batch);
            else
                for (const Sample &s : std::as_const(batch))
                    m_store->append(s.series, s.t, s.v);
        }
    }

private:
    SeriesStore *m_store;
    int m_id, m_batches, m_batchSize;
};

} // namespace

class tst_SeriesStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsAndLimits();
    void concurrentWritersExactCounts();
    void maxSeriesCap();
    void nonFiniteRefused();
    void hostileNames();
    void generationMovesOnlyOnStore();
    void statsAndQueries();
    void arrivalOrder();
    void rateOverTwoSeconds();
    void seriesAddedOncePerSeriesQueuedAcrossThreads();
    void bytesPerPoint();
    void batchMatchesSampleBySample();
};

void tst_SeriesStore::defaultsAndLimits()
{
    SeriesStore store;
    QCOMPARE(store.limits().maxPointsPerSeries, 1'000'000);
    QCOMPARE(store.limits().maxAgeMs, 24LL * 3600 * 1000);
    QCOMPARE(store.limits().maxSeries, 10'000);
    SeriesStore::Limits l;
    l.maxPointsPerSeries = 10;
    l.maxAgeMs = 0;
    SeriesStore bounded(l);
    for (int i = 0; i < 35; ++i)
        bounded.append(QStringLiteral("a"), i, i);
    QCOMPARE(bounded.stats(QStringLiteral("a")).count, 10);
    QCOMPARE(bounded.stats(QStringLiteral("a")).totalAppended, 35);
    QCOMPARE(bounded.stats(QStringLiteral("a")).firstT, 25);
}

void tst_SeriesStore::concurrentWritersExactCounts()
{
    constexpr int Writers = 4, Batches = 200, BatchSize = 50;
    SeriesStore store;
    QList<Writer *> writers;
    for (int i = 0; i < Writers; ++i)
        writers.append(new Writer(&store, i, Batches, BatchSize));
    for (Writer *w : std::as_const(writers))
        w->start();
    // Reader on this thread, concurrently: everything it sees must be consistent.
    int reads = 0;
    quint64 lastGeneration = 0;
    while (std::any_of(writers.cbegin(), writers.cend(), [](Writer *w) { return !w->isFinished(); })) {
        const quint64 g = store.generation();
        QVERIFY(g >= lastGeneration);
        lastGeneration = g;
        for (const SeriesStats &s : store.allStats()) {
            QVERIFY(s.count >= 0 && s.count <= s.totalAppended);
            QVERIFY(s.min <= s.max);
        }
        const QList<QPointF> d = store.decimated(QStringLiteral("shared"), I64Min, I64Max, 50);
        QVERIFY(d.size() <= 200);
        ++reads;
    }
    for (Writer *w : std::as_const(writers)) {
        QVERIFY(w->wait(30'000));
        delete w;
    }
    QVERIFY(reads > 0);
    constexpr qint64 PerWriter = qint64(Batches) * BatchSize;
    QCOMPARE(store.seriesCount(), Writers + 1);
    for (int i = 0; i < Writers; ++i) {
        const SeriesStats s = store.stats(QStringLiteral("w%1.value").arg(i));
        QCOMPARE(s.count, PerWriter);
        QCOMPARE(s.totalAppended, PerWriter);
        QCOMPARE(s.min, double(i));
        QCOMPARE(s.max, double(i));
    }
    const SeriesStats shared = store.stats(QStringLiteral("shared"));
    QCOMPARE(shared.totalAppended, Writers * PerWriter);
    QCOMPARE(shared.count, Writers * PerWriter);
    QCOMPARE(shared.min, 0.0);
    QCOMPARE(shared.max, double(Writers - 1));
    QCOMPARE(store.generation(), quint64(2 * Writers * PerWriter));
    QCOMPARE(store.refusedSeries(), 0);
    QCOMPARE(store.refusedInvalid(), 0);
}

void tst_SeriesStore::maxSeriesCap()
{
    SeriesStore::Limits l;
    l.maxSeries = 3;
    SeriesStore store(l);
    QSignalSpy added(&store, &SeriesStore::seriesAdded);
    SampleBatch batch;
    for (int i = 0; i < 5; ++i)
        batch.append(Sample{QStringLiteral("s%1").arg(i), 1, 1.0});
    store.appendBatch(batch);
    QCOMPARE(store.seriesCount(), 3);
    QCOMPARE(store.refusedSeries(), 2);
    QCOMPARE(added.count(), 3);
    store.append(QStringLiteral("s0"), 2, 2.0);   // existing series still accepted
    QCOMPARE(store.stats(QStringLiteral("s0")).count, 2);
    store.append(QStringLiteral("s4"), 2, 2.0);
    QCOMPARE(store.refusedSeries(), 3);
    QVERIFY(!store.contains(QStringLiteral("s4")));
    QCOMPARE(store.names(), (QStringList{QStringLiteral("s0"), QStringLiteral("s1"), QStringLiteral("s2")}));

    // Zero series allowed: everything refused, nothing allocated.
    l.maxSeries = 0;
    SeriesStore none(l);
    none.append(QStringLiteral("x"), 1, 1);
    QCOMPARE(none.seriesCount(), 0);
    QCOMPARE(none.refusedSeries(), 1);
    QCOMPARE(none.generation(), quint64(0));
}

void tst_SeriesStore::nonFiniteRefused()
{
    SeriesStore store;
    store.append(QStringLiteral("a"), 1, std::numeric_limits<double>::quiet_NaN());
    QVERIFY(!store.contains(QStringLiteral("a")));   // a NaN does not create a series
    store.append(QStringLiteral("a"), 2, 1.0);
    store.appendBatch({Sample{QStringLiteral("a"), 3, std::numeric_limits<double>::infinity()},
                       Sample{QStringLiteral("a"), 4, -std::numeric_limits<double>::infinity()},
                       Sample{QStringLiteral("a"), 5, 2.0}});
    QCOMPARE(store.refusedInvalid(), 3);
    const SeriesStats s = store.stats(QStringLiteral("a"));
    QCOMPARE(s.count, 2);
    QCOMPARE(s.max, 2.0);
    QCOMPARE(s.min, 1.0);
    QCOMPARE(store.generation(), quint64(2));
}

void tst_SeriesStore::hostileNames()
{
    SeriesStore store;
    store.append(QString(), 1, 1);
    store.append(QString(SeriesStore::MaxNameLength + 1, QLatin1Char('x')), 1, 1);
    store.append(QString(SeriesStore::MaxNameLength, QLatin1Char('y')), 1, 1);
    QCOMPARE(store.refusedInvalid(), 2);
    QCOMPARE(store.seriesCount(), 1);
    QVERIFY(store.points(QStringLiteral("missing"), I64Min, I64Max).isEmpty());
    QVERIFY(store.decimated(QStringLiteral("missing"), I64Min, I64Max, 10).isEmpty());
    QCOMPARE(store.stats(QStringLiteral("missing")).count, 0);
}

void tst_SeriesStore::generationMovesOnlyOnStore()
{
    SeriesStore store;
    QCOMPARE(store.generation(), quint64(0));
    store.append(QStringLiteral("a"), 1, 1);
    QCOMPARE(store.generation(), quint64(1));
    store.appendBatch({Sample{QStringLiteral("a"), 2, 1}, Sample{QStringLiteral("b"), 2, 1}});
    QCOMPARE(store.generation(), quint64(3));
    store.appendBatch({});
    (void)store.allStats();
    (void)store.decimated(QStringLiteral("a"), 0, 10, 5);
    QCOMPARE(store.generation(), quint64(3));   // reads do not move it
    store.clear();
    QCOMPARE(store.generation(), quint64(4));
    QCOMPARE(store.seriesCount(), 0);
    QVERIFY(store.names().isEmpty());
}

void tst_SeriesStore::statsAndQueries()
{
    SeriesStore store;
    for (int i = 0; i < 100; ++i)
        store.append(QStringLiteral("sine"), 1000 + i, std::sin(i));
    const SeriesStats s = store.stats(QStringLiteral("sine"));
    QCOMPARE(s.name, QStringLiteral("sine"));
    QCOMPARE(s.count, 100);
    QCOMPARE(s.firstT, 1000);
    QCOMPARE(s.lastT, 1099);
    QCOMPARE(s.first, std::sin(0));
    QCOMPARE(s.last, std::sin(99));
    QVERIFY(s.min < -0.99 && s.max > 0.99);
    QCOMPARE(store.points(QStringLiteral("sine"), 1010, 1019).size(), 10);
    const QList<QPointF> d = store.decimated(QStringLiteral("sine"), 1000, 1099, 5);
    QVERIFY(d.size() <= 20 && d.size() >= 5);
}

void tst_SeriesStore::arrivalOrder()
{
    SeriesStore store;
    const QStringList names = {QStringLiteral("zeta"), QStringLiteral("alpha"), QStringLiteral("mid")};
    for (const QString &n : names)
        store.append(n, 1, 1);
    QCOMPARE(store.names(), names);
    const QList<SeriesStats> all = store.allStats();
    QCOMPARE(all.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(all.at(i).name, names.at(i));
}

void tst_SeriesStore::rateOverTwoSeconds()
{
    SeriesStore store;
    qint64 now = 10'000;
    store.setClock([&now] { return now; });
    // 50 samples every 100 ms for 3 s = 500 samples/s.
    for (int step = 0; step < 30; ++step) {
        for (int i = 0; i < 50; ++i)
            store.append(QStringLiteral("fast"), now, i);
        store.append(QStringLiteral("slow"), now, 1);   // 10/s
        now += 100;
    }
    const double fast = store.stats(QStringLiteral("fast")).ratePerSec;
    const double slow = store.stats(QStringLiteral("slow")).ratePerSec;
    QVERIFY2(fast > 450 && fast < 550, qPrintable(QString::number(fast)));
    QVERIFY2(slow > 9 && slow < 11, qPrintable(QString::number(slow)));
    now += 2'100;   // a quiet feed decays to zero within the window
    QCOMPARE(store.stats(QStringLiteral("fast")).ratePerSec, 0.0);
    now += 60'000;
    QCOMPARE(store.allStats().constFirst().ratePerSec, 0.0);
}

void tst_SeriesStore::seriesAddedOncePerSeriesQueuedAcrossThreads()
{
    SeriesStore store;
    QStringList received;
    QList<Qt::HANDLE> receivedOn;
    QObject receiver;   // lives on this (GUI) thread
    connect(&store, &SeriesStore::seriesAdded, &receiver, [&](const QString &name) {
        received.append(name);
        receivedOn.append(QThread::currentThreadId());
    });
    Writer writer(&store, 7, 10, 10);
    writer.start();
    QVERIFY(writer.wait(10'000));
    QVERIFY(received.isEmpty());   // queued: not delivered on the writer thread
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received, (QStringList{QStringLiteral("w7.value"), QStringLiteral("shared")}));
    for (Qt::HANDLE h : std::as_const(receivedOn))
        QCOMPARE(h, QThread::currentThreadId());
    // A receiver may call back into the store without deadlocking: not emitted under the mutex.
    int seen = 0;
    connect(&store, &SeriesStore::seriesAdded, &receiver, [&](const QString &name) {
        seen = int(store.stats(name).count);
    }, Qt::DirectConnection);
    store.append(QStringLiteral("direct"), 1, 1);
    QCOMPARE(seen, 1);
}

void tst_SeriesStore::bytesPerPoint()
{
    SeriesStore store;
    constexpr int N = 1'000'000;
    SampleBatch batch;
    batch.reserve(1000);
    for (int i = 0; i < N; i += 1000) {
        batch.clear();
        for (int k = 0; k < 1000; ++k)
            batch.append(Sample{QStringLiteral("big"), i + k, double(k)});
        store.appendBatch(batch);
    }
    QCOMPARE(store.stats(QStringLiteral("big")).count, N);
    const double perPoint = double(store.bytesUsed()) / N;
    qInfo("SeriesStore: %.3f bytes/point after 1M points (bytesUsed %lld)", perPoint, store.bytesUsed());
    QVERIFY(perPoint <= 24.0);
    // A thousand tiny series do not reserve their full capacity.
    SeriesStore many;
    for (int i = 0; i < 1000; ++i)
        many.append(QStringLiteral("s%1").arg(i), 1, 1);
    QVERIFY2(many.bytesUsed() < 2'000'000, QByteArray::number(many.bytesUsed()));
}

void tst_SeriesStore::batchMatchesSampleBySample()
{
    // appendBatch finds a batch's series by the names' shared text: names shared by many
    // samples, equal names in separate strings, more names than its table holds, values
    // refused and series refused past the cap must all land exactly as append() puts
    // them one by one.
    SeriesStore::Limits limits;
    limits.maxSeries = 50;
    SeriesStore batched(limits), single(limits);
    QStringList shared;
    for (int k = 0; k < 70; ++k)
        shared.append(QStringLiteral("s%1").arg(k));
    SampleBatch batch;
    for (int i = 0; i < 5000; ++i) {
        const int k = (i * 7919) % (i % 3 == 0 ? 70 : 9);
        // Every fifth sample names its series with a string of its own (same text).
        QString name = i % 5 == 0 ? QStringLiteral("s%1").arg(k) : shared.at(k);
        const double v = i % 97 == 0 ? std::numeric_limits<double>::quiet_NaN() : double(i);
        batch.append(Sample{ name, qint64(i), v });
        single.append(name, qint64(i), v);
        if (batch.size() == 1000 || i == 4999) {
            batched.appendBatch(batch);
            batch.clear();
        }
    }
    QCOMPARE(batched.names(), single.names());
    QCOMPARE(batched.seriesCount(), 50);
    QCOMPARE(batched.refusedSeries(), single.refusedSeries());
    QCOMPARE(batched.refusedInvalid(), single.refusedInvalid());
    QVERIFY(batched.refusedSeries() > 0);
    QVERIFY(batched.refusedInvalid() > 0);
    QCOMPARE(batched.generation(), single.generation());
    for (const QString &name : batched.names()) {
        QCOMPARE(batched.points(name, 0, 5000), single.points(name, 0, 5000));
        QCOMPARE(batched.stats(name).totalAppended, single.stats(name).totalAppended);
    }
}

QTEST_GUILESS_MAIN(tst_SeriesStore)
#include "tst_seriesstore.moc"
