// RecordingFile + McapReader: the MCAP a recording writes is read back exactly, by our
// reader and by Foxglove's @mcap/core (tests/peers/mcap_peer.js); a file @mcap/core
// wrote (chunked) is read by ours; a recording cut at every byte offset replays every
// whole message before the cut and says where it was cut; garbage and hostile files
// are refused with a clear error; the write buffer stays bounded.
#include "mcapformat.h"
#include "mcapreader.h"
#include "recordingfile.h"

#include <QFile>
#include <QFileInfo>
#include <QtEndian>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Frame { quint16 channel; qint64 ms; QByteArray data; };

QList<Frame> sampleFrames(quint16 a, quint16 b)
{
    QList<Frame> frames;
    for (int i = 0; i < 12; ++i) {
        if (i % 5 == 4)
            frames.append({quint16(a + 1), 1'700'000'000'000 + i, QByteArray("\x00\x01\xff", 3) + char(i)});
        else
            frames.append({i % 2 ? b : a, 1'700'000'000'000 + i * 7,
                           QStringLiteral("{\"i\":%1,\"name\":\"é\\n\"}").arg(i).toUtf8()});
    }
    frames.append({a, 1'700'000'000'200, QByteArray()});   // an empty frame is a frame
    return frames;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QList<McapReader::Message> readMessages(const QString &path, McapReader::Next *end, QString *error)
{
    McapReader reader;
    QList<McapReader::Message> out;
    if (!reader.open(path, error)) {
        *end = McapReader::Next::Error;
        return out;
    }
    McapReader::Message m;
    McapReader::Next n;
    while ((n = reader.next(&m)) == McapReader::Next::Message)
        out.append(m);
    *end = n;
    *error = reader.error();
    return out;
}

QString writeRecording(const QString &path, QList<Frame> *frames)
{
    RecordingFile file;
    const QString error = file.open(path);
    if (!error.isEmpty())
        return error;
    const quint16 a = file.addConnection(QStringLiteral("market, \"main\""), QByteArray("{\"name\":\"m\"}"),
                                         QStringLiteral("wss://user:secret@example.org/feed?token=abc"));
    const quint16 b = file.addConnection(QStringLiteral("sensors"), QByteArray("{\"name\":\"s\"}"),
                                         QStringLiteral("ws://127.0.0.1:9/"));
    *frames = sampleFrames(a, b);
    for (const Frame &f : std::as_const(*frames))
        file.record(f.channel, f.ms, f.data);
    file.close();
    return QString();
}

} // namespace

class TestMcap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesAndReadsBack();
    void foxgloveLibraryReadsOurFile();
    void weReadFoxgloveLibrarysFile();
    void cutAtEveryByteReplaysWhatIsWhole();
    void garbageIsRefused_data();
    void garbageIsRefused();
    void bufferIsBoundedAndFlushed();
};

void TestMcap::writesAndReadsBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.mcap"));
    QList<Frame> frames;
    QCOMPARE(writeRecording(path, &frames), QString());
    McapReader reader;
    QString error;
    QVERIFY2(reader.open(path, &error), qPrintable(error));
    McapReader::Message m;
    QList<McapReader::Message> got;
    McapReader::Next n;
    while ((n = reader.next(&m)) == McapReader::Next::Message)
        got.append(m);
    QCOMPARE(n, McapReader::Next::End);
    QVERIFY(reader.isComplete());
    QCOMPARE(got.size(), frames.size());
    for (int i = 0; i < frames.size(); ++i) {
        QCOMPARE(got[i].channel, frames[i].channel);
        QCOMPARE(got[i].logTimeNs, quint64(frames[i].ms) * 1'000'000);
        QCOMPARE(got[i].data, frames[i].data);
    }
    QCOMPARE(reader.channels().size(), 4);
    const McapReader::ChannelInfo c = reader.channels().value(1);
    QCOMPARE(c.topic, QByteArray("market, \"main\""));
    QCOMPARE(c.messageEncoding, QByteArray("json"));
    QCOMPARE(c.value("pulseboard.connection"), QByteArray("market, \"main\""));
    QCOMPARE(c.value("pulseboard.profile"), QByteArray("{\"name\":\"m\"}"));
    // No credentials in the file: user info and query are dropped from the URL.
    QCOMPARE(c.value("pulseboard.url"), QByteArray("wss://example.org/feed"));
    QVERIFY(!readAll(path).contains("secret"));
    QVERIFY(!readAll(path).contains("token"));
    QCOMPARE(reader.channels().value(2).value("pulseboard.kind"), QByteArray("binary"));
    // Sequence numbers count per channel.
    QCOMPARE(got[0].sequence, 0u);
    QCOMPARE(got[2].sequence, 1u);
}

