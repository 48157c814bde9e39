// tst_sseparser: SseParser against the WHATWG event-stream rules (fields, line ends, BOM,
// comments, id/retry handling) and against malformed, oversized and hostile input.
#include "sseparser.h"

#include <QRandomGenerator>
#include <QTest>

class tst_SseParser : public QObject
{
    Q_OBJECT

    static QList<SseEvent> parseAll(const QByteArray &stream, int chunk = 0, SseParser *parser = nullptr)
    {
        SseParser local;
        SseParser &p = parser ? *parser : local;
        if (chunk <= 0) {
            p.feed(stream);
        } else {
            for (qsizetype i = 0; i < stream.size(); i += chunk)
                p.feed(QByteArrayView(stream).sliced(i, std::min<qsizetype>(chunk, stream.size() - i)));
        }
        return p.takeEvents();
    }

private Q_SLOTS:
    void fields_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QByteArray>("id");
        QTest::newRow("plain") << QByteArray("data: {\"p\":1}\n\n") << QByteArray("message") << QByteArray("{\"p\":1}") << QByteArray();
        QTest::newRow("named") << QByteArray("event: tick\ndata: 1\n\n") << QByteArray("tick") << QByteArray("1") << QByteArray();
        QTest::newRow("multi-line") << QByteArray("data: a\ndata:b\ndata:  c\n\n") << QByteArray("message") << QByteArray("a\nb\n c") << QByteArray();
        QTest::newRow("crlf") << QByteArray("id: 7\r\ndata: x\r\n\r\n") << QByteArray("message") << QByteArray("x") << QByteArray("7");
        QTest::newRow("cr only") << QByteArray("event:e\rdata:y\r\r") << QByteArray("e") << QByteArray("y") << QByteArray();
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF" "data: z\n\n") << QByteArray("message") << QByteArray("z") << QByteArray();
        QTest::newRow("comment") << QByteArray(": keep-alive\ndata: c\n\n") << QByteArray("message") << QByteArray("c") << QByteArray();
        QTest::newRow("no colon = empty data") << QByteArray("data\ndata\n\n") << QByteArray("message") << QByteArray("\n") << QByteArray();
        QTest::newRow("id with NUL ignored") << QByteArray("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n", 32) << QByteArray("message") << QByteArray("b") << QByteArray("1");
        QTest::newRow("unknown field") << QByteArray("foo: bar\ndata: d\n\n") << QByteArray("message") << QByteArray("d") << QByteArray();
        QTest::newRow("utf8") << QByteArray("data: 21 \xC2\xB0" "C \xE2\x82\xAC\n\n") << QByteArray("message") << QByteArray("21 \xC2\xB0" "C \xE2\x82\xAC") << QByteArray();
        QTest::newRow("invalid utf8 replaced") << QByteArray("data: a\xFF" "b\n\n") << QByteArray("message") << QByteArray("a\xEF\xBF\xBD" "b") << QByteArray();
    }
    void fields()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, data);
        QFETCH(QByteArray, id);
        // Whole, then byte by byte: chunk boundaries (a CRLF or BOM split) change nothing.
        for (int chunk : {0, 1, 2, 3}) {
            const QList<SseEvent> events = parseAll(stream, chunk);
            QVERIFY2(!events.isEmpty(), qPrintable(QString::number(chunk)));
            QCOMPARE(events.last().type, type);
            QCOMPARE(events.last().data, data);
            QCOMPARE(events.last().id, id);
        }
    }

    void crlfSplitIsOneLineEnd()
    {
        SseParser p;
        p.feed("data: a\r");
        p.feed("\ndata: b\r");
        p.feed("\n\r");
        p.feed("\n");
        const auto events = p.takeEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QByteArray("a\nb"));
    }

    void noDataNoEvent()
    {
        QCOMPARE(parseAll("event: x\n\n: c\n\nid: 3\n\n").size(), 0);
        SseParser p;
        p.feed("id: 3\n\nevent: named\n\ndata: after\n\n");
        const auto events = p.takeEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].type, QByteArray("message")); // the type of a data-less event does not leak
        QCOMPARE(events[0].id, QByteArray("3"));
        QCOMPARE(p.lastEventId(), QByteArray("3"));
    }

    void retryDigitsOnly()
    {
        SseParser p;
        p.feed("retry: 2500\n\n");
        QCOMPARE(p.retryMs(), 2500);
        p.feed("retry: 12a\n\nretry: -5\n\nretry:\n\nretry: 1.5\n\n");
        QCOMPARE(p.retryMs(), 2500);
        p.feed("retry: 99999999999999999999\n\n");
        QCOMPARE(p.retryMs(), std::numeric_limits<int>::max()); // saturates, the source clamps
    }

    void incompleteEventDiscardedAtEnd()
    {
        SseParser p;
        p.feed("id: 5\n\ndata: half");
        p.endOfStream();
        QVERIFY(p.takeEvents().isEmpty());
        QCOMPARE(p.lastEventId(), QByteArray("5"));
        p.feed("\xEF\xBB\xBF" "data: next\n\n"); // a new stream may start with a BOM again
        const auto events = p.takeEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QByteArray("next"));
    }

    void longLineDropsItsEvent()
    {
        SseParser p(64, 1024);
        p.feed("data: " + QByteArray(100, 'x') + "\ndata: ok\n\ndata: fine\n\n");
        const auto events = p.takeEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QByteArray("fine"));
        QCOMPARE(p.dropped(), 1);
        QVERIFY(p.takeErrors().first().contains(QLatin1String("longer than 64 bytes")));
        QVERIFY(p.bufferedBytes() <= 64);
    }

    void longLineInSmallChunksHoldsBound()
    {
        SseParser p(1000, 100'000);
        p.feed("data: ");
        for (int i = 0; i < 10'000; ++i) { // 10 MB of one line, 1 KB at a time
            p.feed(QByteArray(1000, 'y'));
            QVERIFY(p.bufferedBytes() <= 1000);
        }
        p.feed("\n\ndata: after\n\n");
        const auto events = p.takeEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QByteArray("after"));
        QCOMPARE(p.dropped(), 1);
    }

    void longCommentKeepsEvent()
    {
        SseParser p(32, 1024);
        p.feed("data: a\n:" + QByteArray(100, 'c') + "\ndata: b\n\n");
        const auto events = p.takeEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QByteArray("a\nb"));
    }

    void eventSizeBound()
    {
        SseParser p(1024, 2048);
        QByteArray stream;
        for (int i = 0; i < 100; ++i)
            stream += "data: " + QByteArray(100, 'z') + "\n";
        stream += "\ndata: small\n\n";
        p.feed(stream);
        QVERIFY(p.bufferedBytes() <= 2048 + 1024);
        const auto events = p.takeEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QByteArray("small"));
        QCOMPARE(p.dropped(), 1);
        QVERIFY(p.takeErrors().first().contains(QLatin1String("larger than 2048")));
    }

    // Invalid bytes become U+FFFD (3 bytes each): the event handed on must still be within
    // the bound (tests/fuzz/crashes/fuzz_sse/event-over-bound-after-replacement).
    void eventSizeBoundHoldsAfterReplacement()
    {
        SseParser p(1024, 16);
        p.feed(QByteArray("data: ab\xff\xfe\xfd\xfc\xfb\xfa\n\n") + "data: fine\n\n");
        const auto events = p.takeEvents();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QByteArray("fine"));
        QCOMPARE(p.dropped(), 1);
        QVERIFY(p.takeErrors().first().contains(QLatin1String("invalid UTF-8")));
        SseParser q(1024, 16);   // at the bound after replacement: 4 x 3 + 4 = 16 bytes, kept
        q.feed(QByteArray("data: abcd\xff\xfe\xfd\xfc\n\n"));
        const auto kept = q.takeEvents();
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept[0].data.size(), 16);
    }

    void errorsKeptAreBounded()
    {
        SseParser p(16, 32);
        for (int i = 0; i < 1000; ++i)
            p.feed("data: " + QByteArray(40, 'q') + "\n\n");
        QCOMPARE(p.dropped(), 1000);
        QCOMPARE(p.takeErrors().size(), SseParser::kMaxErrorsKept);
    }

    void hostileBytesNeverCrash()
    {
        // Pseudo-random bytes biased to the syntax characters: no crash, bounds hold, every
        // event is valid UTF-8.
        QRandomGenerator rng(11);
        const char alphabet[] = "data:event:id:retry: \r\n\n\r\0\xFF\xEF\xBB\xBF{}x";
        SseParser p(256, 1024);
        for (int round = 0; round < 2000; ++round) {
            QByteArray chunk(int(rng.bounded(64)), Qt::Uninitialized);
            for (char &c : chunk)
                c = alphabet[rng.bounded(int(sizeof(alphabet) - 1))];
            p.feed(chunk);
            QVERIFY(p.bufferedBytes() <= 256 + 1024 + 256);
            for (const SseEvent &e : p.takeEvents()) {
                QVERIFY(QByteArrayView(e.data).isValidUtf8());
                QVERIFY(QByteArrayView(e.type).isValidUtf8());
                QVERIFY(!e.id.contains('\0'));
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_SseParser)
#include "tst_sseparser.moc"
