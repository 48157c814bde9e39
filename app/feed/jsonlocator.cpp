#include "jsonlocator.h"

#include <algorithm>

namespace {
constexpr int kMaxScanDepth = 64;   // profiles are shallow; deeper values are skipped, not indexed

bool isIdentifier(const QString &key)
{
    if (key.isEmpty())
        return false;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key.at(i);
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_'
                || (i > 0 && c >= u'0' && c <= u'9');
        if (!ok)
            return false;
    }
    return true;
}
} // namespace

JsonLocator::JsonLocator(const QByteArray &text) : m_text(text)
{
    skipSpace();
    m_offsets.insert(QString(), int(m_pos));
    scanValue(QString(), 0);
}

QString JsonLocator::keyPath(const QString &parent, const QString &key)
{
    if (isIdentifier(key))
        return parent.isEmpty() ? key : parent + u'.' + key;
    // Quoted like a JSON string; control characters escaped so an error message cannot
    // carry terminal escape sequences from a hostile file.
    QString quoted;
    quoted.reserve(key.size() + 2);
    for (QChar c : key) {
        if (c == u'\\' || c == u'"')
            quoted.append(u'\\').append(c);
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            quoted.append(QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0')));
        else
            quoted.append(c);
    }
    return parent + QLatin1String("[\"") + quoted + QLatin1String("\"]");
}

QString JsonLocator::indexPath(const QString &parent, int index)
{
    return parent + u'[' + QString::number(index) + u']';
}

int JsonLocator::lineAt(const QByteArray &text, int offset)
{
    const qsizetype end = std::clamp<qsizetype>(offset, 0, text.size());
    return 1 + int(QByteArrayView(text.constData(), end).count('\n'));
}

int JsonLocator::columnAt(const QByteArray &text, int offset)
{
    const qsizetype end = std::clamp<qsizetype>(offset, 0, text.size());
    const qsizetype lineStart = QByteArrayView(text.constData(), end).lastIndexOf('\n') + 1;
    return int(end - lineStart) + 1;
}

void JsonLocator::skipSpace()
{
    while (!atEnd()) {
        const char c = m_text.at(m_pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        ++m_pos;
    }
}

QString JsonLocator::readString()
{
    // At the opening quote. Collects UTF-8 bytes, decoding escapes.
    QByteArray raw;
    QString out;
    ++m_pos;
    auto flush = [&] { out += QString::fromUtf8(raw); raw.clear(); };
    while (!atEnd()) {
        const char c = m_text.at(m_pos++);
        if (c == '"')
            break;
        if (c != '\\') {
            raw.append(c);
            continue;
        }
        if (atEnd())
            break;
        const char e = m_text.at(m_pos++);
        switch (e) {
        case 'b': raw.append('\b'); break;
        case 'f': raw.append('\f'); break;
        case 'n': raw.append('\n'); break;
        case 'r': raw.append('\r'); break;
        case 't': raw.append('\t'); break;
        case 'u': {
            bool ok = false;
            const ushort unit = m_text.mid(m_pos, 4).toUShort(&ok, 16);
            m_pos += 4;
            flush();
            out.append(QChar(ok ? unit : 0xfffd));   // surrogate halves pair up in the QString
            break;
        }
        default: raw.append(e); break;   // \" \\ \/
        }
    }
    flush();
    return out;
}

void JsonLocator::skipValue()
{
    int depth = 0;
    while (!atEnd()) {
        const char c = m_text.at(m_pos);
        if (c == '"') {
            readString();
            if (depth == 0)
                return;
        } else if (c == '{' || c == '[') {
            ++depth;
            ++m_pos;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return;             // the parent's closer
            ++m_pos;
            if (--depth == 0)
                return;
        } else if (depth == 0 && QByteArrayView(", \t\r\n").contains(c)) {
            return;                 // end of a scalar
        } else {
            ++m_pos;
        }
    }
}

void JsonLocator::scanValue(const QString &path, int depth)
{
    skipSpace();
    if (atEnd())
        return;
    if (depth > kMaxScanDepth) {
        skipValue();
        return;
    }
    const char c = m_text.at(m_pos);
    if (c == '{' || c == '[') {
        const bool isObject = c == '{';
        const char close = isObject ? '}' : ']';
        ++m_pos;
        for (int index = 0; !atEnd(); ++index) {
            skipSpace();
            if (atEnd() || m_text.at(m_pos) == close) {
                ++m_pos;
                return;
            }
            QString childPath;
            if (isObject) {
                const int keyOffset = int(m_pos);
                childPath = keyPath(path, readString());
                m_offsets.insert(childPath, keyOffset);
                skipSpace();
                if (!atEnd() && m_text.at(m_pos) == ':')
                    ++m_pos;
                skipSpace();
            } else {
                childPath = indexPath(path, index);
                m_offsets.insert(childPath, int(m_pos));
            }
            const qsizetype before = m_pos;
            scanValue(childPath, depth + 1);
            skipSpace();
            if (!atEnd() && m_text.at(m_pos) == ',')
                ++m_pos;
            else if (m_pos == before)   // malformed: make progress or stop
                return;
        }
        return;
    }
    if (c == '"') {
        readString();
        return;
    }
    while (!atEnd() && !QByteArrayView(",]} \t\r\n").contains(m_text.at(m_pos)))
        ++m_pos;
}