void TestMcap::foxgloveLibraryReadsOurFile()
{
    if (!QFile::exists(QStringLiteral(PULSEBOARD_PEERS_DIR "/node_modules/@mcap/core/package.json")))
        QFAIL("tests/peers/node_modules/@mcap/core is missing: run npm install in tests/peers");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.mcap"));
    QList<Frame> frames;
    QCOMPARE(writeRecording(path, &frames), QString());
    QProcess node;
    node.start(QStringLiteral("node"), {QStringLiteral(PULSEBOARD_PEERS_DIR "/mcap_peer.js"), QStringLiteral("read"), path});
    QVERIFY(node.waitForFinished(30000));
    QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    QList<QJsonObject> messages, channels;
    QJsonObject last;
    for (const QByteArray &line : node.readAllStandardOutput().split('\n')) {
        if (line.isEmpty())
            continue;
        last = QJsonDocument::fromJson(line).object();
        if (last.contains(QLatin1String("message")))
            messages.append(last.value(QLatin1String("message")).toObject());
        if (last.contains(QLatin1String("channel")))
            channels.append(last.value(QLatin1String("channel")).toObject());
    }
    QCOMPARE(last.value(QLatin1String("done")).toBool(), true);   // the whole file, footer and magic included
    QCOMPARE(channels.size(), 4);
    QCOMPARE(channels[0].value(QLatin1String("messageEncoding")).toString(), QStringLiteral("json"));
    QCOMPARE(channels[0].value(QLatin1String("schemaId")).toInt(), 1);
    QCOMPARE(messages.size(), frames.size());
    for (int i = 0; i < frames.size(); ++i) {
        QCOMPARE(messages[i].value(QLatin1String("channel")).toInt(), int(frames[i].channel));
        QCOMPARE(messages[i].value(QLatin1String("logTime")).toString(), QString::number(frames[i].ms * 1'000'000));
        QCOMPARE(QByteArray::fromBase64(messages[i].value(QLatin1String("data")).toString().toLatin1()), frames[i].data);
    }
}

void TestMcap::weReadFoxgloveLibrarysFile()
{
    if (!QFile::exists(QStringLiteral(PULSEBOARD_PEERS_DIR "/node_modules/@mcap/core/package.json")))
        QFAIL("tests/peers/node_modules/@mcap/core is missing: run npm install in tests/peers");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("theirs.mcap"));
    QProcess node;
    node.start(QStringLiteral("node"), {QStringLiteral(PULSEBOARD_PEERS_DIR "/mcap_peer.js"), QStringLiteral("write"), path});
    QVERIFY(node.waitForFinished(30000));
    QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    McapReader::Next end;
    QString error;
    const QList<McapReader::Message> got = readMessages(path, &end, &error);
    QCOMPARE(end, McapReader::Next::End);
    QCOMPARE(got.size(), 20);
    for (int i = 0; i < 20; ++i) {
        QCOMPARE(got[i].logTimeNs, 1'700'000'000'000'000'000ULL + quint64(i) * 1'000'000);
        QCOMPARE(QJsonDocument::fromJson(got[i].data).object().value(QLatin1String("i")).toInt(), i);
    }
}

void TestMcap::cutAtEveryByteReplaysWhatIsWhole()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("full.mcap"));
    QList<Frame> frames;
    QCOMPARE(writeRecording(path, &frames), QString());
    const QByteArray whole = readAll(path);
    // Where each message record ends, from the file itself.
    QList<qsizetype> messageEnds;
    qsizetype headerEnd = 0;
    for (qsizetype p = McapFormat::MagicSize; p + 9 <= whole.size();) {
        const quint8 op = quint8(whole[p]);
        const qsizetype len = qsizetype(qFromLittleEndian<quint64>(whole.constData() + p + 1));
        p += 9 + len;
        if (op == McapFormat::Header)
            headerEnd = p;
        if (op == McapFormat::Message)
            messageEnds.append(p);
        if (op == McapFormat::Footer)
            break;
    }
    QCOMPARE(messageEnds.size(), frames.size());
    const QString cut = dir.filePath(QStringLiteral("cut.mcap"));
    for (qsizetype len = 0; len < whole.size(); ++len) {
        QFile f(cut);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(whole.left(len));
        f.close();
        McapReader::Next end;
        QString error;
        const QList<McapReader::Message> got = readMessages(cut, &end, &error);
        if (len < headerEnd) {
            QCOMPARE(end, McapReader::Next::Error);   // not even a header: refused at open
            QVERIFY(error.contains(QStringLiteral("MCAP")));
            continue;
        }
        const qsizetype expected = std::count_if(messageEnds.cbegin(), messageEnds.cend(),
                                                 [len](qsizetype e) { return e <= len; });
        QCOMPARE(got.size(), expected);
        for (qsizetype i = 0; i < got.size(); ++i)
            QCOMPARE(got[i].data, frames[i].data);
        if (end == McapReader::Next::Truncated)
            QVERIFY2(error.contains(QStringLiteral("ends inside a record at byte")), qPrintable(error));
        else
            QCOMPARE(end, McapReader::Next::End);   // cut exactly between two records
    }
}

