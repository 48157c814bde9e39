#include "jsontape.h"
#include "jsonpointer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>
#include <cmath>

namespace {

inline bool isWs(char16_t c) { return c == u' ' || c == u'\n' || c == u'\r' || c == u'\t'; }
inline bool isDigit(char16_t c) { return c >= u'0' && c <= u'9'; }
inline bool isHex(char16_t c)
{
    return isDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}
inline int hexValue(char16_t c)
{
    return isDigit(c) ? c - u'0' : (c >= u'a' && c <= u'f') ? c - u'a' + 10 : c - u'A' + 10;
}

// Scans the string whose opening quote is at s[i]; returns the index of the closing
// quote or -1. *escaped is set when the string contains a backslash escape. As lenient
// as QJsonDocument (so the same feeds parse): raw control characters are kept, and an
// unknown ASCII escape stands for its character; \u needs four hex digits; a backslash
// before a non-ASCII character is refused (QJsonDocument reads it as broken UTF-8).
inline qsizetype scanString(const char16_t *s, qsizetype n, qsizetype i, bool *escaped)
{
    for (++i; i < n; ++i) {
        const char16_t c = s[i];
        if (c == u'"')
            return i;
        if (c == u'\\') {
            *escaped = true;
            if (++i >= n || s[i] >= 0x80)
                return -1;
            if (s[i] == u'u') {
                if (i + 4 >= n || !isHex(s[i + 1]) || !isHex(s[i + 2]) || !isHex(s[i + 3]) || !isHex(s[i + 4]))
                    return -1;
                i += 4;
            }
        }
    }
    return -1;
}

// What QJsonDocument reads as a number: -? (0 | digits*) (. digits*)? ([eE] [+-]? digits+)?
// with at least one digit before the exponent ("1." and ".5" included, "-", "." and "1e"
// not). Returns the index after it, or -1.
inline qsizetype scanNumber(const char16_t *s, qsizetype n, qsizetype i)
{
    bool digits = false;
    if (s[i] == u'-')
        ++i;
    if (i < n && s[i] == u'0') {
        ++i;
        digits = true;
    } else {
        for (; i < n && isDigit(s[i]); ++i)
            digits = true;
    }
    if (i < n && s[i] == u'.')
        for (++i; i < n && isDigit(s[i]); ++i)
            digits = true;
    if (!digits)
        return -1;
    if (i < n && (s[i] == u'e' || s[i] == u'E')) {
        ++i;
        if (i < n && (s[i] == u'+' || s[i] == u'-'))
            ++i;
        if (i >= n || !isDigit(s[i]))
            return -1;
        while (i < n && isDigit(s[i]))
            ++i;
    }
    return i;
}

inline bool scanLiteral(const char16_t *s, qsizetype n, qsizetype i, const char16_t *word, qsizetype len)
{
    if (i + len > n)
        return false;
    for (qsizetype k = 0; k < len; ++k)
        if (s[i + k] != word[k])
            return false;
    return true;
}

// Number text (already syntax-checked) to double; false when it overflows.
bool toDouble(QStringView text, double *out)
{
    char buf[64];
    if (text.size() >= qsizetype(sizeof buf)) {
        bool ok = false;
        const double d = text.toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return false;
        *out = d;
        return true;
    }
    for (qsizetype i = 0; i < text.size(); ++i)
        buf[i] = char(text[i].unicode());
    const auto r = std::from_chars(buf, buf + text.size(), *out);
    return r.ec == std::errc() && std::isfinite(*out);
}

} // namespace

void JsonTape::clear()
{
    m_text = {};
    m_nodes.clear();
    if (m_nodes.capacity() > size_t(kKeepNodes)) {
        std::vector<Node>().swap(m_nodes);
        std::vector<int>().swap(m_stack);
    }
}

