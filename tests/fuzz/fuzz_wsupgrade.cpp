// libFuzzer target: WsUpgrade, the hub's reading of an HTTP upgrade request (server
// role). parse() then judge() with and without an Origin allowlist and raw topics; an
// accepted request must carry a 16-byte base64 key and version 13, and the 101 answer
// is built from it; a refusal's reason (which quotes the client's path, Origin and
// version) has no control character. The client role is fuzz_wshandshake.
#include "wsupgrade.h"

#include <QByteArray>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray head(reinterpret_cast<const char *>(data), qsizetype(size));
    const WsUpgrade::Request request = WsUpgrade::parse(head);
    if (!request.ok) {
        if (request.error.isEmpty())
            std::abort();   // a refusal must say why
        return 0;
    }
    static const QStringList origins{QStringLiteral("http://example.invalid"), QStringLiteral("https://a.b:8443")};
    for (int variant = 0; variant < 4; ++variant) {
        const WsUpgrade::Verdict v = WsUpgrade::judge(request, variant & 1 ? origins : QStringList{}, variant & 2);
        if (v.status == 0) {
            if (QByteArray::fromBase64(request.key).size() != 16 || request.version.trimmed() != "13")
                std::abort();
            const QByteArray answer = WsUpgrade::switchingProtocols(request.key);
            if (!answer.startsWith("HTTP/1.1 101 ") || !answer.endsWith("\r\n\r\n"))
                std::abort();
        } else {
            if (v.status < 400 || v.status > 599 || v.reason.isEmpty())
                std::abort();
            for (QChar c : v.reason)
                if (c.category() == QChar::Other_Control)
                    std::abort();   // the hub logs it: one readable line (PeerText)
            (void)WsUpgrade::errorResponse(v.status, v.statusText, v.extraHeaders);
        }
    }
    return 0;
}
