// libFuzzer target: the client role of the WebSocket upgrade (fuzz_wsupgrade has the
// server role): WsClientHandshake::read on the server's HTTP response head, and
// ProxyTunnel::read on an HTTP proxy's answer to CONNECT, the two heads a feed's server
// (or a proxy on the way) sends WsClient before any frame. The first byte picks the offer
// (subprotocols or none, permessage-deflate or not), the proxy (with a user or not), which
// reader runs and where the bytes are cut; the rest is the head, frames may follow.
// Checks beyond "no crash, no sanitizer report":
//  - NeedMore only while no complete head is within the bound, and it says nothing;
//  - a refusal says why, on one line without control characters (the server's status
//    text and header values are quoted in it), within 1,000 characters;
//  - an acceptance is HTTP 101 (2xx for the proxy) with headBytes just past the blank line,
//    within the bound; the subprotocol is one we offered; deflate only when offered, with
//    window bits the reader can honour (server 8..15, client 9..15);
//  - read as a stream: every prefix before the blank line is NeedMore, and the head alone
//    gives the same answer as the head with what follows.
#include "proxytunnel.h"
#include "wsclienthandshake.h"

#include <QByteArray>
#include <QNetworkProxy>
#include <QString>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

const QByteArray kKey = "dGhlIHNhbXBsZSBub25jZQ==";   // RFC 6455's sample; accept s3pPLMBiTxaQ9kYGzzhZRbK+xOo=

[[noreturn]] void failed(const char *what, const QString &detail = QString())
{
    std::fprintf(stderr, "fuzz_wshandshake: %s %s\n", what, qPrintable(detail));
    std::abort();
}

void checkError(const QString &error)
{
    if (error.isEmpty())
        failed("a refusal without a reason");
    if (error.size() > 1000)
        failed("a refusal over 1,000 characters:", error.left(200));
    for (QChar c : error)
        if (c.category() == QChar::Other_Control)
            failed("a control character in the refusal:", error.toUtf8().toPercentEncoding(" :\"(),./"));
}

bool same(const WsClientHandshake::Answer &a, const WsClientHandshake::Answer &b)
{
    return a.status == b.status && a.headBytes == b.headBytes && a.httpStatus == b.httpStatus && a.error == b.error
            && a.subprotocol == b.subprotocol && a.deflate == b.deflate
            && a.deflateParams.serverMaxWindowBits == b.deflateParams.serverMaxWindowBits
            && a.deflateParams.clientMaxWindowBits == b.deflateParams.clientMaxWindowBits
            && a.deflateParams.serverNoContextTakeover == b.deflateParams.serverNoContextTakeover
            && a.deflateParams.clientNoContextTakeover == b.deflateParams.clientNoContextTakeover;
}

void client(const QByteArray &in, quint8 variant, qsizetype cut)
{
    using Status = WsClientHandshake::Answer::Status;
    WsClientHandshake::Offer offer;
    offer.url = QUrl(QStringLiteral("ws://127.0.0.1:9000/feed"));
    if (variant & 1)
        offer.subprotocols = { QStringLiteral("chat"), QStringLiteral("v2.pulse") };
    offer.offerDeflate = variant & 2;
    const WsClientHandshake::Answer a = WsClientHandshake::read(in, kKey, offer);
    const qsizetype blank = in.indexOf("\r\n\r\n");
    const bool complete = blank >= 0 && blank + 4 <= WsClientHandshake::kMaxHeadBytes;
    switch (a.status) {
    case Status::NeedMore:
        if (complete || in.size() >= WsClientHandshake::kMaxHeadBytes || !a.error.isEmpty() || a.headBytes != 0)
            failed("NeedMore with a complete head, over the bound, or with a result");
        return;
    case Status::Refused:
        checkError(a.error);
        break;
    case Status::Accepted:
        if (a.httpStatus != 101 || a.headBytes != blank + 4 || a.headBytes > WsClientHandshake::kMaxHeadBytes)
            failed("accepted without 101 or with a wrong head length");
        if (!a.subprotocol.isEmpty() && !offer.subprotocols.contains(a.subprotocol))
            failed("accepted a subprotocol we did not offer:", a.subprotocol);
        if (a.deflate
            && (!offer.offerDeflate || a.deflateParams.serverMaxWindowBits < 8 || a.deflateParams.serverMaxWindowBits > 15
                || a.deflateParams.clientMaxWindowBits < 9 || a.deflateParams.clientMaxWindowBits > 15))
            failed("deflate not offered, or window bits out of range");
        break;
    }
    if (!complete)
        return;   // refused for its size: nothing to read as a stream
    // As a stream: a prefix before the blank line waits; the head alone decides the same.
    if (cut < blank + 4 && WsClientHandshake::read(in.left(cut), kKey, offer).status != Status::NeedMore)
        failed("a prefix of the head did not wait for the rest");
    if (!same(WsClientHandshake::read(in.left(blank + 4), kKey, offer), a))
        failed("the bytes after the head changed the answer");
}

void proxy(const QByteArray &in, quint8 variant, qsizetype cut)
{
    using Status = ProxyTunnel::Reply::Status;
    QNetworkProxy p(QNetworkProxy::HttpProxy, QStringLiteral("10.0.0.1"), 3128);
    if (variant & 1)
        p.setUser(QStringLiteral("ann"));
    const QString target = QStringLiteral("feed.example:443");
    const ProxyTunnel::Reply r = ProxyTunnel::read(in, p, target);
    const qsizetype blank = in.indexOf("\r\n\r\n");
    const bool complete = blank >= 0 && blank + 4 <= ProxyTunnel::kMaxHeadBytes;
    switch (r.status) {
    case Status::NeedMore:
        if (complete || in.size() >= ProxyTunnel::kMaxHeadBytes || !r.error.isEmpty())
            failed("proxy: NeedMore with a complete head, over the bound, or with an error");
        return;
    case Status::Refused:
        checkError(r.error);
        break;
    case Status::Open:
        if (r.httpStatus < 200 || r.httpStatus > 299 || r.headBytes != blank + 4)
            failed("proxy: open without 2xx or with a wrong head length");
        break;
    }
    if (!complete)
        return;
    if (cut < blank + 4 && ProxyTunnel::read(in.left(cut), p, target).status != Status::NeedMore)
        failed("proxy: a prefix of the head did not wait for the rest");
    const ProxyTunnel::Reply alone = ProxyTunnel::read(in.left(blank + 4), p, target);
    if (alone.status != r.status || alone.error != r.error || alone.headBytes != r.headBytes)
        failed("proxy: the bytes after the head changed the answer");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const quint8 variant = data[0];
    const QByteArray in(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype cut = in.isEmpty() ? 0 : qsizetype(variant >> 3) * in.size() / 32;   // 0..31/32 of the input
    if (variant & 4)
        proxy(in, variant, cut);
    else
        client(in, variant, cut);
    return 0;
}
