// Specification of MessageLog: entry and size bounds, truncation, sequence numbers,
// totals past the wrap, snapshots, hostile sizes and concurrent use.
#include "messagelog.h"

#include <QRandomGenerator>
#include <QTest>
#include <QThread>

class tst_MessageLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void entryBoundAndTotals();
    void truncation();
    void truncationKeepsSurrogatePairs();
    void totalCharsBound();
    void utf8EntriesKeepTheBounds();
    void seqMonotonicAndSnapshotSince();
    void hostileSizes();
    void clearKeepsCounting();
    void concurrentAppendAndSnapshot();
    void ringMatchesAModelAcrossWraps();
};

void tst_MessageLog::defaults()
{
    MessageLog log;
    QCOMPARE(log.limits().maxEntries, 2000);
    QCOMPARE(log.limits().maxEntryChars, 64 * 1024);
    QCOMPARE(log.lastSeq(), quint64(0));
    QVERIFY(log.snapshot().isEmpty());
}

void tst_MessageLog::entryBoundAndTotals()
{
    MessageLog log;
    for (int i = 0; i < 5000; ++i)
        log.append(i, i % 3 == 0 ? MessageLog::Incoming : MessageLog::Outgoing,
                   MessageLog::Json, QStringLiteral("{\"i\":%1}").arg(i));
    QCOMPARE(log.size(), 2000);
    QCOMPARE(log.total(), quint64(5000));
    QCOMPARE(log.totalFor(MessageLog::Incoming), quint64(1667));
    QCOMPARE(log.totalFor(MessageLog::Outgoing), quint64(3333));
    QCOMPARE(log.totalFor(MessageLog::Event), quint64(0));
    const QList<MessageLog::Entry> all = log.snapshot();
    QCOMPARE(all.size(), 2000);
    QCOMPARE(all.constFirst().seq, quint64(3001));
    QCOMPARE(all.constFirst().t, 3000);
    QCOMPARE(all.constLast().seq, quint64(5000));
    QCOMPARE(all.constLast().text, QStringLiteral("{\"i\":4999}"));
}

void tst_MessageLog::truncation()
{
    MessageLog log;
    const QString big(200'000, QLatin1Char('a'));
    log.append(1, MessageLog::Incoming, MessageLog::Text, big);
    const QString exact(64 * 1024, QLatin1Char('b'));
    log.append(2, MessageLog::Incoming, MessageLog::Text, exact);
    const QList<MessageLog::Entry> e = log.snapshot();
    QCOMPARE(e.at(0).text.size(), 64 * 1024);
    QVERIFY(e.at(0).truncated);
    QCOMPARE(e.at(1).text, exact);
    QVERIFY(!e.at(1).truncated);
    QCOMPARE(log.truncatedCount(), quint64(1));
}

void tst_MessageLog::truncationKeepsSurrogatePairs()
{
    MessageLog::Limits l;
    l.maxEntryChars = 16;
    MessageLog log(l);
    // 15 'x' then an emoji (a surrogate pair) straddling the 16-unit cut.
    const QString text = QString(15, QLatin1Char('x')) + QString::fromUtf8("\xF0\x9F\x98\x80") + QStringLiteral("tail");
    log.append(1, MessageLog::Incoming, MessageLog::Text, text);
    const MessageLog::Entry e = log.snapshot().constFirst();
    QVERIFY(e.truncated);
    QCOMPARE(e.text, QString(15, QLatin1Char('x')));
    QVERIFY(!e.text.back().isHighSurrogate());
}

void tst_MessageLog::totalCharsBound()
{
    MessageLog log;   // 2,000 maximal entries would be 128 Mi units: the total bound wins
    const QString big(200'000, QLatin1Char('z'));
    for (int i = 0; i < 300; ++i)
        log.append(i, MessageLog::Incoming, MessageLog::Text, big);
    QVERIFY(log.heldChars() <= log.limits().maxTotalChars);
    QCOMPARE(log.size(), log.limits().maxTotalChars / log.limits().maxEntryChars);
    QCOMPARE(log.total(), quint64(300));
    // One oversize entry is always kept even with a tiny total bound.
    MessageLog::Limits l;
    l.maxEntryChars = 100;
    l.maxTotalChars = 10;   // raised to maxEntryChars
    MessageLog small(l);
    small.append(1, MessageLog::Incoming, MessageLog::Text, QString(500, QLatin1Char('q')));
    QCOMPARE(small.size(), 1);
    QCOMPARE(small.heldChars(), 100);
}

void tst_MessageLog::utf8EntriesKeepTheBounds()
{
    // Frames kept as UTF-8 bytes (the ingest path): decoded by snapshot(), cut at a
    // character boundary, counted in bytes against the same bounds.
    MessageLog::Limits l;
    l.maxEntryChars = 16;
    l.maxTotalChars = 64;
    MessageLog log(l);
    const QByteArray euro = "\xE2\x82\xAC";                 // 3 bytes, 1 character
    log.append(1, MessageLog::Incoming, MessageLog::Json, QByteArray("{\"t\":\"") + euro + "\"}");
    log.append(2, MessageLog::Incoming, MessageLog::Json, QByteArray(14, 'x') + euro + "tail");   // € straddles byte 16
    QList<MessageLog::Entry> all = log.snapshot();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0).text, QStringLiteral("{\"t\":\"\u20ac\"}"));
    QVERIFY(!all.at(0).truncated);
    QCOMPARE(all.at(1).text, QString(14, QLatin1Char('x')));
    QVERIFY(all.at(1).truncated);
    QCOMPARE(log.heldChars(), qint64(11 + 14));
    for (int i = 0; i < 20; ++i)
        log.append(10 + i, MessageLog::Incoming, MessageLog::Json, QByteArray(16, 'y'));
    QVERIFY(log.heldChars() <= l.maxTotalChars);
    QCOMPARE(log.size(), 4);
    QCOMPARE(log.snapshot().last().text, QString(16, QLatin1Char('y')));
}

