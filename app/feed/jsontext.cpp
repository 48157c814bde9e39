#include "jsontext.h"

#include <QLocale>
#include <cmath>
#include <cstdio>

void JsonText::appendString(QByteArray &out, QStringView s)
{
    out.append('"');
    const QByteArray utf8 = s.toUtf8();
    for (char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (u < 0x20 || u == 0x7f) {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\u%04x", u);
                out.append(esc);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

void JsonText::appendNumber(QByteArray &out, double v)
{
    if (!std::isfinite(v))
        out.append("null");
    else
        out.append(QByteArray::number(v, 'g', QLocale::FloatingPointShortest));
}
