// ConnectionSpec, continued: the checks of single fields (URL for the chosen transport,
// headers, subprotocols, pin, transport options, on-connect messages, proxy), also called on
// their own by the editor while the user types.
#include "connectionspec.h"

#include "proxysetting.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

namespace {

bool isToken(const QString &s)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    return !s.isEmpty() && token.match(s).hasMatch();
}

QString shortened(const QString &text, int max = 60)
{
    return text.size() <= max ? text : text.left(max) + QStringLiteral("…");
}

} // namespace

QString ConnectionSpec::checkUrl(const QString &text, bool required, FeedTransport transport)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return required ? QStringLiteral("Enter the feed's URL, e.g. wss://example.com/stream "
                                         "(or a profile with a \"connection\" section).")
                        : QString();
    if (t.size() > MaxUrlChars)
        return QStringLiteral("The URL is %1 characters long; at most %2 are accepted.").arg(t.size()).arg(MaxUrlChars);
    const QUrl url(t, QUrl::StrictMode);
    if (!url.isValid())
        return QStringLiteral("\"%1\" is not a valid URL (%2).").arg(shortened(t), url.errorString());
    const QString scheme = url.scheme().toLower();
    const bool ws = scheme == QLatin1String("ws") || scheme == QLatin1String("wss");
    const bool sio = scheme == QLatin1String("socketio") || scheme == QLatin1String("socketios");
    const bool http = scheme == QLatin1String("http") || scheme == QLatin1String("https");
    switch (transport) {
    case FeedTransport::Auto:
        if (scheme.isEmpty())
            return QStringLiteral("The URL needs a scheme: start it with ws:// or wss://.");
        // An http:// URL may be an event stream or a JSON document: the editor asks rather
        // than guessing, so the poll interval is shown when it matters.
        if (http)
            return QStringLiteral("With Transport \"Auto\" the URL must start with ws:// or wss:// (WebSocket) or "
                                  "socketio:// (Socket.IO). For an %1:// URL choose \"Server-Sent Events\" or "
                                  "\"HTTP polling\" as the transport.").arg(scheme);
        if (!ws && !sio)
            return QStringLiteral("The URL must start with ws:// or wss:// (WebSocket), not %1://.").arg(url.scheme());
        break;
    case FeedTransport::WebSocket:
        if (!ws)
            return QStringLiteral("The URL must start with ws:// or wss:// (WebSocket), not %1://.").arg(url.scheme());
        break;
    case FeedTransport::SocketIo:
        if (!ws && !sio && !http)
            return QStringLiteral("A Socket.IO URL starts with socketio://, socketios://, http(s):// or ws(s)://, "
                                  "not %1://.").arg(url.scheme());
        break;
    case FeedTransport::Sse:
    case FeedTransport::HttpPoll:
        if (!http)
            return QStringLiteral("%1 needs an http:// or https:// URL, not %2://.")
                .arg(transport == FeedTransport::Sse ? QStringLiteral("Server-Sent Events") : QStringLiteral("HTTP polling"),
                     url.scheme());
        break;
    }
    if (url.host().isEmpty())
        return QStringLiteral("The URL has no host name; expected e.g. wss://example.com/stream.");
    return QString();
}