void tst_MessageLog::seqMonotonicAndSnapshotSince()
{
    MessageLog::Limits l;
    l.maxEntries = 10;
    MessageLog log(l);
    quint64 prev = 0;
    for (int i = 0; i < 25; ++i) {
        const quint64 seq = log.append(i, MessageLog::Event, MessageLog::Text, QString::number(i));
        QCOMPARE(seq, prev + 1);
        prev = seq;
    }
    QCOMPARE(log.lastSeq(), quint64(25));
    QCOMPARE(log.snapshot(0).size(), 10);           // only what is held
    QCOMPARE(log.snapshot(3).size(), 10);           // older than the ring: everything held
    const QList<MessageLog::Entry> tail = log.snapshot(22);
    QCOMPARE(tail.size(), 3);
    QCOMPARE(tail.at(0).seq, quint64(23));
    QCOMPARE(tail.at(2).text, QStringLiteral("24"));
    QVERIFY(log.snapshot(25).isEmpty());
    QVERIFY(log.snapshot(1'000'000).isEmpty());     // from the future: nothing, no crash
    QVERIFY(log.snapshot(std::numeric_limits<quint64>::max()).isEmpty());
}

void tst_MessageLog::hostileSizes()
{
    MessageLog::Limits l;
    l.maxEntries = -5;         // clamped to 1
    l.maxEntryChars = 0;       // clamped to 16
    l.maxTotalChars = -1;
    MessageLog log(l);
    QCOMPARE(log.limits().maxEntries, 1);
    QCOMPARE(log.limits().maxEntryChars, 16);
    log.append(1, MessageLog::Incoming, MessageLog::Binary, QString(1 << 20, QChar(0)));
    log.append(2, MessageLog::Incoming, MessageLog::Text, QString());
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.snapshot().constFirst().text, QString());
    // An out-of-range direction is stored, counted in total(), and does not corrupt totals.
    log.append(3, MessageLog::Direction(42), MessageLog::Text, QStringLiteral("x"));
    QCOMPARE(log.total(), quint64(3));
    QCOMPARE(log.totalFor(MessageLog::Incoming), quint64(2));
    // A 32 MiB frame is cut without holding it.
    MessageLog big;
    big.append(1, MessageLog::Incoming, MessageLog::Text, QString(16 * 1024 * 1024, QLatin1Char('w')));
    QCOMPARE(big.heldChars(), 64 * 1024);
}