void TestMcap::garbageIsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const QByteArray magic(McapFormat::Magic, McapFormat::MagicSize);
    QByteArray head = magic;
    McapFormat::header(&head, "", "test");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not an MCAP recording");
    QTest::newRow("text") << QByteArray("series,t,v\r\na,1,2\r\n") << QStringLiteral("not an MCAP recording");
    QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << QStringLiteral("not an MCAP recording");
    QTest::newRow("magic only") << magic << QStringLiteral("header record is missing");
    QByteArray hugeHeader = magic + QByteArray("\x01\xff\xff\xff\xff\xff\xff\xff\x7f", 9);
    QTest::newRow("huge header length") << hugeHeader << QStringLiteral("header record is damaged");
    QByteArray huge = head + QByteArray("\x05\xff\xff\xff\xff\xff\xff\xff\xff", 9) + QByteArray(64, 'x');
    QTest::newRow("huge record length") << huge << QStringLiteral("claims");
    QByteArray orphan = head;
    McapFormat::message(&orphan, 7, 0, 1, 1, "{}", 2);
    QTest::newRow("message without channel") << orphan << QStringLiteral("never declared");
    QByteArray shortMessage = head + QByteArray("\x05\x03\0\0\0\0\0\0\0abc", 12);
    QTest::newRow("short message") << shortMessage << QStringLiteral("too short");
    QByteArray lz4 = head;
    {
        QByteArray content;
        content.append(QByteArray(8 * 3 + 4, '\0'));
        content.append(QByteArray("\x03\0\0\0lz4", 7));
        content.append(QByteArray(8, '\0'));
        lz4.append(char(McapFormat::Chunk));
        QByteArray len(8, '\0');
        qToLittleEndian<quint64>(quint64(content.size()), len.data());
        lz4.append(len + content);
    }
    QTest::newRow("lz4 chunk") << lz4 << QStringLiteral("lz4-compressed");
    QByteArray badChannel = head + QByteArray("\x04\x04\0\0\0\0\0\0\0\x01\0\0\0", 13);
    QTest::newRow("damaged channel") << badChannel << QStringLiteral("channel record is damaged");
    QByteArray twoHeaders = head + head.mid(McapFormat::MagicSize);
    QTest::newRow("second header") << twoHeaders << QStringLiteral("second header");
}

void TestMcap::garbageIsRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.mcap"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    McapReader::Next end;
    QString error;
    const QList<McapReader::Message> got = readMessages(path, &end, &error);
    QVERIFY(got.isEmpty());
    QCOMPARE(end, McapReader::Next::Error);
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestMcap::bufferIsBoundedAndFlushed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.mcap"));
    RecordingFile file;
    QCOMPARE(file.open(path), QString());
    const quint16 ch = file.addConnection(QStringLiteral("c"), "{}", QString());
    QVERIFY(file.flush());
    const qint64 afterHead = QFileInfo(path).size();
    const QByteArray frame(1000, 'x');
    // Below FlushBytes nothing reaches the file until flush(); at FlushBytes it is written
    // by record() itself, so the buffer never holds more than FlushBytes + one frame.
    file.record(ch, 1, frame);
    QCOMPARE(QFileInfo(path).size(), afterHead);
    QVERIFY(file.flush());
    QVERIFY(QFileInfo(path).size() > afterHead);
    for (int i = 0; i < 2000; ++i) {
        file.record(ch, 2 + i, frame);
        const qint64 recordedBytes = qint64(i + 2) * (9 + 22 + 1000);
        QVERIFY(recordedBytes - (QFileInfo(path).size() - afterHead) <= RecordingFile::FlushBytes + 1031);
    }
    file.close();
    QCOMPARE(file.messages(), 2001);
    // A recorder that lost its file counts what it could not record, and what it wrote stays readable.
    QCOMPARE(file.lost(), 0);
    file.record(ch, 5000, frame);
    QCOMPARE(file.lost(), 1);
    McapReader::Next end;
    QString error;
    QCOMPARE(readMessages(path, &end, &error).size(), 2001);
    QCOMPARE(end, McapReader::Next::End);
}

QTEST_GUILESS_MAIN(TestMcap)
#include "tst_mcap.moc"
