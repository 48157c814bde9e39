#include "hubnames.h"

namespace {
bool isAsciiAlnum(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
}
} // namespace

namespace HubNames {

bool isValidNick(const QString &nick)
{
    if (nick.isEmpty() || nick.size() > 24 || !isAsciiAlnum(nick.front()))
        return false;
    for (QChar c : nick) {
        if (!isAsciiAlnum(c) && c != u'_' && c != u'.' && c != u'-')
            return false;
    }
    return nickKey(nick) != QLatin1String("hub");
}

QString nickKey(const QString &nick)
{
    return nick.toLower();
}

bool isValidRoom(const QString &room)
{
    if (room.isEmpty() || room.size() > 32)
        return false;
    for (qsizetype i = 0; i < room.size(); ++i) {
        const char16_t u = room.at(i).unicode();
        const bool alnum = (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9');
        if (!alnum && (i == 0 || (u != '_' && u != '-')))
            return false;
    }
    return true;
}

bool isValidTopic(const QString &topic)
{
    if (topic.isEmpty() || topic.size() > 128)
        return false;
    qsizetype segStart = 0;
    for (qsizetype i = 0; i <= topic.size(); ++i) {
        if (i == topic.size() || topic.at(i) == u'/') {
            const QStringView seg = QStringView(topic).mid(segStart, i - segStart);
            if (seg.isEmpty() || seg == u"." || seg == u"..")
                return false;
            segStart = i + 1;
            continue;
        }
        const QChar c = topic.at(i);
        if (!isAsciiAlnum(c) && c != u'_' && c != u'.' && c != u'-')
            return false;
    }
    return true;
}

bool isCleanText(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text.at(i).unicode();
        // C0 (but TAB, LF), DEL and C1 (U+0080-U+009F): invisible, and C1 codes such as
        // U+009B (CSI) act as terminal escapes where a client prints text as it came.
        if ((u < 0x20 && u != '\t' && u != '\n') || (u >= 0x7f && u <= 0x9f))
            return false;
        if (QChar::isHighSurrogate(u)) {
            if (i + 1 >= text.size() || !QChar::isLowSurrogate(text.at(i + 1).unicode()))
                return false;
            ++i;
        } else if (QChar::isLowSurrogate(u)) {
            return false;
        }
    }
    return true;
}

} // namespace HubNames
