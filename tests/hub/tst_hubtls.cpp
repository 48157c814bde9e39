// TLS for the hub: self-signed certificate generated once and reused, given PEM files,
// the default policy (wss on non-loopback addresses), chat over wss with a C++ client
// and the Python client, trust-on-first-use pinning with KnownHosts, a changed
// certificate refused before anything is sent, and TLS-level garbage rejected and logged.
#include "hubdispatcher.h"
#include "hubhost.h"
#include "hubtestclient.h"
#include "knownhosts.h"
#include "pythonpeer.h"
#include "rawwsclient.h"
#include "rejectionlog.h"
#include "tlsidentity.h"

#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QtTest>

namespace {
// What a joining Pulseboard client does (ChatClient uses the same steps): accept the
// self-signed certificate only through the pin store, and decide before sending a byte.
struct PinnedJoin
{
    KnownHosts::Verdict verdict = KnownHosts::Verdict::Unknown;
    QString presented;
    QString warning;
};

PinnedJoin pinnedOpen(QWebSocket &ws, KnownHosts &hosts, quint16 port)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone);   // the pin replaces CA verification
    ws.setSslConfiguration(ssl);
    PinnedJoin out;
    QSignalSpy up(&ws, &QWebSocket::connected);
    ws.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(port)));
    if (!up.wait(5000))
        return out;
    out.presented = TlsIdentity::fingerprintOf(ws.sslConfiguration().peerCertificate());
    out.verdict = hosts.check("127.0.0.1", port, out.presented);
    if (out.verdict == KnownHosts::Verdict::Unknown)
        hosts.trust("127.0.0.1", port, out.presented);
    else if (out.verdict == KnownHosts::Verdict::Changed) {
        out.warning = KnownHosts::changedWarning("127.0.0.1", port, hosts.pinned("127.0.0.1", port), out.presented);
        ws.abort();
    }
    return out;
}
} // namespace

