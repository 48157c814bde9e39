// HubKeeper: the conformance suites' fixture (tst_hubframing, tst_hubupgrade): a hub on
// 127.0.0.1, ws:// or wss:// as HubTransport says, and one client logged in before each
// case, "the keeper", which must still be served after the case: whatever a case sends,
// the hub keeps serving everyone else.
#pragma once
#include "hubtestclient.h"
#include "hubtransport.h"

#include <memory>

struct HubKeeper
{
    std::unique_ptr<HubServer> hub;
    std::unique_ptr<HubTestClient> keeper;

    // Empty when the hub listens on the expected transport and the keeper is logged in;
    // else what failed.
    QString start()
    {
        hub = std::make_unique<HubServer>();
        HubTransport::apply(*hub);
        if (!hub->listen(QHostAddress::LocalHost, 0))
            return QStringLiteral("the hub does not listen");
        if (hub->usesTls() != HubTransport::tls())
            return QStringLiteral("the hub is not on the transport this run asks for");
        keeper = std::make_unique<HubTestClient>();
        if (!keeper->open(hub->port()) || !keeper->login(QStringLiteral("keeper")))
            return QStringLiteral("the keeper could not log in");
        return {};
    }
    static bool stillServed(HubTestClient &c)
    {
        c.send({{"type", "ping"}, {"id", "alive"}});
        return c.next("pong").value("re").toString() == QLatin1String("alive");
    }
    bool keeperServed() { return stillServed(*keeper); }
    void stop()
    {
        keeper.reset();
        hub.reset();
    }
};
