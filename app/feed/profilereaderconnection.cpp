// ProfileReader, continued: the "connection" section (url, transport, poll interval,
// Socket.IO namespace/auth, headers, subprotocols, onConnect, TLS pin, limits, heartbeat,
// backoff) -> FeedEndpoint.
#include "jsonlocator.h"
#include "profilereader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <cmath>

namespace {

constexpr int kMaxHeaders = 64;
constexpr int kMaxSubprotocols = 16;
constexpr int kMaxOnConnect = 64;
constexpr int kMaxNamespaceLength = 256;
constexpr int kMaxSocketIoAuthBytes = 4096;

const QStringList &schemes()
{
    static const QStringList all = { QStringLiteral("ws"), QStringLiteral("wss"), QStringLiteral("socketio"),
                                     QStringLiteral("socketios"), QStringLiteral("http"), QStringLiteral("https") };
    return all;
}

bool isSecure(const QString &scheme)
{
    return scheme == QLatin1String("wss") || scheme == QLatin1String("socketios") || scheme == QLatin1String("https");
}

// RFC 9110 token: header names and subprotocol names.
bool isToken(const QString &s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
                || QStringView(u"!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

bool ProfileReader::readConnection(const QJsonObject &o, FeedEndpoint *out)
{
    const QString path = QStringLiteral("connection");
    if (!checkKeys(o, path, { QStringLiteral("url"), QStringLiteral("transport"), QStringLiteral("pollIntervalSeconds"),
                              QStringLiteral("socketio"), QStringLiteral("headers"), QStringLiteral("subprotocols"),
                              QStringLiteral("onConnect"), QStringLiteral("tlsPinSha256"), QStringLiteral("maxMessageBytes"),
                              QStringLiteral("pingIntervalMs"), QStringLiteral("backoff") }))
        return false;
    QString urlText;
    if (!readString(o, path, QStringLiteral("url"), &urlText, true))
        return false;
    const QString urlPath = QStringLiteral("connection.url");
    const QUrl url(urlText, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid())
        return fail(urlPath, QStringLiteral("%1 is not a valid URL (%2); expected e.g. \"wss://example.com/stream\"")
                                     .arg(u'"' + urlText + u'"', url.errorString()));
    if (!schemes().contains(scheme))
        return fail(urlPath, QStringLiteral("scheme must be ws://, wss:// (WebSocket), socketio://, socketios:// "
                                            "(Socket.IO) or http://, https:// (SSE or polling), got \"%1\"")
                                     .arg(url.scheme()));
    if (url.host().isEmpty())
        return fail(urlPath, QStringLiteral("has no host; expected e.g. \"wss://example.com/stream\""));
    out->url = url;
    if (!readTransport(o, scheme, out))
        return false;

    if (o.contains(QLatin1String("headers")) && !readHeaders(o.value(QLatin1String("headers")), QStringLiteral("connection.headers"), out))
        return false;
    if (!readStringList(o, path, QStringLiteral("subprotocols"), kMaxSubprotocols, &out->subprotocols))
        return false;
    for (int i = 0; i < out->subprotocols.size(); ++i)
        if (!isToken(out->subprotocols.at(i)))
            return fail(JsonLocator::indexPath(QStringLiteral("connection.subprotocols"), i),
                        QStringLiteral("\"%1\" is not a valid subprotocol name (letters, digits and !#$%&'*+-.^_`|~ only)")
                                .arg(out->subprotocols.at(i)));
    if (!readOnConnect(o, out) || !readPin(o, out))
        return false;

    qint64 maxMessage = out->maxMessageBytes;
    qint64 ping = out->pingIntervalMs;
    if (!readInt(o, path, QStringLiteral("maxMessageBytes"), 1024, 1024LL * 1024 * 1024, &maxMessage)
        || !readInt(o, path, QStringLiteral("pingIntervalMs"), 0, 3'600'000, &ping))
        return false;
    if (ping > 0 && ping < 100)
        return fail(QStringLiteral("connection.pingIntervalMs"),
                    QStringLiteral("must be 0 (no heartbeat) or at least 100, got %1").arg(ping));
    out->maxMessageBytes = maxMessage;
    out->maxFrameBytes = std::min(out->maxFrameBytes, maxMessage);
    out->pingIntervalMs = int(ping);

    QJsonObject backoff;
    bool hasBackoff = false;
    if (!readObject(o, path, QStringLiteral("backoff"), &backoff, &hasBackoff))
        return false;
    return !hasBackoff || readBackoff(backoff, &out->backoff);
}

// transport, pollIntervalSeconds and socketio, checked against the URL's scheme so a
// profile cannot ask for something its URL cannot carry.
bool ProfileReader::readTransport(const QJsonObject &o, const QString &scheme, FeedEndpoint *out)
{
    const bool web = scheme == QLatin1String("ws") || scheme == QLatin1String("wss");
    const bool sio = scheme == QLatin1String("socketio") || scheme == QLatin1String("socketios");
    const bool http = scheme == QLatin1String("http") || scheme == QLatin1String("https");
    QString name;
    if (!readString(o, QStringLiteral("connection"), QStringLiteral("transport"), &name))
        return false;
    const QString transportPath = QStringLiteral("connection.transport");
    FeedTransport transport = FeedTransport::Auto;
    bool fits = true;
    if (name.isNull() || name == QLatin1String("auto")) {
        transport = FeedTransport::Auto;
    } else if (name == QLatin1String("websocket")) {
        transport = FeedTransport::WebSocket;
        fits = web;
    } else if (name == QLatin1String("socketio")) {
        transport = FeedTransport::SocketIo;
        fits = web || sio || http;
    } else if (name == QLatin1String("sse")) {
        transport = FeedTransport::Sse;
        fits = http;
    } else if (name == QLatin1String("poll")) {
        transport = FeedTransport::HttpPoll;
        fits = http;
    } else {
        return fail(transportPath, QStringLiteral("unknown value \"%1\"; expected one of \"auto\", \"websocket\", "
                                                  "\"socketio\", \"sse\", \"poll\"").arg(name));
    }
    if (!fits)
        return fail(transportPath, QStringLiteral("\"%1\" does not go with a %2:// url; %3").arg(name, scheme,
                    transport == FeedTransport::WebSocket ? QStringLiteral("use ws:// or wss://")
                                                          : QStringLiteral("use http:// or https://")));
    out->transport = transport;
    const bool polls = transport == FeedTransport::HttpPoll || (transport == FeedTransport::Auto && http);
    const bool socketIo = transport == FeedTransport::SocketIo || (transport == FeedTransport::Auto && sio);

    const QJsonValue interval = o.value(QLatin1String("pollIntervalSeconds"));
    const QString intervalPath = QStringLiteral("connection.pollIntervalSeconds");
    if (!interval.isUndefined()) {
        if (!polls)
            return fail(intervalPath, QStringLiteral("only used when polling (transport \"poll\", or \"auto\" with an "
                                                     "http:// or https:// url)"));
        const double s = interval.toDouble(-1);
        if (!interval.isDouble() || !(s >= 0.5 && s <= 86400))
            return fail(intervalPath, QStringLiteral("must be a number of seconds from 0.5 to 86400, got %1")
                                              .arg(interval.isDouble() ? QString::number(s, 'g', 17) : kindOf(interval)));
        out->pollIntervalMs = int(std::lround(s * 1000));
    }

    QJsonObject socketio;
    bool hasSocketIo = false;
    if (!readObject(o, QStringLiteral("connection"), QStringLiteral("socketio"), &socketio, &hasSocketIo))
        return false;
    if (!hasSocketIo)
        return true;
    const QString sioPath = QStringLiteral("connection.socketio");
    if (!socketIo)
        return fail(sioPath, QStringLiteral("only used with Socket.IO (transport \"socketio\", or a socketio:// or "
                                            "socketios:// url)"));
    if (!checkKeys(socketio, sioPath, { QStringLiteral("namespace"), QStringLiteral("auth") }))
        return false;
    QString ns;
    if (!readString(socketio, sioPath, QStringLiteral("namespace"), &ns))
        return false;
    if (!ns.isNull()) {
        const QString nsPath = QStringLiteral("connection.socketio.namespace");
        if (!ns.startsWith(u'/') || ns.size() > kMaxNamespaceLength)
            return fail(nsPath, QStringLiteral("must start with \"/\" and have at most %1 characters, e.g. \"/\" or "
                                               "\"/prices\"").arg(kMaxNamespaceLength));
        for (QChar c : ns)
            if (c.unicode() <= 0x20 || c == u',' || c == u'"' || c.unicode() == 0x7f)
                return fail(nsPath, QStringLiteral("must not contain spaces, commas, quotes or control characters "
                                                   "(it is written into the Socket.IO connect packet)"));
        out->socketIoNamespace = ns;
    }
    const QJsonValue auth = socketio.value(QLatin1String("auth"));
    if (!auth.isUndefined()) {
        const QString authPath = QStringLiteral("connection.socketio.auth");
        if (!auth.isObject())
            return fail(authPath, QStringLiteral("must be a JSON object (sent with the connect packet), e.g. "
                                                 "{\"token\": \"...\"}, got %1").arg(kindOf(auth)));
        const QByteArray json = QJsonDocument(auth.toObject()).toJson(QJsonDocument::Compact);
        if (json.size() > kMaxSocketIoAuthBytes)
            return fail(authPath, QStringLiteral("is %1 bytes as JSON; at most %2 are allowed").arg(json.size())
                                          .arg(kMaxSocketIoAuthBytes));
        out->socketIoAuth = json;
    }
    return true;
}

bool ProfileReader::readHeaders(const QJsonValue &v, const QString &path, FeedEndpoint *out)
{
    if (v.isObject()) {
        const QJsonObject headers = v.toObject();
        if (headers.size() > kMaxHeaders)
            return fail(path, QStringLiteral("has %1 headers; at most %2 are allowed").arg(headers.size()).arg(kMaxHeaders));
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            const QString headerPath = JsonLocator::keyPath(path, it.key());
            if (!it.value().isString())
                return fail(headerPath, QStringLiteral("a header value must be a string"));
            if (!readHeader(it.key(), it.value().toString(), headerPath, out))
                return false;
        }
        return true;
    }
    if (!v.isArray())
        return fail(path, QStringLiteral("must be an object {\"Name\": \"value\"} or a list [\"Name: value\"]"));
    const QJsonArray lines = v.toArray();
    if (lines.size() > kMaxHeaders)
        return fail(path, QStringLiteral("has %1 headers; at most %2 are allowed").arg(lines.size()).arg(kMaxHeaders));
    for (int i = 0; i < lines.size(); ++i) {
        const QString linePath = JsonLocator::indexPath(path, i);
        const QString line = lines.at(i).toString();
        const qsizetype colon = line.indexOf(u':');
        if (!lines.at(i).isString() || colon < 0)
            return fail(linePath, QStringLiteral("must be a string \"Name: value\""));
        if (!readHeader(line.left(colon).trimmed(), line.mid(colon + 1).trimmed(), linePath, out))
            return false;
    }
    return true;
}

bool ProfileReader::readHeader(const QString &name, const QString &value, const QString &path, FeedEndpoint *out)
{
    if (!isToken(name))
        return fail(path, QStringLiteral("\"%1\" is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)").arg(name));
    static const QStringList reserved = { QStringLiteral("host"), QStringLiteral("upgrade"), QStringLiteral("connection"),
                                          QStringLiteral("content-length"), QStringLiteral("sec-websocket-key"),
                                          QStringLiteral("sec-websocket-version"), QStringLiteral("sec-websocket-extensions"),
                                          QStringLiteral("sec-websocket-protocol") };
    if (reserved.contains(name.toLower()))
        return fail(path, QStringLiteral("%1 is set by the WebSocket handshake itself%2").arg(name,
                    name.toLower() == QLatin1String("sec-websocket-protocol") ? QStringLiteral("; use \"subprotocols\"") : QString()));
    for (QChar c : value)
        if (c == u'\r' || c == u'\n' || c == QChar(0))
            return fail(path, QStringLiteral("header value contains a line break or NUL; that would inject extra headers"));
    out->headers.append({ name.toUtf8(), value.toUtf8() });
    return true;
}

bool ProfileReader::readStringList(const QJsonObject &o, const QString &parent, const QString &key,
                                   int maxCount, QStringList *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return true;
    const QString path = JsonLocator::keyPath(parent, key);
    if (!v.isArray())
        return fail(path, QStringLiteral("must be an array of strings, got %1").arg(v.isString() ? QStringLiteral("a string") : QStringLiteral("something else")));
    const QJsonArray array = v.toArray();
    if (array.size() > maxCount)
        return fail(path, QStringLiteral("has %1 entries; at most %2 are allowed").arg(array.size()).arg(maxCount));
    for (int i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return fail(JsonLocator::indexPath(path, i), QStringLiteral("must be a string"));
        out->append(array.at(i).toString());
    }
    return true;
}

bool ProfileReader::readOnConnect(const QJsonObject &o, FeedEndpoint *out)
{
    const QJsonValue v = o.value(QLatin1String("onConnect"));
    if (v.isUndefined())
        return true;
    const QString path = QStringLiteral("connection.onConnect");
    if (!v.isArray())
        return fail(path, QStringLiteral("must be an array of messages: strings, or JSON objects sent as compact JSON"));
    const QJsonArray messages = v.toArray();
    if (messages.size() > kMaxOnConnect)
        return fail(path, QStringLiteral("has %1 messages; at most %2 are allowed").arg(messages.size()).arg(kMaxOnConnect));
    for (int i = 0; i < messages.size(); ++i) {
        const QJsonValue m = messages.at(i);
        if (m.isString())
            out->onConnect.append(m.toString());
        else if (m.isObject())
            out->onConnect.append(QString::fromUtf8(QJsonDocument(m.toObject()).toJson(QJsonDocument::Compact)));
        else if (m.isArray())
            out->onConnect.append(QString::fromUtf8(QJsonDocument(m.toArray()).toJson(QJsonDocument::Compact)));
        else
            return fail(JsonLocator::indexPath(path, i), QStringLiteral("must be a string or a JSON object/array"));
    }
    return true;
}

bool ProfileReader::readPin(const QJsonObject &o, FeedEndpoint *out)
{
    QString pin;
    if (!readString(o, QStringLiteral("connection"), QStringLiteral("tlsPinSha256"), &pin))
        return false;
    if (pin.isNull())
        return true;
    const QString path = QStringLiteral("connection.tlsPinSha256");
    QString hex = pin;
    hex.remove(u':');
    const QString expected = QStringLiteral("must be the SHA-256 of the server certificate (DER) as 64 hex digits (colons allowed)");
    if (hex.size() != 64)
        return fail(path, QStringLiteral("%1, got %2 digits").arg(expected).arg(hex.size()));
    for (QChar c : hex)
        if (!((c >= u'0' && c <= u'9') || (c.toLower() >= u'a' && c.toLower() <= u'f')))
            return fail(path, QStringLiteral("%1; \"%2\" is not a hex digit").arg(expected, c));
    if (!isSecure(out->url.scheme().toLower()))
        return fail(path, QStringLiteral("a TLS pin needs a TLS url (wss://, socketios:// or https://)"));
    out->pinnedSha256 = hex.toLower().toLatin1();
    return true;
}

bool ProfileReader::readBackoff(const QJsonObject &o, BackoffPolicy *out)
{
    const QString path = QStringLiteral("connection.backoff");
    if (!checkKeys(o, path, { QStringLiteral("baseMs"), QStringLiteral("capMs") }))
        return false;
    qint64 base = out->baseMs;
    qint64 cap = out->capMs;
    if (!readInt(o, path, QStringLiteral("baseMs"), 1, 3'600'000, &base)
        || !readInt(o, path, QStringLiteral("capMs"), 1, 3'600'000, &cap))
        return false;
    if (cap < base)
        return fail(o.contains(QLatin1String("capMs")) ? QStringLiteral("connection.backoff.capMs") : QStringLiteral("connection.backoff.baseMs"),
                    QStringLiteral("capMs (%1) must be at least baseMs (%2)").arg(cap).arg(base));
    out->baseMs = int(base);
    out->capMs = int(cap);
    return true;
}