QString ConnectionSpec::jsonProblem(const QString &text)
{
    QJsonParseError error;
    const QByteArray utf8 = text.toUtf8();
    QJsonDocument::fromJson(utf8, &error);
    if (error.error == QJsonParseError::NoError)
        return QString();
    int line = 1, column = 1;
    for (int i = 0; i < error.offset && i < utf8.size(); ++i) {
        if (utf8.at(i) == '\n') {
            ++line;
            column = 1;
        } else if ((utf8.at(i) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(error.errorString());
}

QString ConnectionSpec::checkOnConnect(const QString &text, int index)
{
    const QString where = QStringLiteral("On-connect message %1").arg(index + 1);
    const QString t = text.trimmed();
    if (t.isEmpty())
        return QStringLiteral("%1 is empty; type the message or remove the row.").arg(where);
    if (t.size() > MaxOnConnectChars)
        return QStringLiteral("%1 is %2 characters long; at most %3 are sent.").arg(where).arg(t.size()).arg(MaxOnConnectChars);
    if (t.startsWith(QLatin1Char('{')) || t.startsWith(QLatin1Char('['))) {
        const QString problem = jsonProblem(t);
        if (!problem.isEmpty())
            return QStringLiteral("%1 is not valid JSON (%2). Messages that do not start with { or [ are "
                                  "sent as plain text.").arg(where, problem);
    }
    return QString();
}

QString ConnectionSpec::checkTransportOptions(FeedTransport transport, int pollIntervalMs,
                                              const QString &socketIoNamespace, const QString &socketIoAuth)
{
    if (transport == FeedTransport::HttpPoll && (pollIntervalMs < MinPollIntervalMs || pollIntervalMs > MaxPollIntervalMs))
        return QStringLiteral("The poll interval must be between %1 s and 24 h; it is %2 ms.")
            .arg(MinPollIntervalMs / 1000.0).arg(pollIntervalMs);
    if (transport != FeedTransport::SocketIo)
        return QString();
    static const QRegularExpression nsPattern(QStringLiteral("^/[!-~]{0,199}$"));
    if (!nsPattern.match(socketIoNamespace).hasMatch())
        return QStringLiteral("The Socket.IO namespace \"%1\" must start with / and hold no spaces or control "
                              "characters (at most 200), e.g. / or /prices.").arg(shortened(socketIoNamespace));
    const QString auth = socketIoAuth.trimmed();
    if (auth.isEmpty())
        return QString();
    if (auth.size() > MaxSocketIoAuthChars)
        return QStringLiteral("The Socket.IO auth is longer than %1 characters.").arg(MaxSocketIoAuthChars);
    if (!auth.startsWith(QLatin1Char('{')))
        return QStringLiteral("The Socket.IO auth must be a JSON object such as {\"token\": \"…\"}, "
                              "not a list or a single value.");
    const QString problem = jsonProblem(auth);
    if (!problem.isEmpty())
        return QStringLiteral("The Socket.IO auth is not valid JSON (%1); expected an object such as "
                              "{\"token\": \"…\"}.").arg(problem);
    if (!QJsonDocument::fromJson(auth.toUtf8()).isObject())
        return QStringLiteral("The Socket.IO auth must be a JSON object such as {\"token\": \"…\"}, "
                              "not a list or a single value.");
    return QString();
}

namespace {
const char *const kTransportNames[] = {"auto", "websocket", "socketio", "sse", "poll"};
}

QString ConnectionSpec::transportName(FeedTransport transport)
{
    return QLatin1String(kTransportNames[int(transport)]);
}

bool ConnectionSpec::transportFromName(const QString &name, FeedTransport *out)
{
    for (int i = 0; i < 5; ++i) {
        if (name == QLatin1String(kTransportNames[i])) {
            *out = FeedTransport(i);
            return true;
        }
    }
    return false;
}

QString ConnectionSpec::parseHeaders(const QString &text, QList<QPair<QByteArray, QByteArray>> *out)
{
    static const QStringList reserved = {
        QStringLiteral("host"), QStringLiteral("upgrade"), QStringLiteral("connection"),
        QStringLiteral("content-length"), QStringLiteral("sec-websocket-key"),
        QStringLiteral("sec-websocket-version"), QStringLiteral("sec-websocket-extensions"),
        QStringLiteral("sec-websocket-protocol")};
    const QStringList lines = text.split(QLatin1Char('\n'));
    int count = 0;
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        const QString where = QStringLiteral("Header line %1").arg(i + 1);
        if (++count > MaxHeaders)
            return QStringLiteral("Too many headers: at most %1 are allowed.").arg(MaxHeaders);
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return QStringLiteral("%1: \"%2\" is not \"Name: value\".").arg(where, shortened(line.trimmed()));
        const QString name = line.left(colon).trimmed();
        const QString value = line.mid(colon + 1).trimmed();
        if (!isToken(name))
            return QStringLiteral("%1: \"%2\" is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only).")
                .arg(where, shortened(name));
        if (reserved.contains(name.toLower()))
            return QStringLiteral("%1: %2 is set by the WebSocket handshake itself%3.")
                .arg(where, name, name.compare(QLatin1String("sec-websocket-protocol"), Qt::CaseInsensitive) == 0
                                      ? QStringLiteral("; use the Subprotocols field") : QString());
        if (value.size() > MaxHeaderValueChars)
            return QStringLiteral("%1: the value is longer than %2 characters.").arg(where).arg(MaxHeaderValueChars);
        for (QChar c : value) {
            if (c.unicode() == 0 || c == QLatin1Char('\r'))
                return QStringLiteral("%1: the value contains a control character.").arg(where);
        }
        if (out)
            out->append({name.toLatin1(), value.toUtf8()});
    }
    return QString();
}

QString ConnectionSpec::parseSubprotocols(const QString &text, QStringList *out)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    const QStringList items = text.split(separators, Qt::SkipEmptyParts);
    if (items.size() > MaxSubprotocols)
        return QStringLiteral("Too many subprotocols: at most %1 are allowed.").arg(MaxSubprotocols);
    for (const QString &p : items) {
        if (!isToken(p))
            return QStringLiteral("\"%1\" is not a valid subprotocol name (letters, digits and !#$%&'*+-.^_`|~ only).")
                .arg(shortened(p));
    }
    if (out)
        *out = items;
    return QString();
}

QString ConnectionSpec::parsePin(const QString &text, QByteArray *hexOut)
{
    QString hex = text.trimmed();
    hex.remove(QLatin1Char(':'));
    hex.remove(QLatin1Char(' '));
    if (hex.isEmpty())
        return QString();
    const QString expected = QStringLiteral("The TLS pin must be the SHA-256 fingerprint of the server certificate: "
                                            "64 hex digits (colons allowed)");
    if (hex.size() != 64)
        return QStringLiteral("%1; this one has %2 digits.").arg(expected).arg(hex.size());
    for (QChar c : hex) {
        const QChar l = c.toLower();
        if (!((l >= QLatin1Char('0') && l <= QLatin1Char('9')) || (l >= QLatin1Char('a') && l <= QLatin1Char('f'))))
            return QStringLiteral("%1; \"%2\" is not a hex digit.").arg(expected, QString(c));
    }
    if (hexOut)
        *hexOut = hex.toLower().toLatin1();
    return QString();
}


QString ConnectionSpec::checkProxy(const QString &mode, const QString &url, const QString &user,
                                   const QString &password, FeedEndpoint *apply)
{
    ProxySetting::Mode m = ProxySetting::Mode::System;
    if (!ProxySetting::modeFromName(mode, &m))
        return QStringLiteral("Unknown proxy setting \"%1\"; choose System proxy, No proxy or Manual.").arg(shortened(mode, 40));
    QUrl address;
    if (m == ProxySetting::Mode::Manual) {
        QString e = ProxySetting::checkAddress(url, false, &address);
        if (e.isEmpty())
            e = ProxySetting::checkLogin(user, password);
        if (!e.isEmpty())
            return e;
        if (!user.isEmpty()) {
            address.setUserName(user, QUrl::DecodedMode);
            address.setPassword(password, QUrl::DecodedMode);
        }
    }
    if (apply)
        ProxySetting::apply(m, address, apply);
    return QString();
}
