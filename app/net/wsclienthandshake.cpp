#include "wsclienthandshake.h"
#include "peertext.h"
#include "wsupgrade.h"

#include <QRandomGenerator>

namespace WsClientHandshake {
namespace {
bool hasToken(const QByteArray &list, const QByteArray &token)
{
    for (const QByteArray &part : list.split(','))
        if (part.trimmed().toLower() == token)
            return true;
    return false;
}

Answer refuse(int status, const QString &error)
{
    Answer a;
    a.status = Answer::Status::Refused;
    a.httpStatus = status;
    a.error = error;
    return a;
}

QString hostPort(const QUrl &url)
{
    return QStringLiteral("%1:%2").arg(url.host()).arg(url.port(url.scheme() == QLatin1String("wss") ? 443 : 80));
}
} // namespace

QByteArray randomKey()
{
    QByteArray raw(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), 4);
    return raw.toBase64();
}

QByteArray request(const Offer &offer, const QByteArray &key)
{
    const QUrl &url = offer.url;
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    const int defaultPort = url.scheme() == QLatin1String("wss") ? 443 : 80;
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';   // IPv6 literal
    if (url.port(defaultPort) != defaultPort)
        host += ':' + QByteArray::number(url.port());
    QByteArray r = "GET " + target + " HTTP/1.1\r\nHost: " + host
                   + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                   + "\r\nSec-WebSocket-Version: 13\r\n";
    if (!offer.origin.isEmpty())
        r += "Origin: " + offer.origin + "\r\n";
    if (!offer.subprotocols.isEmpty())
        r += "Sec-WebSocket-Protocol: " + offer.subprotocols.join(QStringLiteral(", ")).toLatin1() + "\r\n";
    if (offer.offerDeflate)
        r += "Sec-WebSocket-Extensions: " + WsDeflate::offer() + "\r\n";
    for (const auto &[name, value] : offer.headers)
        r += name + ": " + value + "\r\n";
    return r + "\r\n";
}

Answer read(const QByteArray &in, const QByteArray &key, const Offer &offer)
{
    const QString server = hostPort(offer.url);
    const qsizetype end = in.indexOf("\r\n\r\n");
    if (end < 0 || end + 4 > kMaxHeadBytes) {
        if (in.size() >= kMaxHeadBytes)
            return refuse(0, QStringLiteral("%1 sent an HTTP response head over %2 KiB: "
                                            "not a WebSocket server?").arg(server).arg(kMaxHeadBytes / 1024));
        return {};
    }
    Answer a;
    a.headBytes = end + 4;
    const QList<QByteArray> lines = in.left(end).split('\n');
    const QList<QByteArray> first = lines.first().trimmed().split(' ');
    if (first.size() < 2 || !first.at(0).startsWith("HTTP/1."))
        return refuse(0, QStringLiteral("%1 did not answer with HTTP (is it a WebSocket server? "
                                        "check the port and ws:// vs wss://)").arg(server));
    bool numeric = false;
    a.httpStatus = first.at(1).toInt(&numeric);
    const QString statusLine = PeerText::printable(lines.first().trimmed().mid(first.at(0).size() + 1), 100);
    if (!numeric || a.httpStatus != 101) {
        QString hint;
        if (a.httpStatus == 401 || a.httpStatus == 403)
            hint = QStringLiteral(": check the credentials/headers the server expects");
        else if (a.httpStatus == 404)
            hint = QStringLiteral(": check the path in the URL");
        else if (a.httpStatus == 426)
            hint = QStringLiteral(": the server wants another WebSocket version");
        else if (a.httpStatus >= 200 && a.httpStatus < 300)
            hint = QStringLiteral(": the URL is a plain HTTP resource, not a WebSocket endpoint");
        return refuse(a.httpStatus, QStringLiteral("%1 refused the WebSocket upgrade with HTTP %2%3")
                                        .arg(server, statusLine, hint));
    }
    QByteArray upgrade, connection, accept, protocol, extensions;
    int protocolLines = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "upgrade")
            upgrade = value;
        else if (name == "connection")
            connection += (connection.isEmpty() ? "" : ",") + value;
        else if (name == "sec-websocket-accept")
            accept = value;
        else if (name == "sec-websocket-protocol")
            protocol = value, ++protocolLines;
        else if (name == "sec-websocket-extensions")
            extensions += (extensions.isEmpty() ? "" : ",") + value;
    }
    const QString bad = QStringLiteral("%1 answered the WebSocket upgrade incorrectly: %2").arg(server);
    if (upgrade.toLower() != "websocket")
        return refuse(101, bad.arg(QStringLiteral("no \"Upgrade: websocket\"")));
    if (!hasToken(connection, "upgrade"))
        return refuse(101, bad.arg(QStringLiteral("no \"Connection: Upgrade\"")));
    if (accept != WsUpgrade::acceptKey(key))
        return refuse(101, bad.arg(QStringLiteral("Sec-WebSocket-Accept does not match our key "
                                                  "(a proxy or server that does not speak RFC 6455)")));
    if (protocolLines > 1 || protocol.contains(','))
        return refuse(101, bad.arg(QStringLiteral("more than one subprotocol chosen")));
    if (!protocol.isEmpty()) {
        const QString chosen = QString::fromLatin1(protocol);
        if (!offer.subprotocols.contains(chosen))
            return refuse(101, bad.arg(QStringLiteral("it chose the subprotocol \"%1\", which was not offered (offered: %2)")
                                           .arg(PeerText::printable(protocol, 60), offer.subprotocols.isEmpty()
                                                                     ? QStringLiteral("none")
                                                                     : offer.subprotocols.join(QStringLiteral(", ")))));
        a.subprotocol = chosen;
    }
    QString why;
    if (!WsDeflate::negotiate(extensions, offer.offerDeflate, &a.deflate, &a.deflateParams, &why))
        return refuse(101, bad.arg(why));
    a.status = Answer::Status::Accepted;
    return a;
}

} // namespace WsClientHandshake
