#include "wsupgrade.h"
#include "hubnames.h"
#include "peertext.h"

#include <QCryptographicHash>
#include <QUrl>

namespace WsUpgrade {
namespace {
Verdict refuse(int status, const QByteArray &text, const QString &reason, const QByteArray &extra = {})
{
    Verdict v;
    v.status = status;
    v.statusText = text;
    v.reason = reason;
    v.extraHeaders = extra;
    return v;
}

// Comma-separated HTTP token list (case-insensitive) contains `token`.
bool hasToken(const QByteArray &list, const QByteArray &token)
{
    for (const QByteArray &part : list.split(','))
        if (part.trimmed().toLower() == token)
            return true;
    return false;
}
} // namespace

Request parse(const QByteArray &head)
{
    Request r;
    const QList<QByteArray> lines = head.split('\n');
    if (lines.isEmpty())
        return r.error = QStringLiteral("empty request"), r;
    const QList<QByteArray> first = lines.first().trimmed().split(' ');
    if (first.size() != 3 || !first.at(2).startsWith("HTTP/1."))
        return r.error = QStringLiteral("malformed request line"), r;
    r.method = QString::fromLatin1(first.at(0));
    if (r.method != QLatin1String("GET"))
        return r.error = QStringLiteral("method must be GET"), r;
    QByteArray target = first.at(1);
    const qsizetype q = target.indexOf('?');
    if (q >= 0)
        target.truncate(q);
    if (!target.startsWith('/'))
        return r.error = QStringLiteral("request target must be a path"), r;
    r.path = QUrl::fromPercentEncoding(target);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "origin" || name == "sec-websocket-origin")
            r.origin = QString::fromUtf8(value);
        else if (name == "sec-websocket-key")
            r.key = value;
        else if (name == "sec-websocket-version")
            r.version = value;
        else if (name == "upgrade")
            r.upgrade = value;
        else if (name == "connection")
            r.connection = r.connection.isEmpty() ? value : r.connection + ',' + value;
        else if (name == "host") {
            r.host = value;
            r.hasHost = true;
        }
    }
    r.ok = true;
    return r;
}

Verdict judge(const Request &req, const QStringList &allowedOrigins, bool rawTopicsAllowed)
{
    if (!req.ok)
        return refuse(400, "Bad Request", QStringLiteral("bad upgrade request: %1").arg(req.error));
    if (!req.origin.isEmpty() && !allowedOrigins.contains(req.origin))
        return refuse(403, "Forbidden",
                      QStringLiteral("Origin \"%1\" is not on the allowlist").arg(PeerText::printable(req.origin, 200)));
    Verdict v;
    if (req.path == QLatin1String("/")) {
        v.route = Route::Chat;
    } else if (req.path.startsWith(QLatin1String("/topics/")) && HubNames::isValidTopic(req.path.mid(8))) {
        if (!rawTopicsAllowed)
            return refuse(403, "Forbidden",
                          QStringLiteral("raw topic streams are disabled on a password-protected hub"));
        v.route = Route::Topic;
        v.topic = req.path.mid(8);
    } else {
        return refuse(404, "Not Found", QStringLiteral("no such path \"%1\"").arg(PeerText::printable(req.path, 200)));
    }
    if (req.upgrade.trimmed().toLower() != "websocket")
        return refuse(400, "Bad Request", QStringLiteral("bad upgrade request: Upgrade is not \"websocket\""));
    if (!hasToken(req.connection, "upgrade"))
        return refuse(400, "Bad Request", QStringLiteral("bad upgrade request: Connection lacks \"Upgrade\""));
    if (!req.hasHost)
        return refuse(400, "Bad Request", QStringLiteral("bad upgrade request: no Host header"));
    if (req.version != "13")
        return refuse(426, "Upgrade Required",
                      QStringLiteral("unsupported WebSocket version \"%1\"")
                          .arg(PeerText::printable(req.version, 20)),
                      "Sec-WebSocket-Version: 13\r\n");
    const auto key = QByteArray::fromBase64Encoding(req.key, QByteArray::AbortOnBase64DecodingErrors);
    if (req.key.size() != 24 || !key || key.decoded.size() != 16)
        return refuse(400, "Bad Request",
                      QStringLiteral("bad upgrade request: Sec-WebSocket-Key is not 16 bytes in base64"));
    return v;
}

QByteArray acceptKey(const QByteArray &key)
{
    return QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                    QCryptographicHash::Sha1).toBase64();
}

QByteArray switchingProtocols(const QByteArray &key)
{
    return "HTTP/1.1 101 Switching Protocols\r\nServer: Pulseboard hub\r\nUpgrade: websocket\r\n"
           "Connection: Upgrade\r\nSec-WebSocket-Accept: " + acceptKey(key) + "\r\n\r\n";
}

QByteArray errorResponse(int status, const QByteArray &statusText, const QByteArray &extraHeaders)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText + "\r\n" + extraHeaders
           + "Connection: close\r\nContent-Length: 0\r\n\r\n";
}

} // namespace WsUpgrade