JsonTape::Status JsonTape::parse(QStringView text)
{
    clear();
    m_text = text;
    m_stack.clear();
    const char16_t *s = text.utf16();
    const qsizetype n = text.size();
    if (n > std::numeric_limits<qint32>::max() - 1)
        return Status::TooLarge;

    qsizetype i = (n > 1 && s[0] == 0xfeff) ? 1 : 0;   // a leading BOM, as QJsonDocument skips it
    while (i < n && isWs(s[i]))
        ++i;
    if (i >= n || (s[i] != u'{' && s[i] != u'['))
        return Status::Invalid;

    Node pending;                       // key of the value about to be parsed
    // A member key and its colon, at i after optional whitespace; i ends after the colon.
    auto readKey = [&](Node *member) {
        while (i < n && isWs(s[i]))
            ++i;
        if (i >= n || s[i] != u'"')
            return false;
        bool esc = false;
        const qsizetype q = scanString(s, n, i, &esc);
        if (q < 0)
            return false;
        member->keyBegin = qint32(i + 1);
        member->keyEnd = qint32(q);
        member->keyEscaped = esc;
        member->keySig = keySignature(s + i + 1, q - i - 1);
        i = q + 1;
        while (i < n && isWs(s[i]))
            ++i;
        if (i >= n || s[i] != u':')
            return false;
        ++i;
        return true;
    };
    for (;;) {
        while (i < n && isWs(s[i]))
            ++i;
        if (i >= n)
            return Status::Invalid;
        if (m_nodes.size() >= size_t(kMaxNodes))
            return Status::TooLarge;
        Node node = pending;
        pending.keyBegin = pending.keyEnd = -1;
        pending.keyEscaped = false;
        const char16_t c = s[i];
        bool closed = false;            // a value is complete at i
        if (c == u'{' || c == u'[') {
            if (m_stack.size() >= size_t(kMaxDepth))
                return Status::Invalid;
            node.kind = c == u'{' ? Kind::Object : Kind::Array;
            node.begin = qint32(i);
            m_stack.push_back(int(m_nodes.size()));
            m_nodes.push_back(node);
            ++i;
            while (i < n && isWs(s[i]))
                ++i;
            if (i < n && s[i] == (c == u'{' ? u'}' : u']')) {
                closed = true;          // empty container: closed below
            } else if (c == u'{') {
                if (!readKey(&pending))
                    return Status::Invalid;
                continue;
            } else {
                continue;
            }
        } else {
            if (c == u'"') {
                bool esc = false;
                const qsizetype q = scanString(s, n, i, &esc);
                if (q < 0)
                    return Status::Invalid;
                node.kind = Kind::String;
                node.begin = qint32(i + 1);
                node.end = qint32(q);
                node.escaped = esc;
                i = q + 1;
            } else if (c == u'-' || c == u'.' || isDigit(c)) {
                const qsizetype e = scanNumber(s, n, i);
                if (e < 0)
                    return Status::Invalid;
                node.kind = Kind::Number;
                node.begin = qint32(i);
                node.end = qint32(e);
                i = e;
            } else if (c == u't' && scanLiteral(s, n, i, u"true", 4)) {
                node.kind = Kind::True;
                node.begin = qint32(i);
                node.end = qint32(i += 4);
            } else if (c == u'f' && scanLiteral(s, n, i, u"false", 5)) {
                node.kind = Kind::False;
                node.begin = qint32(i);
                node.end = qint32(i += 5);
            } else if (c == u'n' && scanLiteral(s, n, i, u"null", 4)) {
                node.kind = Kind::Null;
                node.begin = qint32(i);
                node.end = qint32(i += 4);
            } else {
                return Status::Invalid;
            }
            node.after = qint32(m_nodes.size() + 1);
            m_nodes.push_back(node);
        }

        // After a value: close containers, or read the separator and the next key.
        for (;;) {
            if (!closed) {
                while (i < n && isWs(s[i]))
                    ++i;
                if (i >= n)
                    return Status::Invalid;
            }
            Node &container = m_nodes[size_t(m_stack.back())];
            const char16_t closer = container.kind == Kind::Object ? u'}' : u']';
            if (closed || s[i] == closer) {
                closed = false;
                container.end = qint32(i + 1);
                container.after = qint32(m_nodes.size());
                m_stack.pop_back();
                ++i;
                if (m_stack.empty()) {
                    while (i < n && isWs(s[i]))
                        ++i;
                    return i == n ? Status::Ok : Status::Invalid;
                }
                continue;
            }
            if (s[i] != u',')
                return Status::Invalid;
            ++i;
            if (container.kind == Kind::Object && !readKey(&pending))
                return Status::Invalid;
            break;
        }
    }
}

int JsonTape::childCount(int container) const
{
    int count = 0;
    for (int c = firstChild(container); c >= 0; c = nextSibling(container, c))
        ++count;
    return count;
}

bool JsonTape::escapedKeyEquals(const Node &node, QStringView key) const
{
    return unescape(m_text.sliced(node.keyBegin, node.keyEnd - node.keyBegin)) == key;
}

