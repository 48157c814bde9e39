#include "webresponder.h"
#include "webassets.h"

#include <QUrl>

namespace WebResponder {
namespace {
struct Request
{
    QByteArray method, target, version, host, ifNoneMatch, connection;
    int hostCount = 0;
    bool hasBody = false;
    QString error;            // malformed: why
};

bool isToken(const QByteArray &s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!(QChar::isLetterOrNumber(uchar(c)) && uchar(c) < 0x80) && !QByteArray("!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

Request parse(const QByteArray &head)
{
    Request r;
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &l : lines) {
        if (l.endsWith('\r'))
            l.chop(1);
    }
    const QList<QByteArray> first = lines.value(0).split(' ');
    if (first.size() != 3)
        return r.error = QStringLiteral("malformed request line"), r;
    r.method = first.at(0);
    r.target = first.at(1);
    r.version = first.at(2);
    if (!isToken(r.method) || (r.version != "HTTP/1.1" && r.version != "HTTP/1.0"))
        return r.error = QStringLiteral("malformed request line"), r;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.isEmpty())
            continue;   // the blank line(s) ending the head
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.left(colon)))
            return r.error = QStringLiteral("malformed header line"), r;
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "host") {
            r.host = value;
            ++r.hostCount;
        } else if (name == "if-none-match") {
            r.ifNoneMatch = value;
        } else if (name == "connection") {
            r.connection += value.toLower() + ',';
        } else if (name == "transfer-encoding" || (name == "content-length" && value != "0")) {
            r.hasBody = true;
        }
    }
    return r;
}

// What every answer carries: nothing may run, frame or sniff what it did not ask for.
QByteArray securityHeaders(const QByteArray &connectSrc)
{
    return "Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; "
           "img-src 'self'; connect-src 'self'" + connectSrc + "; base-uri 'none'; form-action 'none'; "
           "frame-ancestors 'none'\r\n"
           "X-Content-Type-Options: nosniff\r\n"
           "X-Frame-Options: DENY\r\n"
           "Referrer-Policy: no-referrer\r\n"
           "Cross-Origin-Opener-Policy: same-origin\r\n"
           "Cross-Origin-Resource-Policy: same-origin\r\n";
}

Answer error(int status, const QByteArray &text, const QString &message, const QByteArray &extra = {})
{
    Answer a;
    a.status = status;
    a.body = message.toUtf8() + '\n';
    a.head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + text + "\r\nServer: Pulseboard hub\r\n"
             + extra + securityHeaders({}) + "Content-Type: text/plain; charset=utf-8\r\n"
             "Cache-Control: no-store\r\nConnection: close\r\nContent-Length: "
             + QByteArray::number(a.body.size()) + "\r\n\r\n";
    a.close = true;
    a.reason = QStringLiteral("HTTP %1: %2").arg(status).arg(message.left(300));
    return a;
}

// The decoded path, or an empty string when the target is not an acceptable path:
// printable ASCII only, no NUL or backslash once decoded, no "." / ".." / empty segment.
QString cleanPath(const QByteArray &target, QString *why)
{
    QByteArray path = target;
    const qsizetype q = path.indexOf('?');
    if (q >= 0)
        path.truncate(q);
    for (char c : path) {
        if (uchar(c) <= 0x20 || uchar(c) >= 0x7f || c == '\\') {
            *why = QStringLiteral("the path holds a control, space, backslash or non-ASCII byte");
            return {};
        }
    }
    if (!path.startsWith('/')) {
        *why = QStringLiteral("the request target must be a path starting with /");
        return {};
    }
    const QByteArray decoded = QByteArray::fromPercentEncoding(path);
    if (decoded.contains('\0') || decoded.contains('\\')) {
        *why = QStringLiteral("the decoded path holds NUL or a backslash");
        return {};
    }
    const QList<QByteArray> segments = decoded.mid(1).split('/');
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QByteArray &s = segments.at(i);
        if (s == "." || s == ".." || (s.isEmpty() && !(i == 0 && segments.size() == 1))) {
            *why = QStringLiteral("the path has a \".\", \"..\" or empty segment");
            return {};
        }
    }
    return QString::fromUtf8(decoded);
}
} // namespace

