#include "feedsource.h"

#include "feedclient.h"
#include "httpautosource.h"
#include "httppollsource.h"
#include "replaysource.h"
#include "socketiosource.h"
#include "ssesource.h"

// The transport field wins; Auto goes by the scheme: socketio(s) = Socket.IO, http(s) =
// HttpAutoSource (decided by the first response's Content-Type), anything else = FeedClient
// (ws/wss; other schemes get FeedClient's readable refusal).
FeedSource *FeedSource::create(const FeedEndpoint &endpoint, QObject *parent)
{
    if (endpoint.url.isLocalFile())
        return new ReplaySource(endpoint, parent);   // file:///rec.mcap?connection=NAME: a recording
    switch (endpoint.transport) {
    case FeedTransport::WebSocket:
        return new FeedClient(endpoint, parent);
    case FeedTransport::SocketIo:
        return new SocketIoSource(endpoint, parent);
    case FeedTransport::Sse:
        return new SseSource(endpoint, parent);
    case FeedTransport::HttpPoll:
        return new HttpPollSource(endpoint, parent);
    case FeedTransport::Auto:
        break;
    }
    const QString scheme = endpoint.url.scheme().toLower();
    if (scheme == QLatin1String("socketio") || scheme == QLatin1String("socketios"))
        return new SocketIoSource(endpoint, parent);
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        return new HttpAutoSource(endpoint, parent);
    return new FeedClient(endpoint, parent);
}
