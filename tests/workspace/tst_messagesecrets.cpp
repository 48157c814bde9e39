// Specification of MessageSecrets and of the on-connect / Socket.IO auth part of
// SecretPolicy: credentials in the messages a connection sends by itself never reach
// workspace.json, while ordinary subscriptions are saved exactly as typed.
#include "messagesecrets.h"
#include "secretpolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class tst_MessageSecrets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void messages_data();
    void messages();
    void onConnectList();
    void socketIoAuth();
    void profileMessages();
};

void tst_MessageSecrets::messages_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("saved");   // empty: saved as typed
    // Login messages of real providers: every string but the login field goes.
    QTest::newRow("home assistant") << R"({"type":"auth","access_token":"SECRET"})"
                                    << R"({"access_token":"","type":"auth"})";
    QTest::newRow("alpaca") << R"({"action":"auth","key":"SECRET1","secret":"SECRET2"})"
                            << R"({"action":"auth","key":"","secret":""})";
    QTest::newRow("polygon") << R"({"action":"auth","params":"SECRET"})" << R"({"action":"auth","params":""})";
    QTest::newRow("okx login") << R"({"op":"login","args":[{"apiKey":"SECRET1","passphrase":"SECRET2","timestamp":"1538054050","sign":"SECRET3"}]})"
                               << R"({"args":[{"apiKey":"","passphrase":"","sign":"","timestamp":""}],"op":"login"})";
    QTest::newRow("login upper case") << R"({"Method":"x","method":"LOGIN","user":"SECRET"})"
                                      << R"({"Method":"","method":"LOGIN","user":""})";
    // Other messages: only strings under credential-like keys, at any depth.
    QTest::newRow("coinbase signed subscribe")
        << R"({"type":"subscribe","product_ids":["BTC-USD"],"channels":["ticker"],"signature":"SECRET1","key":"k","passphrase":"SECRET2","timestamp":"1"})"
        << R"({"channels":["ticker"],"key":"k","passphrase":"","product_ids":["BTC-USD"],"signature":"","timestamp":"1","type":"subscribe"})";
    QTest::newRow("nested token") << R"({"type":"hello","auth":{"user":"SECRET1","pw":"SECRET2"},"n":1})"
                                  << R"({"auth":{"pw":"","user":""},"n":1,"type":"hello"})";
    QTest::newRow("array of objects") << R"([{"apiKey":"SECRET"},{"channel":"x"}])" << R"([{"apiKey":""},{"channel":"x"}])";
    // Saved as typed: subscriptions, a channel named "key", plain text, invalid JSON.
    QTest::newRow("binance") << R"({"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1})" << QString();
    QTest::newRow("bitfinex key") << R"({"event":"subscribe","channel":"candles","key":"trade:1m:tBTCUSD"})" << QString();
    QTest::newRow("numbers stay") << R"({"type":"auth","id":7})" << QString();
    QTest::newRow("plain text") << "login SECRET" << QString();
    QTest::newRow("not json") << R"({"type":"auth","access_token":"SECRET")" << QString();
    QTest::newRow("empty") << QString() << QString();
}

void tst_MessageSecrets::messages()
{
    QFETCH(QString, message);
    QFETCH(QString, saved);
    bool changed = true;
    const QString out = MessageSecrets::redactText(message, &changed);
    QCOMPARE(changed, !saved.isEmpty());
    QCOMPARE(out, saved.isEmpty() ? message : saved);
    if (changed)
        QVERIFY2(!out.contains(QLatin1String("SECRET")), qPrintable(out));
}

void tst_MessageSecrets::onConnectList()
{
    const QStringList typed{R"({"method":"SUBSCRIBE","params":["a"]})", R"({"type":"auth","access_token":"T1"})",
                            "plain", R"({"op":"login","args":[{"apiKey":"K"}]})"};
    QStringList removed{QStringLiteral("header Authorization")};
    QJsonArray values;
    const QStringList saved = SecretPolicy::redactOnConnect(typed, &removed, &values);
    QCOMPARE(saved.size(), typed.size());
    QCOMPARE(saved.at(0), typed.at(0));
    QCOMPARE(saved.at(2), typed.at(2));
    QVERIFY(!saved.join(u'\n').contains(QLatin1String("T1")) && !saved.join(u'\n').contains(QLatin1String("\"K\"")));
    QCOMPARE(removed, (QStringList{"header Authorization", "on-connect message 2", "on-connect message 4"}));
    QCOMPARE(values, (QJsonArray{QJsonArray{2, typed.at(1)}, QJsonArray{4, typed.at(3)}}));
}

void tst_MessageSecrets::socketIoAuth()
{
    QStringList removed;
    QString value;
    QCOMPARE(SecretPolicy::redactSocketIoAuth(R"({"token":"T","room":"r"})", &removed, &value),
             QStringLiteral(R"({"room":"","token":""})"));
    QCOMPARE(removed, QStringList{"Socket.IO auth"});
    QCOMPARE(value, QStringLiteral(R"({"token":"T","room":"r"})"));
    removed.clear();
    value.clear();
    for (const QString &none : {QString(), QStringLiteral("{}"), QStringLiteral(R"({"n":1})")}) {
        QCOMPARE(SecretPolicy::redactSocketIoAuth(none, &removed, &value), none);
        QVERIFY(removed.isEmpty() && value.isEmpty());
    }
}

void tst_MessageSecrets::profileMessages()
{
    const QString profile = QStringLiteral(
        R"({"name":"HA","connection":{"url":"ws://127.0.0.1:9/","transport":"socketio",)"
        R"("socketio":{"namespace":"/x","auth":{"token":"SECRET_AUTH"}},)"
        R"("onConnect":[{"type":"auth","access_token":"SECRET_MSG"},"{\"apiKey\":\"SECRET_TEXT\"}",{"id":1,"type":"subscribe_events"}]}})");
    QStringList removed;
    QJsonObject values;
    const QString saved = SecretPolicy::redactProfile(profile, &removed, &values);
    QVERIFY2(!saved.contains(QLatin1String("SECRET")), qPrintable(saved));
    QCOMPARE(removed, (QStringList{"profile on-connect message 1", "profile on-connect message 2", "profile Socket.IO auth"}));
    const QJsonObject connection = QJsonDocument::fromJson(saved.toUtf8()).object().value("connection").toObject();
    QCOMPARE(connection.value("onConnect").toArray().at(2).toObject().value("type").toString(), "subscribe_events");
    QCOMPARE(connection.value("socketio").toObject().value("namespace").toString(), "/x");
    QCOMPARE(values.value("socketIoAuth").toObject().value("token").toString(), "SECRET_AUTH");
    QCOMPARE(values.value("onConnect").toArray().size(), 2);
}

QTEST_GUILESS_MAIN(tst_MessageSecrets)
#include "tst_messagesecrets.moc"
