// PeerText: how a peer's own words (an HTTP status line, a header value, a request path,
// an extension name) are quoted in the errors people read. WsClientHandshake, WsDeflate,
// ProxyTunnel (what a server or proxy answered) and WsUpgrade (what a client asked the
// hub) use it. At most maxChars characters, and every control character (C0, DEL, C1: a
// NUL, a carriage return, an ANSI escape sequence sent by a hostile peer) shown as U+FFFD,
// so an error stays one readable line in the window and in a headless run's log.
// fuzz_wshandshake and fuzz_wsupgrade check that no refusal carries a control character.
#pragma once
#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace PeerText {

inline QString printable(QStringView text, qsizetype maxChars)
{
    QString out = text.first(qMin(maxChars, text.size())).toString();
    for (QChar &c : out)
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() < 0xa0))
            c = QChar(QChar::ReplacementCharacter);
    return out;
}

// HTTP heads are bytes: read as Latin-1, as the header values always were.
inline QString printable(QByteArrayView latin1, qsizetype maxChars)
{
    const QString text = QString::fromLatin1(latin1.first(qMin(maxChars, latin1.size())));
    return printable(QStringView(text), maxChars);
}

} // namespace PeerText
