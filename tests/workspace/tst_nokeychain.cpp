// Specification of the memory-only path: with no keychain to reach the Workspace says
// why in its notice, writes no secret in clear, lists the secrets in workspace.json, and
// after a restart starts the connection with them missing. ctest runs it twice:
//  - tst_nokeychain: a session bus address that does not exist, no display (an OFF build
//    has no keychain at all);
//  - tst_nokeychain_noanswer: a real Secret Service that never answers (QT_NO_GLIB=1, so
//    libsecret's replies are never dispatched): the job watchdog must give up.
#include "secretstore.h"
#include "workspace.h"

#include <QFile>
#include <QStandardPaths>
#include <QTest>

static constexpr int kTimeoutMs = 1500;   // watchdog per keychain job (default 60 s)

class tst_NoKeychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void noticeSaysWhy();
    void nothingInClear();
};

void tst_NoKeychain::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("PulseboardTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_nokeychain"));
    Workspace probe;
    QFile::remove(probe.configFile());
}

void tst_NoKeychain::noticeSaysWhy()
{
    Workspace w;
    w.secretStore()->setTimeoutMs(kTimeoutMs);
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.secretStore()->pendingJobs(), 0);   // no keychain traffic at start-up without secrets
    w.checkKeychain();                             // what the connection editor does when it opens
    // Either known at once (no QtKeychain) or once the probe fails, never hanging.
    QTRY_VERIFY_WITH_TIMEOUT(!w.keychainAvailable(), 20000);
    QTRY_COMPARE(w.secretStore()->pendingJobs(), 0);
    const QString notice = w.secretsNotice();
    QVERIFY2(notice.startsWith(QStringLiteral("No system keychain is available: ")), qPrintable(notice));
    QVERIFY(notice.contains(QStringLiteral("kept in memory only")));
    const QString reason = w.secretStore()->unavailableReason();
    QVERIFY(!reason.isEmpty());
    QVERIFY(notice.contains(reason));
    qInfo("notice: %s", qPrintable(notice));
}

void tst_NoKeychain::nothingInClear()
{
    {
        Workspace w;
        w.secretStore()->setTimeoutMs(kTimeoutMs);
        QCOMPARE(w.restore(), QString());
        QVariantMap spec{{QStringLiteral("name"), QStringLiteral("Secret feed")},
                         {QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:9/feed?token=SECRET_QUERY")},
                         {QStringLiteral("headers"), QStringLiteral("Authorization: Bearer SECRET_HEADER")}};
        QCOMPARE(w.addConnection(spec), QString());
        // Found out by the first write (the delayed save), which says so.
        QTRY_VERIFY_WITH_TIMEOUT(!w.keychainAvailable(), 20000);
        if (!w.secretStore()->unavailableReason().contains(QStringLiteral("built without")))
            QTRY_VERIFY2(w.loadError().startsWith(QStringLiteral("Credentials could not be saved in the system keychain (")),
                         qPrintable(w.loadError()));
        QCOMPARE(w.save(), QString());
        // Unavailable: no new job (a write the delayed save started before the probe gave up ends by its watchdog).
        QTRY_COMPARE_WITH_TIMEOUT(w.secretStore()->pendingJobs(), 0, 10000);
        QFile file(w.configFile());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains("SECRET"));
        QVERIFY(text.contains("\"header Authorization\""));
        QVERIFY(text.contains("\"URL parameter token\""));
    }
    Workspace w;
    w.secretStore()->setTimeoutMs(kTimeoutMs);
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.connections()->count(), 1);
    const QModelIndex row = w.connections()->index(0);
    QCOMPARE(w.connections()->data(row, ConnectionListModel::MissingSecretsRole).toStringList(),
             (QStringList{QStringLiteral("URL parameter token"), QStringLiteral("header Authorization")}));
    // Started without its secrets (at once, or once the keychain read gave up).
    QTRY_VERIFY(w.connections()->connectionAt(0)->stateName() != QLatin1String("Idle"));
}

QTEST_MAIN(tst_NoKeychain)
#include "tst_nokeychain.moc"
