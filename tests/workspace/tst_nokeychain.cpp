// Specification of the memory-only path: with no keychain to reach (ctest runs this with
// a session bus address that does not exist and no display; an OFF build has none at
// all) the Workspace says why in its notice, writes no secret in clear, lists the secrets
// in workspace.json, and after a restart starts the connection at once with them missing.
#include "secretstore.h"
#include "workspace.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

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
    QSignalSpy noticeChanged(&w, &Workspace::secretsNoticeChanged);
    QCOMPARE(w.restore(), QString());
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
        QCOMPARE(w.restore(), QString());
        QVariantMap spec{{QStringLiteral("name"), QStringLiteral("Secret feed")},
                         {QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:9/feed?token=SECRET_QUERY")},
                         {QStringLiteral("headers"), QStringLiteral("Authorization: Bearer SECRET_HEADER")}};
        QCOMPARE(w.addConnection(spec), QString());
        QTRY_VERIFY_WITH_TIMEOUT(!w.keychainAvailable(), 20000);
        QCOMPARE(w.save(), QString());
        QCOMPARE(w.secretStore()->pendingJobs(), 0);   // unavailable: no job was even tried
        QFile file(w.configFile());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains("SECRET"));
        QVERIFY(text.contains("\"header Authorization\""));
        QVERIFY(text.contains("\"URL parameter token\""));
    }
    Workspace w;
    QCOMPARE(w.restore(), QString());
    QCOMPARE(w.connections()->count(), 1);
    const QModelIndex row = w.connections()->index(0);
    QCOMPARE(w.connections()->data(row, ConnectionListModel::MissingSecretsRole).toStringList(),
             (QStringList{QStringLiteral("URL parameter token"), QStringLiteral("header Authorization")}));
    // Started without waiting for a keychain: it tries (and fails on port 9) at once.
    QTRY_VERIFY(w.connections()->connectionAt(0)->stateName() != QLatin1String("Idle"));
}

QTEST_MAIN(tst_NoKeychain)
#include "tst_nokeychain.moc"
