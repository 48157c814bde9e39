// WsDeflate (permessage-deflate, RFC 7692) and its use by WsFrameReader, without a socket:
// the server's answer is judged as the RFC says (only what was offered, no parameter twice,
// valid window bits), messages survive a round trip with and without context takeover
// (takeover makes a repeated message shorter), inflating stops at the message limit (a
// 64 MiB bomb is refused having produced at most limit + 1 bytes), corrupt data is
// refused, and RSV1 is allowed only on the first frame of a data message.
#include "wsdeflate.h"
#include "wsframereader.h"

#include <QTest>

class tst_WsDeflate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void negotiate_data();
    void negotiate();
    void roundTripAndTakeover_data();
    void roundTripAndTakeover();
    void bombStopsAtLimit();
    void corruptDataRefused();
    void readerRsv1Rules();
};

void tst_WsDeflate::negotiate_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("offered");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<int>("serverBits");
    QTest::addColumn<int>("clientBits");
    QTest::addColumn<bool>("serverNoTakeover");
    QTest::addColumn<bool>("clientNoTakeover");
    QTest::newRow("none") << QByteArray() << true << true << false << 15 << 15 << false << false;
    QTest::newRow("plain") << QByteArray("permessage-deflate") << true << true << true << 15 << 15 << false << false;
    QTest::newRow("python default") << QByteArray("permessage-deflate; server_max_window_bits=12; client_max_window_bits=12")
                                    << true << true << true << 12 << 12 << false << false;
    QTest::newRow("no takeover, quoted") << QByteArray("PerMessage-Deflate;server_no_context_takeover; client_no_context_takeover; client_max_window_bits=\"10\"")
                                         << true << true << true << 15 << 10 << true << true;
    QTest::newRow("not offered") << QByteArray("permessage-deflate") << false << false << false << 15 << 15 << false << false;
    QTest::newRow("unknown extension") << QByteArray("x-webkit-deflate-frame") << true << false << false << 15 << 15 << false << false;
    QTest::newRow("twice") << QByteArray("permessage-deflate, permessage-deflate") << true << false << true << 15 << 15 << false << false;
    QTest::newRow("param twice") << QByteArray("permessage-deflate; server_no_context_takeover; server_no_context_takeover") << true << false << true << 15 << 15 << true << false;
    QTest::newRow("unknown param") << QByteArray("permessage-deflate; mem_level=9") << true << false << true << 15 << 15 << false << false;
    QTest::newRow("bits 16") << QByteArray("permessage-deflate; server_max_window_bits=16") << true << false << true << 15 << 15 << false << false;
    QTest::newRow("bits 7") << QByteArray("permessage-deflate; client_max_window_bits=7") << true << false << true << 15 << 15 << false << false;
    QTest::newRow("client bits 8 (zlib cannot)") << QByteArray("permessage-deflate; client_max_window_bits=8") << true << false << true << 15 << 8 << false << false;
    QTest::newRow("server bits 8 is fine") << QByteArray("permessage-deflate; server_max_window_bits=8") << true << true << true << 8 << 15 << false << false;
    QTest::newRow("value on a flag") << QByteArray("permessage-deflate; server_no_context_takeover=1") << true << false << true << 15 << 15 << false << false;
    QTest::newRow("bits without value") << QByteArray("permessage-deflate; server_max_window_bits") << true << false << true << 15 << 15 << false << false;
}

void tst_WsDeflate::negotiate()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, offered);
    QFETCH(bool, ok);
    QFETCH(bool, accepted);
    bool on = false;
    WsDeflate::Params p;
    QString error;
    QCOMPARE(WsDeflate::negotiate(header, offered, &on, &p, &error), ok);
    QCOMPARE(error.isEmpty(), ok);
    if (!ok)
        return;
    QCOMPARE(on, accepted);
    QTEST(p.serverMaxWindowBits, "serverBits");
    QTEST(p.clientMaxWindowBits, "clientBits");
    QTEST(p.serverNoContextTakeover, "serverNoTakeover");
    QTEST(p.clientNoContextTakeover, "clientNoTakeover");
}

void tst_WsDeflate::roundTripAndTakeover_data()
{
    QTest::addColumn<bool>("noTakeover");
    QTest::newRow("context takeover") << false;
    QTest::newRow("no context takeover") << true;
}

void tst_WsDeflate::roundTripAndTakeover()
{
    QFETCH(bool, noTakeover);
    WsDeflate::Params p;
    p.clientNoContextTakeover = p.serverNoContextTakeover = noTakeover;
    p.clientMaxWindowBits = 10;
    WsDeflate sender(p), receiver(p);   // our deflater feeding our inflater, same parameters
    const QByteArray message = QStringLiteral("{\"sym\":\"\u20ac\",\"px\":61234.5,\"note\":\"\u6771\u4eac\"}").toUtf8().repeated(3);
    QList<qsizetype> sizes;
    for (int i = 0; i < 5; ++i) {
        const QByteArray wire = sender.deflate(message);
        QVERIFY(!wire.endsWith(QByteArray::fromHex("0000ffff")));
        sizes.append(wire.size());
        QByteArray out;
        QCOMPARE(receiver.inflate(wire, 1 << 20, &out), WsDeflate::Inflated::Ok);
        QCOMPARE(out, message);
    }
    if (noTakeover)
        QCOMPARE(sizes.at(4), sizes.at(0));   // every message stands alone
    else
        QVERIFY2(sizes.at(4) < sizes.at(0) / 3, qPrintable(QString::number(sizes.at(4))));   // back-references
    QByteArray empty;
    QCOMPARE(receiver.inflate(sender.deflate(QByteArrayView()), 10, &empty), WsDeflate::Inflated::Ok);
    QVERIFY(empty.isEmpty());
}