int JsonTape::member(int object, QStringView key) const
{
    if (object < 0 || kind(object) != Kind::Object)
        return -1;
    const quint64 sig = keySignature(key.utf16(), key.size());
    const qsizetype length = key.size();
    int found = -1;
    for (int c = firstChild(object); c >= 0; c = nextSibling(object, c)) {
        const Node &n = m_nodes[size_t(c)];
        if (n.keyEscaped) {
            if (escapedKeyEquals(n, key))
                found = c;
        } else if (n.keySig == sig
                   && (length <= 3
                       || std::char_traits<char16_t>::compare(m_text.utf16() + n.keyBegin, key.utf16(), size_t(length)) == 0)) {
            found = c;                  // the last duplicate wins, as in QJsonObject
        }
    }
    return found;
}

int JsonTape::element(int array, qsizetype index) const
{
    if (array < 0 || kind(array) != Kind::Array || index < 0)
        return -1;
    for (int c = firstChild(array); c >= 0; c = nextSibling(array, c))
        if (index-- == 0)
            return c;
    return -1;
}

int JsonTape::resolve(const JsonPointer &pointer, int from) const
{
    if (!pointer.isValid() || from < 0 || from >= size())
        return -1;
    int node = from;
    const QStringList &tokens = pointer.tokens();
    for (qsizetype i = 0; i < tokens.size() && node >= 0; ++i) {
        if (kind(node) == Kind::Object)
            node = member(node, tokens.at(i));
        else if (kind(node) == Kind::Array)
            node = element(node, pointer.indexAt(i));
        else
            return -1;
    }
    return node;
}

QStringView JsonTape::rawText(int node) const
{
    const Node &n = m_nodes[size_t(node)];
    return m_text.sliced(n.begin, n.end - n.begin);
}

QString JsonTape::key(int member) const
{
    const Node &n = m_nodes[size_t(member)];
    if (n.keyBegin < 0)
        return QString();
    const QStringView raw = m_text.sliced(n.keyBegin, n.keyEnd - n.keyBegin);
    return n.keyEscaped ? unescape(raw) : raw.toString();
}

QString JsonTape::string(int node) const
{
    if (kind(node) != Kind::String)
        return QString();
    return isEscaped(node) ? unescape(rawText(node)) : rawText(node).toString();
}

bool JsonTape::stringEquals(int node, QStringView text) const
{
    if (kind(node) != Kind::String)
        return false;
    return isEscaped(node) ? unescape(rawText(node)) == text : rawText(node) == text;
}

bool JsonTape::number(int node, double *out) const
{
    return kind(node) == Kind::Number && toDouble(rawText(node), out);
}

QJsonValue JsonTape::value(int node) const
{
    if (node < 0 || node >= size())
        return QJsonValue(QJsonValue::Undefined);
    switch (kind(node)) {
    case Kind::Null:
        return QJsonValue(QJsonValue::Null);
    case Kind::False:
        return QJsonValue(false);
    case Kind::True:
        return QJsonValue(true);
    case Kind::Number: {
        const QStringView raw = rawText(node);
        if (!raw.contains(u'.') && !raw.contains(u'e') && !raw.contains(u'E')) {
            bool ok = false;
            const qint64 i = raw.toLongLong(&ok);
            if (ok)
                return QJsonValue(i);
        }
        double d = 0;
        if (!toDouble(raw, &d))
            return QJsonValue(QJsonValue::Undefined);
        if (d == std::trunc(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
            return QJsonValue(qint64(d));   // as QJsonDocument stores integral doubles
        return QJsonValue(d);
    }
    case Kind::String:
        return QJsonValue(string(node));
    case Kind::Object:
    case Kind::Array: {
        // Rare (a rule matching a whole object): let QJsonDocument build it.
        const QJsonDocument doc = QJsonDocument::fromJson(rawText(node).toUtf8());
        return kind(node) == Kind::Object ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    }
    }
    return QJsonValue(QJsonValue::Undefined);
}

QString JsonTape::unescape(QStringView raw)
{
    QString out;
    out.reserve(raw.size());
    const qsizetype n = raw.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = raw[i];
        if (c != u'\\' || i + 1 >= n) {
            out.append(c);
            continue;
        }
        const char16_t e = raw[++i].unicode();
        switch (e) {
        case u'b': out.append(QChar(u'\b')); break;
        case u'f': out.append(QChar(u'\f')); break;
        case u'n': out.append(QChar(u'\n')); break;
        case u'r': out.append(QChar(u'\r')); break;
        case u't': out.append(QChar(u'\t')); break;
        case u'u':
            if (i + 4 < n) {
                char16_t u = 0;
                for (int k = 1; k <= 4; ++k)
                    u = char16_t(u * 16 + hexValue(raw[i + k].unicode()));
                out.append(QChar(u));
                i += 4;
            }
            break;
        default: out.append(QChar(e)); break;   // " \ /
        }
    }
    return out;
}
