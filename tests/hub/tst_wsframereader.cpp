// WsFrameReader, the hub's RFC 6455 server-side frame reader (RawWsLink's input):
//  * generated client streams (text and binary messages of every length form, fragmented
//    at random, pings between fragments) cut at random points and fed the way RawWsLink
//    feeds it (incomplete frames kept and re-offered) give back exactly what was sent;
//  * every violation fails with its close code, and 1009 is decided from the header alone;
//  * text validation is strict UTF-8 (checked against an independent decoder written here
//    from RFC 3629 on random byte strings), across fragments too.
// Seed and size: WSFRAME_SEED, WSFRAME_STREAMS.
#include "wsframereader.h"

#include <QRandomGenerator>
#include <QtTest>

namespace {
constexpr qint64 kLimit = 64 * 1024;

QByteArray clientFrame(quint8 firstByte, const QByteArray &payload, QRandomGenerator &rng,
                       int lengthForm = -1)
{
    QByteArray f;
    f.append(char(firstByte));
    const qint64 n = payload.size();
    const int form = lengthForm >= 0 ? lengthForm : (n < 126 ? 0 : n < 65536 ? 1 : 2);
    if (form == 0) {
        f.append(char(0x80 | n));
    } else if (form == 1) {
        f.append(char(0x80 | 126)).append(char(n >> 8)).append(char(n & 0xff));
    } else {
        f.append(char(0x80 | 127));
        for (int i = 7; i >= 0; --i)
            f.append(char((n >> (8 * i)) & 0xff));
    }
    const quint32 key = rng.generate();
    const char mask[4] = {char(key), char(key >> 8), char(key >> 16), char(key >> 24)};
    f.append(mask, 4);
    for (qint64 i = 0; i < n; ++i)
        f.append(char(payload[i] ^ mask[i % 4]));
    return f;
}

// Random valid UTF-8 of about `bytes` bytes: ASCII and 2-, 3- and 4-byte characters.
QByteArray randomUtf8(QRandomGenerator &rng, int bytes)
{
    QString s;
    for (int n = 0; n < bytes;) {
        switch (rng.bounded(4)) {
        case 0: s.append(QChar(char16_t(0x20 + rng.bounded(0x5f)))); n += 1; break;
        case 1: s.append(QChar(char16_t(0x80 + rng.bounded(0x780)))); n += 2; break;
        case 2: s.append(QChar(char16_t(0xE000 + rng.bounded(0x1000)))); n += 3; break;
        default: {
            const char32_t cp = 0x10000 + rng.bounded(0x100000);
            s.append(QString::fromUcs4(&cp, 1));
            n += 4;
        }
        }
    }
    return s.toUtf8();
}

// RFC 3629 decoder written independently of Qt: true when `b` is well-formed UTF-8.
bool referenceUtf8(const QByteArray &b)
{
    const auto *p = reinterpret_cast<const uchar *>(b.constData());
    const qsizetype n = b.size();
    for (qsizetype i = 0; i < n;) {
        const uchar c = p[i];
        int len;
        char32_t cp;
        if (c < 0x80) { ++i; continue; }
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > n)
            return false;
        for (int k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF
            || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

struct Event { WsFrameReader::Kind kind; QByteArray payload; };

// Feeds `stream` in random pieces the way RawWsLink does; stops at the first failure.
QList<Event> feed(WsFrameReader &reader, const QByteArray &stream, QRandomGenerator &rng,
                  int *failCode = nullptr)
{
    QList<Event> out;
    QByteArray pending;
    for (qsizetype at = 0; at < stream.size();) {
        const qsizetype piece = qMin<qsizetype>(stream.size() - at, 1 + rng.bounded(rng.bounded(2) ? 16 : 70'000));
        pending.append(stream.constData() + at, piece);
        at += piece;
        qsizetype pos = 0;
        for (;;) {
            WsFrameReader::Result r = reader.read(pending.constData() + pos, pending.size() - pos);
            if (r.kind == WsFrameReader::Kind::NeedMore) {
                if (r.consumed != 0)
                    return {};   // NeedMore never consumes
                break;
            }
            if (r.kind == WsFrameReader::Kind::Fail) {
                if (failCode)
                    *failCode = r.closeCode;
                return out;
            }
            pos += r.consumed;
            if (r.kind != WsFrameReader::Kind::Fragment)
                out.append({r.kind, r.payload});
        }
        pending.remove(0, pos);
    }
    return out;
}

WsFrameReader::Result readOne(const QByteArray &bytes)
{
    WsFrameReader reader(kLimit, kLimit);
    return reader.read(bytes.constData(), bytes.size());
}
} // namespace

class tst_WsFrameReader : public QObject
{
    Q_OBJECT
    quint32 m_seed = 0;

private Q_SLOTS:
    void initTestCase()
    {
        m_seed = qEnvironmentVariableIsSet("WSFRAME_SEED") ? quint32(qEnvironmentVariableIntValue("WSFRAME_SEED"))
                                                           : 20261125u;
        qInfo("seed %u", m_seed);
    }

    void generatedStreamsSurviveAnyCut()
    {
        QRandomGenerator rng(m_seed);
        const int streams = qEnvironmentVariableIsSet("WSFRAME_STREAMS") ? qEnvironmentVariableIntValue("WSFRAME_STREAMS") : 150;
        for (int s = 0; s < streams; ++s) {
            QByteArray stream;
            QList<Event> expected;
            const int messages = 1 + rng.bounded(12);
            for (int m = 0; m < messages; ++m) {
                const bool text = rng.bounded(3) != 0;
                const int size = rng.bounded(4) == 0 ? rng.bounded(int(kLimit) - 8) : rng.bounded(300);
                QByteArray body = text ? randomUtf8(rng, size) : QByteArray(size, Qt::Uninitialized);
                if (!text)
                    for (char &c : body)
                        c = char(rng.bounded(256));
                if (body.size() > kLimit)
                    body.truncate(kLimit);   // whole characters only matter for text
                if (text && !referenceUtf8(body))
                    body = "x";
                // Cut into fragments anywhere, inside characters too.
                const int fragments = rng.bounded(3) == 0 ? 1 + rng.bounded(5) : 1;
                qsizetype at = 0;
                for (int f = 0; f < fragments; ++f) {
                    const bool last = f == fragments - 1;
                    const qsizetype len = last ? body.size() - at : rng.bounded(int(body.size() - at) + 1);
                    const quint8 opcode = f == 0 ? (text ? 0x1 : 0x2) : 0x0;
                    stream += clientFrame(quint8((last ? 0x80 : 0) | opcode), body.mid(at, len), rng,
                                          len < 126 && rng.bounded(8) == 0 ? 1 + rng.bounded(2) : -1);
                    at += len;
                    if (!last && rng.bounded(2)) {   // a ping between fragments
                        const QByteArray ping = QByteArray::number(rng.generate());
                        stream += clientFrame(0x89, ping, rng);
                        expected.append({WsFrameReader::Kind::Ping, ping});
                    }
                }
                expected.append({text ? WsFrameReader::Kind::Text : WsFrameReader::Kind::Binary, body});
            }
            WsFrameReader reader(kLimit, kLimit);
            int failCode = 0;
            const QList<Event> got = feed(reader, stream, rng, &failCode);
            QCOMPARE(failCode, 0);
            QCOMPARE(got.size(), expected.size());
            for (qsizetype i = 0; i < got.size(); ++i) {
                QCOMPARE(int(got.at(i).kind), int(expected.at(i).kind));
                QCOMPARE(got.at(i).payload, expected.at(i).payload);
            }
            QVERIFY(!reader.inMessage());
        }
    }

    void violations_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QRandomGenerator rng(m_seed);
        QByteArray unmasked = clientFrame(0x81, "hi", rng);
        unmasked[1] = char(unmasked[1] & 0x7f);
        QTest::newRow("unmasked") << unmasked << 1002;
        QTest::newRow("rsv1") << clientFrame(0xC1, "hi", rng) << 1002;
        QTest::newRow("rsv3") << clientFrame(0x91, "hi", rng) << 1002;
        for (int op : {3, 7, 0xB, 0xF})
            QTest::newRow(qPrintable(QStringLiteral("opcode %1").arg(op))) << clientFrame(quint8(0x80 | op), "", rng) << 1002;
        QTest::newRow("ping 126 bytes") << clientFrame(0x89, QByteArray(126, 'p'), rng) << 1002;
        QTest::newRow("fragmented ping") << clientFrame(0x09, "p", rng) << 1002;
        QTest::newRow("lone continuation") << clientFrame(0x80, "x", rng) << 1002;
        QTest::newRow("text inside fragmented") << clientFrame(0x01, "a", rng) + clientFrame(0x81, "b", rng) << 1002;
        QByteArray top("\x81\xff\x80\x00\x00\x00\x00\x00\x00\x01", 10);
        QTest::newRow("64-bit length top bit") << top << 1002;
        // Header only: the payload never arrives, the verdict must not wait for it.
        QTest::newRow("frame over limit, header only") << QByteArray("\x81\xff\x00\x00\x00\x00\x00\x01\x00\x01", 10) << 1009;
        QTest::newRow("frame of exactly 64 KiB is fine, header only")
            << QByteArray("\x81\xff\x00\x00\x00\x00\x00\x01\x00\x00", 10) << 0;
        QTest::newRow("message over limit at 2nd header")
            << clientFrame(0x01, QByteArray(40'000, 'a'), rng) + QByteArray("\x80\xfe\x9c\x40", 4) << 1009;
        QTest::newRow("text not UTF-8") << clientFrame(0x81, "\xff", rng) << 1007;
        QTest::newRow("overlong") << clientFrame(0x81, "\xc0\xaf", rng) << 1007;
        QTest::newRow("surrogate") << clientFrame(0x81, "\xed\xa0\x80", rng) << 1007;
        QTest::newRow("above U+10FFFF") << clientFrame(0x81, "\xf4\x90\x80\x80", rng) << 1007;
        QTest::newRow("truncated character at the end")
            << clientFrame(0x01, "a\xc3", rng) + clientFrame(0x80, "", rng) << 1007;
        QTest::newRow("close 1 byte") << clientFrame(0x88, "\x03", rng) << 1002;
        for (int c : {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000})
            QTest::newRow(qPrintable(QStringLiteral("close code %1").arg(c)))
                << clientFrame(0x88, QByteArray(1, char(c >> 8)) + char(c & 0xff), rng) << 1002;
        QTest::newRow("close reason not UTF-8") << clientFrame(0x88, QByteArray("\x03\xe8\xff", 3), rng) << 1007;
    }

    void violations()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        WsFrameReader reader(kLimit, kLimit);
        qsizetype pos = 0;
        WsFrameReader::Result r;
        do {
            r = reader.read(bytes.constData() + pos, bytes.size() - pos);
            pos += r.consumed;
        } while (r.kind != WsFrameReader::Kind::Fail && r.kind != WsFrameReader::Kind::NeedMore
                 && pos < bytes.size());
        if (code == 0) {
            QCOMPARE(int(r.kind), int(WsFrameReader::Kind::NeedMore));
            return;
        }
        QCOMPARE(int(r.kind), int(WsFrameReader::Kind::Fail));
        QCOMPARE(r.closeCode, code);
        QVERIFY(!r.reason.isEmpty());
    }

    void validCloseFrames()
    {
        QRandomGenerator rng(m_seed);
        for (int c : {1000, 1001, 1003, 1007, 1011, 1013, 1014, 3000, 4999}) {
            const auto r = readOne(clientFrame(0x88, QByteArray(1, char(c >> 8)) + char(c & 0xff) + "bye", rng));
            QCOMPARE(int(r.kind), int(WsFrameReader::Kind::Close));
            QCOMPARE(r.closeCode, c);
            QCOMPARE(r.payload, QByteArray("bye"));
        }
        const auto empty = readOne(clientFrame(0x88, {}, rng));
        QCOMPARE(int(empty.kind), int(WsFrameReader::Kind::Close));
        QCOMPARE(empty.closeCode, 1005);
    }

    void textValidationMatchesRfc3629()
    {
        QRandomGenerator rng(m_seed + 1);
        int invalid = 0;
        for (int i = 0; i < 20'000; ++i) {
            // Mostly UTF-8-shaped bytes: lead bytes, continuation bytes and ASCII mixed.
            QByteArray b;
            const int n = rng.bounded(12);
            for (int k = 0; k < n; ++k) {
                static const uchar pool[] = {0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed,
                                             0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0, 0x8f, 0x90};
                b.append(rng.bounded(3) == 0 ? char(rng.bounded(256)) : char(pool[rng.bounded(int(sizeof pool))]));
            }
            const auto r = readOne(clientFrame(0x81, b, rng));
            const bool expectValid = referenceUtf8(b);
            invalid += expectValid ? 0 : 1;
            QVERIFY2((r.kind == WsFrameReader::Kind::Text) == expectValid, b.toHex(' ').constData());
            if (!expectValid)
                QCOMPARE(r.closeCode, 1007);
        }
        QVERIFY(invalid > 1000 && invalid < 19'000);   // both kinds were exercised
    }
};

QTEST_GUILESS_MAIN(tst_WsFrameReader)
#include "tst_wsframereader.moc"