void tst_WsDeflate::bombStopsAtLimit()
{
    WsDeflate sender({}), receiver({});
    const QByteArray bomb = sender.deflate(QByteArray(64 << 20, 'x'));
    QVERIFY2(bomb.size() < 100 * 1024, qPrintable(QString::number(bomb.size())));
    QByteArray out;
    QCOMPARE(receiver.inflate(bomb, 1 << 20, &out), WsDeflate::Inflated::TooBig);
    QVERIFY2(out.size() <= (1 << 20) + 1, qPrintable(QString::number(out.size())));   // stopped at the limit
    QByteArray exact;
    WsDeflate sender2({}), receiver2({});
    QCOMPARE(receiver2.inflate(sender2.deflate(QByteArray(1 << 20, 'y')), 1 << 20, &exact), WsDeflate::Inflated::Ok);
    QCOMPARE(exact.size(), 1 << 20);
    // Through the reader: one compressed frame, limit 1 MiB -> 1009.
    WsDeflate readerDeflate({});
    WsFrameReader reader(1 << 20, 1 << 20, WsFrameReader::Role::Client);
    reader.setDeflate(&readerDeflate);
    QByteArray frame;
    frame.append(char(0xC1)).append(char(127));
    for (int i = 7; i >= 0; --i)
        frame.append(char((quint64(bomb.size()) >> (8 * i)) & 0xff));
    frame += bomb;
    const WsFrameReader::Result r = reader.read(frame.constData(), frame.size());
    QCOMPARE(int(r.kind), int(WsFrameReader::Kind::Fail));
    QCOMPARE(r.closeCode, 1009);
}

void tst_WsDeflate::corruptDataRefused()
{
    WsDeflate receiver({});
    QByteArray out;
    QCOMPARE(receiver.inflate(QByteArray::fromHex("ffffffffff00"), 1 << 20, &out), WsDeflate::Inflated::Corrupt);
    WsDeflate readerDeflate({});
    WsFrameReader reader(1024, 1024, WsFrameReader::Role::Client);
    reader.setDeflate(&readerDeflate);
    const QByteArray frame = QByteArray::fromHex("c106") + QByteArray::fromHex("ffffffffff00");
    const WsFrameReader::Result r = reader.read(frame.constData(), frame.size());
    QCOMPARE(r.closeCode, 1007);
}

void tst_WsDeflate::readerRsv1Rules()
{
    WsDeflate sender({}), inflater({});
    const QByteArray text = QStringLiteral("h\u00e9llo \u20ac").toUtf8();
    const QByteArray z = sender.deflate(text);
    // A compressed message in two fragments: RSV1 on the first only.
    WsFrameReader reader(1024, 1024, WsFrameReader::Role::Client);
    reader.setDeflate(&inflater);
    const qsizetype half = z.size() / 2;
    QByteArray stream;
    stream.append(char(0x41)).append(char(half)).append(z.left(half));
    stream.append(char(0x89)).append(char(1)).append('p');   // a ping in between
    stream.append(char(0x80)).append(char(z.size() - half)).append(z.mid(half));
    QList<WsFrameReader::Kind> kinds;
    QByteArray message;
    for (qsizetype pos = 0; pos < stream.size();) {
        const WsFrameReader::Result r = reader.read(stream.constData() + pos, stream.size() - pos);
        QVERIFY(r.consumed > 0);
        pos += r.consumed;
        kinds.append(r.kind);
        if (r.kind == WsFrameReader::Kind::Text)
            message = r.payload;
    }
    QCOMPARE(kinds, (QList<WsFrameReader::Kind>{WsFrameReader::Kind::Fragment, WsFrameReader::Kind::Ping, WsFrameReader::Kind::Text}));
    QCOMPARE(message, text);
    // RSV1 on a continuation, on a control frame, or without deflate: 1002.
    const QList<QByteArray> bad = {QByteArray::fromHex("010161c00161"), QByteArray::fromHex("c900")};
    for (const QByteArray &b : bad) {
        WsFrameReader r2(1024, 1024, WsFrameReader::Role::Client);
        r2.setDeflate(&inflater);
        WsFrameReader::Result r;
        qsizetype pos = 0;
        do {
            r = r2.read(b.constData() + pos, b.size() - pos);
            pos += r.consumed;
        } while (r.kind == WsFrameReader::Kind::Fragment);
        QCOMPARE(r.closeCode, 1002);
    }
    WsFrameReader plain(1024, 1024, WsFrameReader::Role::Client);
    const QByteArray rsv = QByteArray::fromHex("c10161");
    QCOMPARE(plain.read(rsv.constData(), rsv.size()).closeCode, 1002);
}

QTEST_GUILESS_MAIN(tst_WsDeflate)
#include "tst_wsdeflate.moc"
