// FeedEndpointCheck: says what is wrong with a FeedEndpoint before any socket is opened
// (bad URL or scheme, header injection, malformed subprotocol or pin), in words a user
// can act on, and formats endpoint facts for messages without leaking credentials.
// Pure functions; used by FeedClient::open() and its error texts.
#pragma once
#include "feedendpoint.h"

#include <QString>
#include <QUrl>

class FeedEndpointCheck
{
public:
    static QString problem(const FeedEndpoint &endpoint); // empty = usable
    // scheme://host:port/path: never user info, nor the query (often an API token)
    static QString displayUrl(const QUrl &url);
    static QString hostPort(const QUrl &url);             // "host:port", "[::1]:port"
    static QString sizeText(qint64 bytes);                // "16 MiB", "64 KiB", "1000 bytes"
};
