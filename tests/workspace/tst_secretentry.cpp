// Specification of the keychain entry of a connection (SecretEntry, through
// ConnectionSpec): the secrets SecretPolicy keeps out of workspace.json round-trip
// through the entry form and back into the spec; decode() refuses what is not ours
// (invalid JSON, oversized, wrong types, control characters, unknown version) with a
// readable reason and drops unknown fields; an entry cannot add undeclared secrets.
#include "connectionspec.h"
#include "secretentry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class tst_SecretEntry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void refused_data();
    void refused();
    void unknownFieldsDropped();
    void onlyDeclaredSecretsComeBack();
};

static ConnectionSpec secretSpec()
{
    ConnectionSpec s;
    s.name = QStringLiteral("Secret feed");
    s.url = QStringLiteral("ws://user:p%40ss@127.0.0.1:9/feed?token=SECRET_QUERY&room=lobby");
    s.headers = QStringLiteral("Authorization: Bearer SECRET:HEADER\nX-Client: pulseboard");
    s.profileText = QStringLiteral("{\"name\":\"P\",\"connection\":{\"url\":\"ws://127.0.0.1:9/?api_key=SECRET_PURL\","
                                   "\"headers\":{\"X-Api-Key\":\"SECRET_PROFILE\",\"X-Plain\":\"visible\"},"
                                   "\"onConnect\":[{\"type\":\"auth\",\"access_token\":\"SECRET_PMSG\"},\"ping\"]}}");
    s.onConnect = {QStringLiteral("{\"type\":\"auth\",\n \"access_token\":\"SECRET_MSG\"}"),
                   QStringLiteral("{\"type\":\"subscribe\"}")};
    s.transport = FeedTransport::WebSocket;
    s.socketIoAuth = QStringLiteral("{\"token\":\"SECRET_SIO\"}");   // kept even when unused
    return s;
}

void tst_SecretEntry::roundTrip()
{
    const ConnectionSpec original = secretSpec();
    const QJsonObject file = original.toJson();
    const QByteArray text = QJsonDocument(file).toJson();
    for (const char *secret : {"SECRET", "p%40ss"})
        QVERIFY2(!text.contains(secret), text.constData());
    ConnectionSpec restored = ConnectionSpec::fromJson(file);
    // header, URL password + token, profile header + token + on-connect 1, on-connect 1, Socket.IO auth
    QCOMPARE(restored.missingSecrets.size(), 8);
    QCOMPARE(restored.onConnect.at(1), original.onConnect.at(1));   // no secret: saved as typed

    const QByteArray entry = SecretEntry::encode(original.secretValues());
    QVERIFY(entry.size() < 1024);
    QJsonObject values;
    QString error;
    QStringList ignored;
    QVERIFY2(SecretEntry::decode(entry, &values, &error, &ignored), qPrintable(error));
    QVERIFY(ignored.isEmpty());
    restored.restoreSecrets(values);
    QVERIFY2(restored.missingSecrets.isEmpty(), qPrintable(restored.missingSecrets.join(u',')));
    QCOMPARE(restored.headers, QStringLiteral("X-Client: pulseboard\nAuthorization: Bearer SECRET:HEADER"));
    QVERIFY2(restored.url.contains(QStringLiteral("user:p%40ss@")), qPrintable(restored.url));
    QVERIFY(restored.url.contains(QStringLiteral("token=SECRET_QUERY")));
    QVERIFY(restored.url.contains(QStringLiteral("room=lobby")));
    QVERIFY(restored.profileText.contains(QStringLiteral("SECRET_PROFILE")));
    QVERIFY(restored.profileText.contains(QStringLiteral("api_key=SECRET_PURL")));
    QVERIFY(restored.profileText.contains(QStringLiteral("SECRET_PMSG")));
    QCOMPARE(restored.onConnect, original.onConnect);   // exactly as typed, line break included
    QCOMPARE(restored.socketIoAuth, original.socketIoAuth);
    FeedProfile profile;
    QVERIFY2(restored.toProfile(&profile, &error), qPrintable(error));
    QCOMPARE(profile.endpoint.url.password(), QStringLiteral("p@ss"));

    // The manual proxy's login goes through the keychain entry too.
    ConnectionSpec proxied;
    proxied.url = QStringLiteral("ws://127.0.0.1:9/");
    proxied.proxyMode = QStringLiteral("manual");
    proxied.proxyUrl = QStringLiteral("http://127.0.0.1:3128");
    proxied.proxyUser = QStringLiteral("pb");
    proxied.proxyPassword = QStringLiteral("SECRET_PROXY");
    QVERIFY(!QJsonDocument(proxied.toJson()).toJson().contains("SECRET_PROXY"));
    ConnectionSpec back = ConnectionSpec::fromJson(proxied.toJson());
    QVERIFY2(SecretEntry::decode(SecretEntry::encode(proxied.secretValues()), &values, &error, &ignored), qPrintable(error));
    back.restoreSecrets(values);
    QCOMPARE(back.proxyPassword, QStringLiteral("SECRET_PROXY"));
    QCOMPARE(back.proxyUser, QStringLiteral("pb"));
}