class tst_HubTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void selfSignedIsGeneratedOnceAndReused()
    {
        QVERIFY(TlsIdentity::canGenerate());
        QTemporaryDir dir;
        QString error;
        const TlsIdentity first = TlsIdentity::loadOrCreate(dir.path(), "test", &error);
        QVERIFY2(first.isValid(), qPrintable(error));
        QVERIFY(first.wasGenerated());
        QCOMPARE(first.fingerprint().size(), 64);
        QCOMPARE(first.fingerprint(), QString::fromLatin1(first.certificate().digest(QCryptographicHash::Sha256).toHex()));
        QCOMPARE(QFile::permissions(dir.filePath("hub-key.pem")) & 0x0077, QFileDevice::Permissions());   // owner only
        const TlsIdentity second = TlsIdentity::loadOrCreate(dir.path(), "test", &error);
        QVERIFY(second.isValid());
        QVERIFY(!second.wasGenerated());
        QCOMPARE(second.fingerprint(), first.fingerprint());
        QVERIFY(first.certificate().expiryDate() > QDateTime::currentDateTime().addYears(5));
        QCOMPARE(TlsIdentity::displayFingerprint("ab01").toStdString(), std::string("AB:01"));
    }

    void givenFilesAreLoadedOrRefusedReadably()
    {
        QTemporaryDir dir;
        QString error;
        const TlsIdentity made = TlsIdentity::loadOrCreate(dir.path(), "x", &error);
        QVERIFY(made.isValid());
        const TlsIdentity loaded = TlsIdentity::load(dir.filePath("hub-cert.pem"), dir.filePath("hub-key.pem"), &error);
        QCOMPARE(loaded.fingerprint(), made.fingerprint());

        QFile junk(dir.filePath("junk.pem"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        junk.close();
        QVERIFY(!TlsIdentity::load(junk.fileName(), dir.filePath("hub-key.pem"), &error).isValid());
        QVERIFY2(error.contains("junk.pem"), qPrintable(error));
        QVERIFY(!TlsIdentity::load(dir.filePath("hub-cert.pem"), junk.fileName(), &error).isValid());
        QVERIFY2(error.contains("private key"), qPrintable(error));
        QVERIFY(!TlsIdentity::load(dir.filePath("missing.pem"), junk.fileName(), &error).isValid());
        QVERIFY2(error.contains("missing.pem"), qPrintable(error));

        HubHost host;   // half a pair is refused before anything starts
        host.setTls(HubHost::TlsMode::On, dir.filePath("hub-cert.pem"), QString());
        QVERIFY(!host.start(QHostAddress::LocalHost, 0, &error));
        QVERIFY2(error.contains("--tls-key"), qPrintable(error));
    }

    void tlsIsTheDefaultAwayFromLoopback()
    {
        QVERIFY(!HubHost::wantsTls(HubHost::TlsMode::Auto, QHostAddress::LocalHost));
        QVERIFY(!HubHost::wantsTls(HubHost::TlsMode::Auto, QHostAddress::LocalHostIPv6));
        QVERIFY(HubHost::wantsTls(HubHost::TlsMode::Auto, QHostAddress::Any));
        QVERIFY(HubHost::wantsTls(HubHost::TlsMode::Auto, QHostAddress("192.168.1.20")));
        QVERIFY(!HubHost::wantsTls(HubHost::TlsMode::Off, QHostAddress::Any));
        QVERIFY(HubHost::wantsTls(HubHost::TlsMode::On, QHostAddress::LocalHost));

        QTemporaryDir dir;
        HubConfig cfg;
        cfg.dataDir = dir.path();
        HubHost onAll;   // really listening on every interface: wss without being asked
        onAll.setConfig(cfg);
        onAll.setAnnounce(false);
        QString error;
        QVERIFY2(onAll.start(QHostAddress::AnyIPv4, 0, &error), qPrintable(error));
        QVERIFY(onAll.server()->usesTls());
        QVERIFY(onAll.url().startsWith("wss://"));
        QCOMPARE(onAll.fingerprint().size(), 64);
        QVERIFY(QFile::exists(dir.filePath("hub-cert.pem")));
        HubHost local;
        local.setConfig(cfg);
        local.setAnnounce(false);
        QVERIFY(local.start(QHostAddress::LocalHost, 0, &error));
        QVERIFY(!local.server()->usesTls());
        QVERIFY(local.url().startsWith("ws://127.0.0.1:"));
        QVERIFY(local.fingerprint().isEmpty());
    }

    void chatOverWssWithPinningAndAPythonPeer()
    {
        QTemporaryDir dir;
        HubConfig cfg;
        cfg.dataDir = dir.path();
        cfg.password = "pw";
        cfg.pbkdf2Iterations = 1000;
        HubHost host;
        host.setConfig(cfg);
        host.setAnnounce(false);
        host.setTls(HubHost::TlsMode::On);
        QString error;
        QVERIFY2(host.start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        const quint16 port = host.server()->port();

        KnownHosts hosts(dir.filePath("known_hosts.json"));
        HubTestClient a;
        const PinnedJoin first = pinnedOpen(a.ws, hosts, port);
        QCOMPARE(first.verdict, KnownHosts::Verdict::Unknown);    // first use: pinned now
        QCOMPARE(first.presented, host.fingerprint());
        QVERIFY(a.login("alice", "pw"));
        KnownHosts reread(dir.filePath("known_hosts.json"));
        QVERIFY(reread.load());
        QCOMPARE(reread.pinned("127.0.0.1", port), host.fingerprint());

        HubTestClient b;
        QCOMPARE(pinnedOpen(b.ws, reread, port).verdict, KnownHosts::Verdict::Trusted);
        QVERIFY(b.login("bob", "pw"));
        PythonPeer py;
        QVERIFY(py.start(QStringLiteral("wss://127.0.0.1:%1/").arg(port), "carol", "pw"));
        QVERIFY(py.waitEvent("welcome") >= 0);
        py.command({{"cmd", "join"}, {"room", "tls"}});
        QVERIFY(py.waitRx("joined") >= 0);
        b.send({{"type", "join"}, {"room", "tls"}});
        QVERIFY(!b.next("joined").isEmpty());
        b.send({{"type", "say"}, {"room", "tls"}, {"text", "encrypted hello"}, {"id", "1"}});
        const int m = py.waitRx("msg");
        QVERIFY(m >= 0);
        QCOMPARE(py.lines.at(m).value("rx").toObject().value("text").toString(), QStringLiteral("encrypted hello"));
    }

    void changedCertificateIsRefusedBeforeAnythingIsSent()
    {
        QTemporaryDir dirA, dirB, home;
        KnownHosts hosts(home.filePath("known_hosts.json"));
        quint16 port = 0;
        QString pinned;
        {
            HubConfig cfg;
            cfg.dataDir = dirA.path();
            HubHost original;
            original.setConfig(cfg);
            original.setAnnounce(false);
            original.setTls(HubHost::TlsMode::On);
            QVERIFY(original.start(QHostAddress::LocalHost, 0, nullptr));
            port = original.server()->port();
            QWebSocket ws;
            QCOMPARE(pinnedOpen(ws, hosts, port).verdict, KnownHosts::Verdict::Unknown);
            pinned = original.fingerprint();
        }
        HubConfig cfg;
        cfg.dataDir = dirB.path();   // another certificate on the same host:port
        HubHost impostor;
        impostor.setConfig(cfg);
        impostor.setAnnounce(false);
        impostor.setTls(HubHost::TlsMode::On);
        QString error;
        QVERIFY2(impostor.start(QHostAddress::LocalHost, port, &error), qPrintable(error));
        QVERIFY(impostor.fingerprint() != pinned);

        HubTestClient victim;
        const PinnedJoin j = pinnedOpen(victim.ws, hosts, port);
        QCOMPARE(j.verdict, KnownHosts::Verdict::Changed);
        QVERIFY(j.warning.contains("CHANGED"));
        QVERIFY(j.warning.contains(TlsIdentity::displayFingerprint(pinned)));
        QVERIFY(j.warning.contains(TlsIdentity::displayFingerprint(impostor.fingerprint())));
        QCOMPARE(victim.ws.state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(impostor.server()->connectionCount(), 0);
        QCOMPARE(hosts.pinned("127.0.0.1", port), pinned);   // the pin is not silently replaced
        for (const Rejection &r : impostor.server()->rejections()->rows())
            QVERIFY(!r.reason.contains("hello"));            // no envelope ever reached it
    }

    void tlsGarbageIsRejectedAndLogged()
    {
        QTemporaryDir dir;
        HubConfig cfg;
        cfg.dataDir = dir.path();
        cfg.handshakeTimeoutMs = 500;
        HubHost host;
        host.setConfig(cfg);
        host.setAnnounce(false);
        host.setTls(HubHost::TlsMode::On);
        QVERIFY(host.start(QHostAddress::LocalHost, 0, nullptr));
        const quint16 port = host.server()->port();
        KnownHosts hosts(dir.filePath("kh.json"));
        HubTestClient good;
        pinnedOpen(good.ws, hosts, port);
        QVERIFY(good.login("good"));

        RawWsClient plain;   // plain HTTP to a TLS port
        QVERIFY(plain.connectTo(port));
        plain.socket.write(RawWsClient::request("/"));
        QVERIFY(plain.waitClosed());
        RawWsClient silent;  // TCP only, never starts TLS
        QVERIFY(silent.connectTo(port));
        QVERIFY(silent.waitClosed());
        bool tlsFailure = false, timeout = false;
        for (const Rejection &r : host.server()->rejections()->rows()) {
            tlsFailure |= r.reason.startsWith("TLS handshake failed");
            timeout |= r.reason.contains("handshake not completed");
        }
        QVERIFY(tlsFailure);
        QVERIFY(timeout);
        good.send({{"type", "ping"}, {"id", 1}});
        QVERIFY(!good.next("pong").isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_HubTls)
#include "tst_hubtls.moc"