void tst_MessageLog::clearKeepsCounting()
{
    MessageLog log;
    for (int i = 0; i < 10; ++i)
        log.append(i, MessageLog::Incoming, MessageLog::Text, QStringLiteral("m"));
    log.clear();
    QCOMPARE(log.size(), 0);
    QCOMPARE(log.heldChars(), 0);
    QCOMPARE(log.total(), quint64(10));
    QVERIFY(log.snapshot(0).isEmpty());
    QCOMPARE(log.append(11, MessageLog::Incoming, MessageLog::Text, QStringLiteral("n")), quint64(11));
    QCOMPARE(log.snapshot(0).size(), 1);
}

void tst_MessageLog::concurrentAppendAndSnapshot()
{
    MessageLog::Limits l;
    l.maxEntries = 500;
    MessageLog log(l);
    constexpr int PerWriter = 20'000;
    QList<QThread *> writers;
    for (int w = 0; w < 2; ++w) {
        writers.append(QThread::create([&log, w] {
            for (int i = 0; i < PerWriter; ++i)
                log.append(i, w ? MessageLog::Outgoing : MessageLog::Incoming, MessageLog::Json,
                           QStringLiteral("payload"));
        }));
        writers.last()->start();
    }
    quint64 since = 0;
    qint64 seen = 0;
    bool ordered = true;
    auto drain = [&] {
        const QList<MessageLog::Entry> fresh = log.snapshot(since);
        ordered = ordered && fresh.size() <= 500;
        for (const MessageLog::Entry &e : fresh) {
            ordered = ordered && e.seq > since;   // strictly increasing across snapshots
            since = e.seq;
        }
        seen += fresh.size();
    };
    while (std::any_of(writers.cbegin(), writers.cend(), [](QThread *t) { return !t->isFinished(); }))
        drain();
    for (QThread *t : std::as_const(writers)) {
        QVERIFY(t->wait(30'000));
        delete t;
    }
    drain();   // also when a loaded machine let the writers finish before the first snapshot
    QVERIFY(ordered);
    QCOMPARE(log.total(), quint64(2 * PerWriter));
    QCOMPARE(log.totalFor(MessageLog::Incoming), quint64(PerWriter));
    QCOMPARE(log.size(), 500);
    QVERIFY(seen > 0);
}

void tst_MessageLog::ringMatchesAModelAcrossWraps()
{
    // The ring wraps, grows, is trimmed by the byte bound and cleared: after every step it
    // must hold exactly what a plain list under the documented rules holds (the newest
    // entries that fit maxEntries and maxTotalChars, at least one), oldest first.
    MessageLog::Limits l;
    l.maxEntries = 7;
    l.maxEntryChars = 16;
    l.maxTotalChars = 40;
    MessageLog log(l);
    struct Kept { quint64 seq; QString text; };
    QList<Kept> model;
    QRandomGenerator rng(11);
    for (int i = 0; i < 600; ++i) {
        if (i == 300) {
            log.clear();
            model.clear();
        }
        const QString text = QString(rng.bounded(17), QChar(u'a' + i % 26));
        const quint64 seq = i % 2 ? log.append(i, MessageLog::Incoming, MessageLog::Json, text.toUtf8())
                                  : log.append(i, MessageLog::Event, MessageLog::Text, text);
        model.append(Kept{ seq, text });
        qsizetype held = 0;
        for (const Kept &k : model)
            held += k.text.size();
        while (model.size() > l.maxEntries || (held > l.maxTotalChars && model.size() > 1)) {
            held -= model.first().text.size();
            model.removeFirst();
        }
        const QList<MessageLog::Entry> all = log.snapshot();
        QCOMPARE(all.size(), model.size());
        QCOMPARE(log.size(), model.size());
        QCOMPARE(log.heldChars(), held);
        for (qsizetype k = 0; k < all.size(); ++k) {
            QCOMPARE(all.at(k).seq, model.at(k).seq);
            QCOMPARE(all.at(k).text, model.at(k).text);
        }
        const quint64 since = model.first().seq + quint64(rng.bounded(int(model.size())));
        QCOMPARE(log.snapshot(since).size(), qsizetype(model.last().seq - since));
    }
}

QTEST_GUILESS_MAIN(tst_MessageLog)
#include "tst_messagelog.moc"
