// Specification of connection secrets in a REAL Secret Service (run by
// with-secret-service.sh: a private D-Bus session and a throwaway gnome-keyring, never
// the user's): saved secrets leave workspace.json and come back after a restart before
// the connection's first handshake (checked on a loopback WebSocket server); deleting the
// connection deletes its entry; hostile entries (invalid JSON, > 64 KiB, unexpected
// fields, header injection) are ignored with a readable message and nothing crashes.
#include "secretentry.h"
#include "secretstore.h"
#include "workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>
#include <qt6keychain/keychain.h>

namespace {

// One keychain job run to its end: {error, data}.
QPair<QKeychain::Error, QByteArray> runJob(QKeychain::Job *job)
{
    QSignalSpy done(job, &QKeychain::Job::finished);
    job->setAutoDelete(false);
    job->start();
    if (!done.wait(20000))
        return {QKeychain::OtherError, "timeout"};
    const auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(job);
    const QPair<QKeychain::Error, QByteArray> result{job->error(), read ? read->binaryData() : QByteArray()};
    delete job;
    return result;
}

QPair<QKeychain::Error, QByteArray> readEntry(const QString &id)
{
    auto *job = new QKeychain::ReadPasswordJob(SecretStore::service());
    job->setKey(SecretStore::keyFor(id));
    return runJob(job);
}

QKeychain::Error writeEntry(const QString &id, const QByteArray &data)
{
    auto *job = new QKeychain::WritePasswordJob(SecretStore::service());
    job->setKey(SecretStore::keyFor(id));
    job->setTextData(QString::fromUtf8(data));
    return runJob(job).first;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_Keychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void secretsComeBackBeforeTheFirstHandshake();
    void deletingTheConnectionDeletesItsEntry();
    void anEditWhileReadingWins();
    void noSecretsNoEntry();
    void hostileEntries_data();
    void hostileEntries();

private:
    QWebSocketServer m_server{QStringLiteral("tst_keychain"), QWebSocketServer::NonSecureMode};
    QList<QNetworkRequest> m_handshakes;
    QString m_config;
};

void tst_Keychain::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIntValue("PULSEBOARD_TEST_KEYCHAIN") == 1,
             "run through tests/workspace/with-secret-service.sh (ctest does)");
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("PulseboardTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_keychain"));
    QVERIFY2(m_server.listen(QHostAddress::LocalHost, 0), qPrintable(m_server.errorString()));
    connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *s = m_server.nextPendingConnection()) {
            m_handshakes.append(s->request());
            connect(s, &QWebSocket::disconnected, s, &QObject::deleteLater);
        }
    });
    Workspace w;
    m_config = w.configFile();
    QCOMPARE(w.restore(), QString());
    w.checkKeychain();
    QCOMPARE(w.secretStore()->pendingJobs(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(w.secretStore()->pendingJobs(), 0, 20000);
    QVERIFY2(w.keychainAvailable(), qPrintable(w.secretStore()->unavailableReason()));
    QVERIFY(w.secretsNotice().contains(QStringLiteral("system keychain, never in the settings file")));
}

void tst_Keychain::init()
{
    QFile::remove(m_config);
    m_handshakes.clear();
}

void tst_Keychain::secretsComeBackBeforeTheFirstHandshake()
{
    const QString url = QStringLiteral("ws://127.0.0.1:%1/feed?token=SECRET_QUERY&room=lobby").arg(m_server.serverPort());
    QString id;
    {
        Workspace w;
        QCOMPARE(w.restore(), QString());
        QVariantMap spec{{QStringLiteral("name"), QStringLiteral("Secret feed")}, {QStringLiteral("url"), url},
                         {QStringLiteral("headers"), QStringLiteral("Authorization: Bearer SECRET_HEADER\nX-Client: pulseboard")},
                         {QStringLiteral("onConnect"), QStringList{QStringLiteral("{\"type\":\"auth\",\"access_token\":\"SECRET_MSG\"}"),
                                                                   QStringLiteral("{\"type\":\"subscribe\"}")}}};
        QCOMPARE(w.addConnection(spec), QString());
        id = w.connectionSpec(0).value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(w.save(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(w.secretStore()->pendingJobs(), 0, 20000);
        QVERIFY(w.keychainAvailable());
    }
    const QByteArray file = readFile(m_config);
    QVERIFY(!file.contains("SECRET"));
    QVERIFY(file.contains(id.toUtf8()));
    QVERIFY(file.contains("\"header Authorization\""));
    const auto entry = readEntry(id);
    QCOMPARE(entry.first, QKeychain::NoError);
    QVERIFY2(entry.second.contains("Bearer SECRET_HEADER") && entry.second.contains("SECRET_QUERY"), entry.second.constData());
    QVERIFY(!entry.second.contains("X-Client"));   // only the secrets
    QVERIFY(entry.second.contains("SECRET_MSG"));
    QVERIFY(file.contains("on-connect message 1"));

    m_handshakes.clear();
    Workspace restarted;
    QCOMPARE(restarted.restore(), QString());
    QCOMPARE(restarted.connections()->count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_handshakes.size(), 1, 20000);
    // The very first handshake already carries the secrets: no unauthenticated attempt.
    QCOMPARE(m_handshakes.first().rawHeader("Authorization"), QByteArray("Bearer SECRET_HEADER"));
    QCOMPARE(m_handshakes.first().rawHeader("X-Client"), QByteArray("pulseboard"));
    QVERIFY(m_handshakes.first().url().query().contains(QStringLiteral("token=SECRET_QUERY")));
    QVERIFY(restarted.connections()->data(restarted.connections()->index(0), ConnectionListModel::MissingSecretsRole)
                .toStringList().isEmpty());
    QCOMPARE(restarted.loadError(), QString());
    QCOMPARE(restarted.connectionSpec(0).value(QStringLiteral("onConnect")).toStringList().value(0),
             QStringLiteral("{\"type\":\"auth\",\"access_token\":\"SECRET_MSG\"}"));
    // Saving again rewrites nothing and keeps the file free of secrets.
    QCOMPARE(restarted.save(), QString());
    QCOMPARE(restarted.secretStore()->pendingJobs(), 0);
    QVERIFY(!readFile(m_config).contains("SECRET"));
}

void tst_Keychain::deletingTheConnectionDeletesItsEntry()
{
    Workspace w;
    QCOMPARE(w.restore(), QString());
    QVariantMap spec{{QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:9/?api_key=SECRET")}};
    QCOMPARE(w.addConnection(spec), QString());
    const QString id = w.connectionSpec(0).value(QStringLiteral("id")).toString();
    QCOMPARE(w.save(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(w.secretStore()->pendingJobs(), 0, 20000);
    QCOMPARE(readEntry(id).first, QKeychain::NoError);

    w.removeConnection(0);
    QTRY_COMPARE_WITH_TIMEOUT(w.secretStore()->pendingJobs(), 0, 20000);
    QCOMPARE(readEntry(id).first, QKeychain::EntryNotFound);
}

void tst_Keychain::anEditWhileReadingWins()
{
    QString id;
    {
        Workspace w;
        QCOMPARE(w.restore(), QString());
        QCOMPARE(w.addConnection({{QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:9/")},
                                  {QStringLiteral("headers"), QStringLiteral("Authorization: Bearer OLD")}}), QString());
        id = w.connectionSpec(0).value(QStringLiteral("id")).toString();
    }   // saved and written on destruction
    QVERIFY(readEntry(id).second.contains("Bearer OLD"));
    Workspace w;
    QCOMPARE(w.restore(), QString());
    QVERIFY(w.secretStore()->isFetching(id));   // asynchronous: nothing has answered yet
    QCOMPARE(w.editConnection(0, {{QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:9/")},
                                  {QStringLiteral("headers"), QStringLiteral("Authorization: Bearer NEW")}}), QString());
    QTRY_COMPARE_WITH_TIMEOUT(w.secretStore()->pendingJobs(), 0, 20000);
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("headers")).toString(), QStringLiteral("Authorization: Bearer NEW"));
    QCOMPARE(w.connectionSpec(0).value(QStringLiteral("id")).toString(), id);   // same entry
    QCOMPARE(w.save(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(w.secretStore()->pendingJobs(), 0, 20000);
    QVERIFY(readEntry(id).second.contains("Bearer NEW"));
}

void tst_Keychain::noSecretsNoEntry()
{
    Workspace w;
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.addConnection({{QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:9/plain")}}), QString());
    QCOMPARE(w.save(), QString());
    QCOMPARE(w.secretStore()->pendingJobs(), 0);   // nothing to keep: no job at all
    QCOMPARE(readEntry(w.connectionSpec(0).value(QStringLiteral("id")).toString()).first, QKeychain::EntryNotFound);
}

void tst_Keychain::hostileEntries_data()
{
    QTest::addColumn<QByteArray>("entry");
    QTest::addColumn<QString>("message");    // in loadError
    QTest::addColumn<bool>("restored");      // the Authorization header came back
    QTest::newRow("invalid json") << QByteArray("{\"version\":1,\"headers\":[[") << "was ignored (not JSON" << false;
    QTest::newRow("oversized") << QByteArray("{\"version\":1,\"pad\":\"") + QByteArray(SecretEntry::MaxBytes, 'x') + "\"}"
                               << "was ignored (larger than 256 KiB)" << false;
    QTest::newRow("unexpected fields") << QByteArray("{\"version\":1,\"headers\":[[\"Authorization\",\"Bearer ok\"]],\"exec\":\"rm -rf\"}")
                                       << "unexpected fields in its keychain entry were ignored: exec" << true;
    QTest::newRow("header injection") << QByteArray("{\"version\":1,\"headers\":[[\"Authorization\",\"x\\r\\nHost: evil\"]]}")
                                      << "control characters" << false;
    QTest::newRow("wrong types") << QByteArray("{\"version\":1,\"headers\":\"Authorization: x\"}")
                                 << "not a list of [name, value] pairs" << false;
}

void tst_Keychain::hostileEntries()
{
    QFETCH(QByteArray, entry);
    QFETCH(QString, message);
    QFETCH(bool, restored);
    const QString id = QStringLiteral("hostile-%1").arg(QTest::currentDataTag()).replace(u' ', u'-');
    const QJsonObject connection{{"id", id}, {"name", "Hostile"}, {"url", QStringLiteral("ws://127.0.0.1:%1/h").arg(m_server.serverPort())},
                                 {"headers", "X-Client: pulseboard"}, {"secrets", QJsonArray{"header Authorization"}}};
    QDir().mkpath(QFileInfo(m_config).absolutePath());
    QFile f(m_config);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(QJsonObject{{"version", 1}, {"connections", QJsonArray{connection}}}).toJson());
    f.close();
    QCOMPARE(writeEntry(id, entry), QKeychain::NoError);

    Workspace w;
    QCOMPARE(w.restore(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_handshakes.size(), 1, 20000);   // it starts either way
    QVERIFY(w.keychainAvailable());                            // a bad entry is not a broken keychain
    QCOMPARE(m_handshakes.first().rawHeader("Authorization"), restored ? QByteArray("Bearer ok") : QByteArray());
    QVERIFY2(w.loadError().contains(message), qPrintable(w.loadError()));
    QVERIFY(w.loadError().startsWith(QStringLiteral("Credentials of “Hostile”: ")));
    const QStringList missing = w.connections()->data(w.connections()->index(0), ConnectionListModel::MissingSecretsRole).toStringList();
    QCOMPARE(missing.isEmpty(), restored);
}

QTEST_MAIN(tst_Keychain)
#include "tst_keychain.moc"