void tst_SecretEntry::refused_data()
{
    QTest::addColumn<QByteArray>("entry");
    QTest::addColumn<QString>("reason");
    const auto pair = [](const char *name, const QString &value) {
        return QJsonDocument(QJsonObject{{"version", 1}, {"headers", QJsonArray{QJsonArray{name, value}}}}).toJson();
    };
    QTest::newRow("invalid json") << QByteArray("{\"version\":1,") << "not JSON";
    QTest::newRow("array") << QByteArray("[1]") << "not a JSON object";
    QTest::newRow("oversized") << QByteArray(SecretEntry::MaxBytes + 1, 'x') << "larger than 256 KiB";
    QTest::newRow("newer version") << QByteArray("{\"version\":2}") << "unknown version 2";
    QTest::newRow("headers not a list") << QByteArray("{\"version\":1,\"headers\":{\"a\":1}}") << "not a list of [name, value] pairs";
    QTest::newRow("header injection") << pair("Authorization", QStringLiteral("x\r\nHost: evil")) << "control characters";
    QTest::newRow("bad header name") << pair("Bad Name", QStringLiteral("x")) << "control characters";
    QTest::newRow("value too long") << pair("Authorization", QString(SecretEntry::MaxValueChars + 1, u'x')) << "too long";
    QTest::newRow("query delimiter") << QByteArray("{\"version\":1,\"url\":{\"query\":[[\"token\",\"a&room=x\"]]}}") << "url.query";
    QTest::newRow("messages not pairs") << QByteArray("{\"version\":1,\"onConnect\":[[\"1\",\"x\"]]}") << "[number, message] pairs";
    QTest::newRow("message index 0") << QByteArray("{\"version\":1,\"onConnect\":[[0,\"x\"]]}") << "[number, message] pairs";
    QTest::newRow("message index fraction") << QByteArray("{\"version\":1,\"onConnect\":[[1.5,\"x\"]]}") << "[number, message] pairs";
    QTest::newRow("message control char") << QByteArray("{\"version\":1,\"onConnect\":[[1,\"a\\u0000b\"]]}") << "not text";
    QTest::newRow("message too long")
        << QJsonDocument(QJsonObject{{"version", 1}, {"onConnect", QJsonArray{QJsonArray{1, QString(SecretEntry::MaxMessageChars + 1, u'x')}}}}).toJson()
        << "too long";
    QTest::newRow("socket.io auth not text") << QByteArray("{\"version\":1,\"socketIoAuth\":{}}") << "socketIoAuth";
    QTest::newRow("profile auth not object") << QByteArray("{\"version\":1,\"profile\":{\"socketIoAuth\":\"x\"}}") << "profile.socketIoAuth";
    QTest::newRow("profile message number") << QByteArray("{\"version\":1,\"profile\":{\"onConnect\":[[1,5]]}}") << "not text";
    QTest::newRow("profile not object") << QByteArray("{\"version\":1,\"profile\":[]}") << "\"profile\" is not an object";
    QTest::newRow("proxy not object") << QByteArray("{\"version\":1,\"proxy\":\"pb:pw\"}") << "\"proxy\" is not";
    QTest::newRow("proxy user number") << QByteArray("{\"version\":1,\"proxy\":{\"user\":5}}") << "\"proxy\" is not";
    QTest::newRow("proxy password CR") << QByteArray("{\"version\":1,\"proxy\":{\"user\":\"a\",\"password\":\"x\\r\\ny\"}}")
                                       << "\"proxy\" is not";
    QTest::newRow("proxy user huge")
        << QJsonDocument(QJsonObject{{"version", 1}, {"proxy", QJsonObject{{"user", QString(300, u'u')}}}}).toJson()
        << "\"proxy\" is not";
}