bool isWebSocketAttempt(const QByteArray &head)
{
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray l = line.trimmed().toLower();
        if (l.startsWith("upgrade:") || l.startsWith("sec-websocket-key:"))
            return true;
    }
    return false;
}

namespace {
Answer respond(const Request &r, const OriginRule::Listener &listener, const QStringList &allowedOrigins,
               bool keepAliveAllowed, const WebAssets &assets);
} // namespace

Answer answer(const QByteArray &head, const OriginRule::Listener &listener,
              const QStringList &allowedOrigins, bool keepAliveAllowed, const WebAssets &assets)
{
    const Request r = parse(head);
    Answer a = respond(r, listener, allowedOrigins, keepAliveAllowed, assets);
    if (r.method == "HEAD")
        a.body.clear();   // the same head (Content-Length included), never a body
    return a;
}

namespace {
Answer respond(const Request &r, const OriginRule::Listener &listener, const QStringList &allowedOrigins,
               bool keepAliveAllowed, const WebAssets &assets)
{
    if (!r.error.isEmpty())
        return error(400, "Bad Request", QStringLiteral("Bad request: %1.").arg(r.error));
    if (r.target.size() > kMaxTargetBytes)
        return error(414, "URI Too Long",
                     QStringLiteral("The request target is longer than %1 bytes.").arg(kMaxTargetBytes));
    if (r.method != "GET" && r.method != "HEAD")
        return error(405, "Method Not Allowed",
                     QStringLiteral("Method %1 is not allowed: this hub serves its page with GET and HEAD only.")
                         .arg(QString::fromLatin1(r.method.left(20))),
                     "Allow: GET, HEAD\r\n");
    if (r.hasBody)
        return error(400, "Bad Request", QStringLiteral("Bad request: a GET or HEAD must not carry a body."));
    if (r.hostCount != 1)
        return error(400, "Bad Request", QStringLiteral("Bad request: exactly one Host header is needed."));
    if (!OriginRule::isTrustedHost(r.host, listener, allowedOrigins))
        return error(421, "Misdirected Request",
                     QStringLiteral("This hub answers only to its IP address, localhost or its host name on port %1; "
                                    "open the page by one of those, or have the host allow this name "
                                    "(--allow-origin http://NAME:PORT).").arg(listener.port));
    QString why;
    const QString path = cleanPath(r.target, &why);
    if (path.isEmpty())
        return error(400, "Bad Request", QStringLiteral("Bad request: %1.").arg(why));
    const WebAssets::Asset *asset = assets.find(path);
    if (!asset)
        return error(404, "Not Found", QStringLiteral("No such page: %1").arg(path.left(200)));

    Answer a;
    a.close = !keepAliveAllowed || r.version == "HTTP/1.0" || r.connection.contains("close,");
    QByteArray tags = r.ifNoneMatch;
    tags.replace(' ', "");
    const bool notModified = tags == "*" || tags.split(',').contains(asset->etag);
    a.status = notModified ? 304 : 200;
    const QByteArray scheme = listener.tls ? " wss://" : " ws://";
    a.head = (notModified ? "HTTP/1.1 304 Not Modified\r\n" : "HTTP/1.1 200 OK\r\n")
             + QByteArray("Server: Pulseboard hub\r\n")
             + securityHeaders(scheme + r.host.toLower())
             + "Content-Type: " + asset->contentType + "\r\n"
             "Cache-Control: no-cache\r\n"        // revalidate with the ETag: the files have no version in their names
             "ETag: " + asset->etag + "\r\n"
             + (a.close ? "Connection: close\r\n" : "Connection: keep-alive\r\n")
             + (notModified ? QByteArray() : "Content-Length: " + QByteArray::number(asset->body.size()) + "\r\n")
             + "\r\n";
    if (!notModified)
        a.body = asset->body;   // shared, not copied (answer() drops it for HEAD)
    return a;
}
} // namespace

} // namespace WebResponder
