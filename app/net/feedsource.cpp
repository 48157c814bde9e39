#include "feedsource.h"

#include "feedclient.h"

FeedSource *FeedSource::create(const FeedEndpoint &endpoint, QObject *parent)
{
    return new FeedClient(endpoint, parent);
}
