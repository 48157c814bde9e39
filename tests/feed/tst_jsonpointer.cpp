// JsonPointer against RFC 6901: the section 5 examples verbatim, escapes, array
// indices (no leading zeros, "-" never resolves) and invalid pointers with their errors.
#include "jsonpointer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class tst_JsonPointer : public QObject
{
    Q_OBJECT

private:
    // RFC 6901 section 5, verbatim (kept in a file: moc cannot read \" inside a raw string).
    static QJsonValue rfcDocument()
    {
        QFile file(QStringLiteral(PULSEBOARD_TEST_DATA "/jsonpointer/rfc6901-section5.json"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot open %s", qPrintable(file.fileName()));
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
        if (!doc.isObject() || doc.object().size() != 10)
            qFatal("%s is not the RFC 6901 example document", qPrintable(file.fileName()));
        return doc.object();
    }

private Q_SLOTS:
    void rfcExamples_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("\"\"") << "" << rfcDocument();
        QTest::newRow("/foo") << "/foo" << QJsonValue(QJsonArray{ "bar", "baz" });
        QTest::newRow("/foo/0") << "/foo/0" << QJsonValue("bar");
        QTest::newRow("/") << "/" << QJsonValue(0);
        QTest::newRow("/a~1b") << "/a~1b" << QJsonValue(1);
        QTest::newRow("/c%d") << "/c%d" << QJsonValue(2);
        QTest::newRow("/e^f") << "/e^f" << QJsonValue(3);
        QTest::newRow("/g|h") << "/g|h" << QJsonValue(4);
        QTest::newRow("/i\\j") << "/i\\j" << QJsonValue(5);
        QTest::newRow("/k\"l") << "/k\"l" << QJsonValue(6);
        QTest::newRow("/ ") << "/ " << QJsonValue(7);
        QTest::newRow("/m~0n") << "/m~0n" << QJsonValue(8);
    }
    void rfcExamples()
    {
        QFETCH(QString, pointer);
        QFETCH(QJsonValue, expected);
        QString error;
        const JsonPointer p = JsonPointer::parse(pointer, &error);
        QVERIFY2(p.isValid(), qPrintable(error));
        QVERIFY(error.isEmpty());
        QCOMPARE(p.resolve(rfcDocument()), expected);
        QCOMPARE(p.toString(), pointer);   // canonical form round-trips
    }

    void tokens_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QStringList>("tokens");
        QTest::newRow("root") << "" << QStringList{};
        QTest::newRow("empty token") << "/" << QStringList{ "" };
        QTest::newRow("two empty tokens") << "//" << QStringList{ "", "" };
        QTest::newRow("~1 is slash") << "/a~1b" << QStringList{ "a/b" };
        QTest::newRow("~0 is tilde") << "/m~0n" << QStringList{ "m~n" };
        // "~01" must decode to "~1", not "/": ~0 is replaced as a unit, not first-then-second.
        QTest::newRow("~01 is tilde-one") << "/~01" << QStringList{ "~1" };
        QTest::newRow("~10 is slash-zero") << "/~10" << QStringList{ "/0" };
        QTest::newRow("both") << "/~1~0" << QStringList{ "/~" };
        QTest::newRow("nested") << "/data/0/p" << QStringList{ "data", "0", "p" };
        QTest::newRow("unicode") << QStringLiteral("/température/€")
                                 << QStringList{ QStringLiteral("température"), QStringLiteral("€") };
    }
    void tokens()
    {
        QFETCH(QString, pointer);
        QFETCH(QStringList, tokens);
        const JsonPointer p = JsonPointer::parse(pointer);
        QVERIFY(p.isValid());
        QCOMPARE(p.tokens(), tokens);
        QCOMPARE(p.isRoot(), tokens.isEmpty());
        QCOMPARE(p.toString(), pointer);
    }

    void escapeToken_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("escaped");
        QTest::newRow("plain") << "price" << "price";
        QTest::newRow("slash") << "a/b" << "a~1b";
        QTest::newRow("tilde") << "m~n" << "m~0n";
        QTest::newRow("tilde then one") << "~1" << "~01";
        QTest::newRow("slash then zero") << "/0" << "~10";
        QTest::newRow("empty") << "" << "";
    }
    void escapeToken()
    {
        QFETCH(QString, token);
        QFETCH(QString, escaped);
        QCOMPARE(JsonPointer::escapeToken(token), escaped);
        QCOMPARE(JsonPointer::parse(u'/' + escaped).tokens(), QStringList{ token });
    }

    void arrayIndices_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QJsonValue>("expected");
        const QJsonValue undefined(QJsonValue::Undefined);
        QTest::newRow("0") << "/a/0" << QJsonValue(10);
        QTest::newRow("10") << "/a/10" << QJsonValue(20);
        QTest::newRow("leading zero 01") << "/a/01" << undefined;
        QTest::newRow("leading zero 00") << "/a/00" << undefined;
        QTest::newRow("dash never resolves") << "/a/-" << undefined;
        QTest::newRow("past the end") << "/a/11" << undefined;
        QTest::newRow("negative") << "/a/-1" << undefined;
        QTest::newRow("plus sign") << "/a/+1" << undefined;
        QTest::newRow("space") << "/a/ 1" << undefined;
        QTest::newRow("exponent") << "/a/1e0" << undefined;
        QTest::newRow("huge") << "/a/99999999999999999999" << undefined;
        QTest::newRow("empty token on array") << "/a/" << undefined;
        // On an object the same tokens are plain member names.
        QTest::newRow("object key 0") << "/o/0" << QJsonValue("zero");
        QTest::newRow("object key 01") << "/o/01" << QJsonValue("zero-one");
        QTest::newRow("object key -") << "/o/-" << QJsonValue("dash");
        QTest::newRow("through a scalar") << "/a/0/x" << undefined;
        QTest::newRow("missing member") << "/nope" << undefined;
        QTest::newRow("nested") << "/n/1/k/0" << QJsonValue(true);
    }
    void arrayIndices()
    {
        QFETCH(QString, pointer);
        QFETCH(QJsonValue, expected);
        const QJsonObject doc = QJsonDocument::fromJson(R"({
            "a": [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
            "o": {"0": "zero", "01": "zero-one", "-": "dash"},
            "n": [null, {"k": [true]}]
        })").object();
        const JsonPointer p = JsonPointer::parse(pointer);
        QVERIFY(p.isValid());
        QCOMPARE(p.resolve(doc), expected);
    }

    void nullIsAValueNotMissing()
    {
        const QJsonObject doc{ { "x", QJsonValue::Null } };
        QCOMPARE(JsonPointer::parse("/x").resolve(doc), QJsonValue(QJsonValue::Null));
        QVERIFY(JsonPointer::parse("/y").resolve(doc).isUndefined());
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("error");
        QTest::newRow("no leading slash") << "foo"
            << "\"foo\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/foo\"), or be \"\" for the whole document";
        QTest::newRow("URI fragment form") << "#/foo"
            << "\"#/foo\" is not a JSON Pointer: it must start with \"/\" (e.g. \"/#/foo\"), or be \"\" for the whole document";
        QTest::newRow("lone tilde") << "/a~"
            << "\"/a~\" is not a JSON Pointer: \"~\" must be followed by 0 or 1 (write ~0 for \"~\" and ~1 for \"/\")";
        QTest::newRow("tilde two") << "/~2"
            << "\"/~2\" is not a JSON Pointer: \"~\" must be followed by 0 or 1 (write ~0 for \"~\" and ~1 for \"/\")";
        QTest::newRow("tilde slash") << "/a/~/b"
            << "\"/a/~/b\" is not a JSON Pointer: \"~\" must be followed by 0 or 1 (write ~0 for \"~\" and ~1 for \"/\")";
    }
    void invalid()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, error);
        QString actual;
        const JsonPointer p = JsonPointer::parse(pointer, &actual);
        QVERIFY(!p.isValid());
        QCOMPARE(actual, error);
        QVERIFY(p.tokens().isEmpty());
        QCOMPARE(p.toString(), pointer);
        // An invalid pointer resolves to nothing, not to the whole document.
        QVERIFY(p.resolve(QJsonObject{ { "foo", 1 } }).isUndefined());
        QVERIFY(JsonPointer::parse(pointer) != JsonPointer());
    }

    void defaultIsWholeDocument()
    {
        const JsonPointer p;
        QVERIFY(p.isValid());
        QVERIFY(p.isRoot());
        QCOMPARE(p.toString(), QString());
        const QJsonArray doc{ 1, 2 };
        QCOMPARE(p.resolve(doc), QJsonValue(doc));
        QCOMPARE(p, JsonPointer::parse(QString()));
    }

    void equality()
    {
        QCOMPARE(JsonPointer::parse("/a~1b"), JsonPointer::parse("/a~1b"));
        QVERIFY(JsonPointer::parse("/a~1b") != JsonPointer::parse("/a/b"));
        QVERIFY(JsonPointer::parse("/") != JsonPointer());
    }
};

QTEST_GUILESS_MAIN(tst_JsonPointer)
#include "tst_jsonpointer.moc"