void tst_SecretEntry::refused()
{
    QFETCH(QByteArray, entry);
    QFETCH(QString, reason);
    QJsonObject values;
    QString error;
    QStringList ignored;
    QVERIFY(!SecretEntry::decode(entry, &values, &error, &ignored));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY(values.isEmpty());
}

void tst_SecretEntry::unknownFieldsDropped()
{
    const QByteArray entry = "{\"version\":1,\"headers\":[[\"Authorization\",\"Bearer x\"]],\"evil\":{\"deep\":1},"
                             "\"url\":{\"password\":\"pw\",\"extra\":true},\"profile\":{\"script\":\"rm\"}}";
    QJsonObject values;
    QString error;
    QStringList ignored;
    QVERIFY2(SecretEntry::decode(entry, &values, &error, &ignored), qPrintable(error));
    QCOMPARE(ignored, (QStringList{QStringLiteral("evil"), QStringLiteral("profile.script"), QStringLiteral("url.extra")}));
    QCOMPARE(values.keys(), (QStringList{QStringLiteral("headers"), QStringLiteral("url")}));
    QCOMPARE(values.value(QLatin1String("url")).toObject().keys(), QStringList{QStringLiteral("password")});
}

void tst_SecretEntry::onlyDeclaredSecretsComeBack()
{
    ConnectionSpec spec;
    spec.url = QStringLiteral("ws://127.0.0.1:9/");
    spec.headers = QStringLiteral("X-Client: pulseboard");
    spec.missingSecrets = {QStringLiteral("header Authorization")};
    const QJsonObject values{{"headers", QJsonArray{QJsonArray{"Authorization", "Bearer ok"}, QJsonArray{"Cookie", "planted"}}},
                             {"url", QJsonObject{{"query", QJsonArray{QJsonArray{"token", "planted"}}}}}};
    spec.restoreSecrets(values);
    QVERIFY(spec.missingSecrets.isEmpty());
    QCOMPARE(spec.headers, QStringLiteral("X-Client: pulseboard\nAuthorization: Bearer ok"));
    QCOMPARE(spec.url, QStringLiteral("ws://127.0.0.1:9/"));

    // A keychain entry cannot plant on-connect messages or a Socket.IO auth the file does not list.
    ConnectionSpec messages;
    messages.onConnect = {QStringLiteral("{\"type\":\"auth\",\"access_token\":\"\"}"), QStringLiteral("hello")};
    messages.missingSecrets = {QStringLiteral("on-connect message 1")};
    messages.restoreSecrets(QJsonObject{{"onConnect", QJsonArray{QJsonArray{1, "ok"}, QJsonArray{2, "planted"}, QJsonArray{9, "x"}}},
                                        {"socketIoAuth", "{\"token\":\"planted\"}"}});
    QCOMPARE(messages.onConnect, (QStringList{"ok", "hello"}));
    QVERIFY(messages.socketIoAuth.isEmpty());
    QVERIFY(messages.missingSecrets.isEmpty());

    ConnectionSpec none;
    none.url = QStringLiteral("ws://127.0.0.1:9/");
    QVERIFY(none.secretValues().isEmpty());   // no entry is written for it
}

QTEST_GUILESS_MAIN(tst_SecretEntry)
#include "tst_secretentry.moc"
