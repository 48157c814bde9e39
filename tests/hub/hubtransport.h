// HubTransport: lets a hub test run over ws:// (default) or wss:// (HUB_TEST_TLS=1; ctest
// registers the conformance suites both ways, see tests/hub/CMakeLists.txt), so both of
// the hub's transports are held to the same RFC 6455 cases. With TLS the hub gets a
// self-signed identity generated once per test process; clients skip CA verification
// (pinning is tst_hubtls's subject).
#pragma once
#include "hubserver.h"
#include "tlsidentity.h"

#include <QSslConfiguration>
#include <QTemporaryDir>

namespace HubTransport {

inline bool tls() { return qEnvironmentVariableIntValue("HUB_TEST_TLS") == 1; }
inline const char *scheme() { return tls() ? "wss" : "ws"; }

inline QSslConfiguration serverConfiguration()
{
    static const QSslConfiguration config = [] {
        QTemporaryDir dir;
        QString error;
        const TlsIdentity id = TlsIdentity::loadOrCreate(dir.path(), QStringLiteral("hub-test"), &error);
        if (!id.isValid())
            qFatal("HubTransport: cannot make a TLS identity: %s", qPrintable(error));
        return id.serverConfiguration();
    }();
    return config;
}

// Before listen(): serve wss:// when the run asks for TLS.
inline void apply(HubServer &hub)
{
    if (tls())
        hub.setTlsConfiguration(serverConfiguration());
}

inline QSslConfiguration clientConfiguration()
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    return ssl;
}

} // namespace HubTransport
