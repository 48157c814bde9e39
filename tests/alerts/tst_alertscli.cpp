// `pulseboard --headless --alerts FILE` with rules the parser must refuse: the real
// executable exits with code 2 and the parser's one line, before connecting anywhere.
// (Durations below the documented 0.001 s, names over 200 characters counted in code
// points; the parser itself, and that 0 loads, are specified in tst_alertrules.)
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TstAlertsCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusedRulesExitWithCode2_data();
    void refusedRulesExitWithCode2();

private:
    QTemporaryDir m_dir;
    QString write(const QByteArray &rules);
};

QString TstAlertsCli::write(const QByteArray &rules)
{
    QFile f(m_dir.filePath(QStringLiteral("alerts.json")));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(f.fileName()));
    f.write(R"({"rules":[)" + rules + "]}");
    return f.fileName();
}

void TstAlertsCli::refusedRulesExitWithCode2_data()
{
    QTest::addColumn<QByteArray>("rule");
    QTest::addColumn<QString>("expected");
    QTest::newRow("forSeconds 0.0005")
        << QByteArray(R"({"name":"fast","kind":"above","series":"x","raise":1,"forSeconds":0.0005})")
        << QStringLiteral(R"(--alerts .*alerts\.json: rule "fast" \(rules\[0\]\): field "forSeconds": must be 0 \(no wait\) or a number of seconds from 0\.001 to 2592000)");
    QTest::newRow("afterSeconds 0.0009")
        << QByteArray(R"({"name":"quiet","kind":"stale","series":"x","afterSeconds":0.0009})")
        << QStringLiteral(R"(field "afterSeconds": must be a number of seconds from 0\.001 to 2592000)");
    QByteArray emoji;
    for (int i = 0; i < 201; ++i)
        emoji += "\xF0\x9F\x94\xA5";
    QTest::newRow("201 emoji in a name")
        << QByteArray(R"({"name":")" + emoji + R"(","kind":"mention"})")
        << QStringLiteral(R"(field "name": is 201 characters long; the limit is 200)");
}

void TstAlertsCli::refusedRulesExitWithCode2()
{
    QFETCH(QByteArray, rule);
    QFETCH(QString, expected);
    QVERIFY(m_dir.isValid());
    QProcess p;
    p.start(QStringLiteral(PULSEBOARD_BINARY),
            {QStringLiteral("--headless"), QStringLiteral("--connect"), QStringLiteral("ws://127.0.0.1:1/"),
             QStringLiteral("--alerts"), write(rule)});
    QVERIFY(p.waitForFinished(20000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(QRegularExpression(expected).match(err).hasMatch(), qPrintable(err));
    QVERIFY(p.readAllStandardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(TstAlertsCli)
#include "tst_alertscli.moc"
