// tst_proxysetting: the proxy a person types (--proxy, the editor's address field) as
// untrusted text: none/system/addresses accepted and put into the FeedEndpoint the way
// every transport reads it; bad schemes, missing ports, control characters, oversized
// text, paths and logins where they do not belong refused with one readable line that
// never repeats a password.
#include "proxysetting.h"

#include <QTest>

class tst_ProxySetting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void accepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("url");           // endpoint.proxy, full
        QTest::addColumn<bool>("system");           // endpoint.useSystemProxy
        using M = ProxySetting::Mode;
        QTest::newRow("none") << "none" << int(M::None) << QString() << false;
        QTest::newRow("NONE spaced") << "  NONE " << int(M::None) << QString() << false;
        QTest::newRow("system") << "system" << int(M::System) << QString() << true;
        QTest::newRow("http") << "http://127.0.0.1:3128" << int(M::Manual) << "http://127.0.0.1:3128" << false;
        QTest::newRow("upper scheme, slash") << "HTTP://proxy.example:8080/" << int(M::Manual) << "http://proxy.example:8080" << false;
        QTest::newRow("ipv6") << "http://[::1]:3128" << int(M::Manual) << "http://[::1]:3128" << false;
        QTest::newRow("socks5") << "socks5://127.0.0.1:1080" << int(M::Manual) << "socks5://127.0.0.1:1080" << false;
        QTest::newRow("login") << "http://pb:s%3Acr%40t@127.0.0.1:3128" << int(M::Manual)
                               << "http://pb:s%3Acr%40t@127.0.0.1:3128" << false;
    }
    void accepted()
    {
        QFETCH(QString, text);
        QFETCH(int, mode);
        QFETCH(QString, url);
        QFETCH(bool, system);
        ProxySetting::Mode m = ProxySetting::Mode::System;
        QUrl u(QStringLiteral("http://stale:1"));
        QCOMPARE(ProxySetting::parse(text, &m, &u), QString());
        QCOMPARE(int(m), mode);
        FeedEndpoint e;
        e.proxy = QUrl(QStringLiteral("http://old:1"));
        ProxySetting::apply(m, u, &e);
        QCOMPARE(e.proxy.toString(QUrl::FullyEncoded), url);
        QCOMPARE(e.useSystemProxy, system);
        if (text.contains(QLatin1String("s%3Acr%40t"))) {
            QCOMPARE(e.proxy.password(), QStringLiteral("s:cr@t"));   // decoded for Basic auth
            QVERIFY(!ProxySetting::describe(e).contains(QLatin1String("cr")));
        }
    }

    void refused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << "" << "Enter the proxy's address";
        QTest::newRow("no scheme") << "proxy.example:3128" << "needs a scheme: start it with http://";
        QTest::newRow("ftp") << "ftp://proxy.example:21" << "starts with http:// (or socks5://), not ftp://";
        QTest::newRow("https") << "https://proxy.example:443" << "use http:// for its address";
        QTest::newRow("gopher") << "gopher://proxy.example:70" << "not gopher://";
        QTest::newRow("javascript") << "javascript://alert(1)" << "is not a valid proxy address";
        QTest::newRow("missing port") << "http://proxy.example" << "has no port";
        QTest::newRow("empty port") << "http://proxy.example:" << "has no port";
        QTest::newRow("port zero") << "http://proxy.example:0" << "has no port";
        QTest::newRow("port too big") << "http://proxy.example:99999" << "is not a valid proxy address";
        QTest::newRow("port not a number") << "http://proxy.example:abc" << "is not a valid proxy address";
        QTest::newRow("no host") << "http://:3128" << "no host name";
        QTest::newRow("path") << "http://proxy.example:3128/pac" << "without a path, query or fragment";
        QTest::newRow("query") << "http://proxy.example:3128?x=1" << "without a path, query or fragment";
        QTest::newRow("space") << "http://proxy example:3128" << "is not a valid proxy address";
        QTest::newRow("CRLF") << "http://proxy.example:3128\r\nX-Injected: 1" << "control character";
        QTest::newRow("NUL") << QStringLiteral("http://proxy.example") + QChar(0) + QStringLiteral(":3128") << "control character";
        QTest::newRow("tab") << "http://proxy.\texample:3128" << "control character";
        QTest::newRow("ANSI escape") << "http://\x1b[31mred:3128" << "control character";
        QTest::newRow("oversized") << "http://" + QString(5000, u'a') + ":3128" << "at most 2048 are accepted";
        QTest::newRow("user with CR") << "http://a%0D%0Ab:pw@proxy.example:3128" << "user or password contains a control character";
        QTest::newRow("long password") << "http://u:" + QString(300, u'p') + "@proxy.example:3128" << "at most 256 characters";
    }
    void refused()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        ProxySetting::Mode m = ProxySetting::Mode::System;
        QUrl u;
        const QString e = ProxySetting::parse(text, &m, &u);
        QVERIFY2(e.contains(expected), qPrintable(e));
        QVERIFY2(e.size() < 300, qPrintable(e));
        for (QChar c : e)
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(e));   // one clean line
        QCOMPARE(int(m), int(ProxySetting::Mode::System));                     // untouched
    }

    void passwordNeverQuoted()
    {
        ProxySetting::Mode m;
        QUrl u;
        const QString e = ProxySetting::parse(QStringLiteral("http://pb:hunter2@proxy.example:99999"), &m, &u);
        QVERIFY2(e.contains(QLatin1String("not a valid proxy address")), qPrintable(e));
        QVERIFY2(!e.contains(QLatin1String("hunter2")), qPrintable(e));
        const QString p = ProxySetting::parse(QStringLiteral("http://pb:hunter2@proxy.example:3128/x"), &m, &u);
        QVERIFY2(!p.isEmpty() && !p.contains(QLatin1String("hunter2")), qPrintable(p));
    }

    void editorKeepsLoginOutOfTheAddress()
    {
        QUrl u;
        QVERIFY(ProxySetting::checkAddress(QStringLiteral("http://u:p@proxy.example:3128"), false, &u)
                    .contains(QLatin1String("in their own fields")));
        QCOMPARE(ProxySetting::checkAddress(QStringLiteral("http://proxy.example:3128"), false, &u), QString());
        QCOMPARE(ProxySetting::checkLogin(QStringLiteral("pb"), QStringLiteral("s3cr3t")), QString());
        QCOMPARE(ProxySetting::checkLogin(QString(), QString()), QString());
        QVERIFY(ProxySetting::checkLogin(QString(), QStringLiteral("pw")).contains(QLatin1String("needs a user name")));
        QVERIFY(ProxySetting::checkLogin(QStringLiteral("a:b"), QString()).contains(QLatin1String("cannot contain")));
        QVERIFY(ProxySetting::checkLogin(QStringLiteral("a\nb"), QString()).contains(QLatin1String("control character")));
        QVERIFY(ProxySetting::checkLogin(QStringLiteral("a"), QString(257, u'x')).contains(QLatin1String("at most 256")));
    }

    void modeNames()
    {
        for (auto m : {ProxySetting::Mode::System, ProxySetting::Mode::None, ProxySetting::Mode::Manual}) {
            ProxySetting::Mode back = ProxySetting::Mode::System;
            QVERIFY(ProxySetting::modeFromName(ProxySetting::modeName(m), &back));
            QCOMPARE(back, m);
        }
        ProxySetting::Mode out = ProxySetting::Mode::None;
        QVERIFY(!ProxySetting::modeFromName(QStringLiteral("pac"), &out));
        QVERIFY(!ProxySetting::modeFromName(QStringLiteral("System"), &out));
        QCOMPARE(out, ProxySetting::Mode::None);
    }
};

QTEST_GUILESS_MAIN(tst_ProxySetting)
#include "tst_proxysetting.moc"
