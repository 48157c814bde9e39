#include "jsontape.h"
#include "jsonpointer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>
#include <cmath>
#include <cstring>

namespace {

using uchar8 = unsigned char;
inline bool isWs(uchar8 c) { return c <= ' ' && (c == ' ' || c == '\n' || c == '\r' || c == '\t'); }   // one test for any visible byte
inline bool isDigit(uchar8 c) { return c >= '0' && c <= '9'; }
inline bool isHex(uchar8 c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline int hexValue(uchar8 c)
{
    return isDigit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
}

// One well-formed UTF-8 sequence starting at s[i] (a byte >= 0x80), as Qt's decoder
// accepts it: no overlong forms, no surrogates, nothing above U+10FFFF. Returns its
// length, or 0 when it is malformed.
inline qsizetype utf8Sequence(const uchar8 *s, qsizetype n, qsizetype i)
{
    const uchar8 b = s[i];
    auto cont = [&](qsizetype k) { return i + k < n && (s[i + k] & 0xc0) == 0x80; };
    if (b >= 0xc2 && b <= 0xdf)
        return cont(1) ? 2 : 0;
    if (b >= 0xe0 && b <= 0xef) {
        if (!cont(1) || !cont(2))
            return 0;
        const uchar8 b1 = s[i + 1];
        if ((b == 0xe0 && b1 < 0xa0) || (b == 0xed && b1 >= 0xa0))
            return 0;                   // overlong, or an encoded surrogate
        return 3;
    }
    if (b >= 0xf0 && b <= 0xf4) {
        if (!cont(1) || !cont(2) || !cont(3))
            return 0;
        const uchar8 b1 = s[i + 1];
        if ((b == 0xf0 && b1 < 0x90) || (b == 0xf4 && b1 >= 0x90))
            return 0;                   // overlong, or above U+10FFFF
        return 4;
    }
    return 0;                           // continuation byte, C0/C1, F5..FF
}

// Scans the string whose opening quote is at s[i]; returns the index of the closing
// quote or -1. *escaped is set when the string contains a backslash escape. As lenient
// as QJsonDocument (so the same feeds parse): raw control characters are kept, and an
// unknown escape stands for its byte's character (U+0000..U+00FF: a backslash before a
// byte >= 0x80 takes that one byte, so before a multi-byte character it leaves a stray
// continuation byte, which is refused); \u needs four hex digits; any malformed UTF-8
// sequence is refused.
// Bytes a string scan can step over: ASCII except '"' and '\\'.
constexpr struct PlainTable
{
    bool plain[256] = {};
    constexpr PlainTable()
    {
        for (int c = 0; c < 0x80; ++c)
            plain[c] = c != '"' && c != '\\';
    }
} kPlain;

inline qsizetype scanString(const uchar8 *s, qsizetype n, qsizetype i, bool *escaped)
{
    for (++i; i < n; ++i) {
        while (i + 4 <= n && kPlain.plain[s[i]] && kPlain.plain[s[i + 1]] && kPlain.plain[s[i + 2]] && kPlain.plain[s[i + 3]])
            i += 4;                     // the common case: plain ASCII
        if (i >= n)
            break;
        const uchar8 c = s[i];
        if (kPlain.plain[c])
            continue;
        if (c == '"')
            return i;
        if (c >= 0x80) {
            const qsizetype len = utf8Sequence(s, n, i);
            if (len == 0)
                return -1;
            i += len - 1;
            continue;
        }
        {
            *escaped = true;
            if (++i >= n)
                return -1;
            if (s[i] == 'u') {
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
inline qsizetype scanNumber(const uchar8 *s, qsizetype n, qsizetype i)
{
    bool digits = false;
    if (s[i] == '-')
        ++i;
    if (i < n && s[i] == '0') {
        ++i;
        digits = true;
    } else {
        for (; i < n && isDigit(s[i]); ++i)
            digits = true;
    }
    if (i < n && s[i] == '.')
        for (++i; i < n && isDigit(s[i]); ++i)
            digits = true;
    if (!digits)
        return -1;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            ++i;
        if (i >= n || !isDigit(s[i]))
            return -1;
        while (i < n && isDigit(s[i]))
            ++i;
    }
    return i;
}

// QJsonDocument keeps a string without escapes as UTF-8 and decodes it with
// QString::fromUtf8, which drops one leading U+FEFF (a BOM, EF BB BF); a string with
// escapes it decodes character by character, keeping every U+FEFF. The tape drops that one
// BOM from the span of an unescaped string value while parsing (so raw spans, stringEquals
// and number reading agree with Qt's value) and decodes everything with decodeUtf8, which
// keeps every U+FEFF (keys keep theirs: see jsontape.h).
inline bool bomAt(const uchar8 *s, qsizetype i, qsizetype end)
{
    return i + 3 <= end && s[i] == 0xef && s[i + 1] == 0xbb && s[i + 2] == 0xbf;
}

void appendUtf8(QString &out, QByteArrayView utf8)
{
    const uchar8 *s = reinterpret_cast<const uchar8 *>(utf8.data());
    qsizetype i = 0;
    for (; bomAt(s, i, utf8.size()); i += 3)
        out.append(QChar(0xfeff));
    out.append(QString::fromUtf8(utf8.sliced(i)));
}

QString decodeUtf8(QByteArrayView utf8)
{
    if (utf8.isEmpty() || uchar8(utf8.front()) != 0xef)
        return QString::fromUtf8(utf8);         // the common case: no BOM to keep
    QString out;
    appendUtf8(out, utf8);
    return out;
}

inline bool scanLiteral(const uchar8 *s, qsizetype n, qsizetype i, const char *word, qsizetype len)
{
    return i + len <= n && std::memcmp(s + i, word, size_t(len)) == 0;
}

// Number text (already syntax-checked) to double; false when it overflows. from_chars
// reads neither "1." nor ".5" the way JSON's leniency means them, so those (rare) forms
// go through a small copy.
bool toDouble(QByteArrayView text, double *out)
{
    // Prices and readings (-?digits[.digits], at most 15 digits): the digits as an integer
    // and one division by an exact power of ten give the correctly rounded double
    // (Clinger's fast path), 3x cheaper than from_chars; anything else goes on below.
    static constexpr double kPow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
                                         1e14, 1e15 };
    {
        // Integer part, then fraction: one compare per digit (the mantissa may wrap past
        // 19 digits; it is used only for at most 15).
        const char *p = text.data();
        const char *const e = p + text.size();
        const bool negative = p < e && *p == '-';
        p += negative;
        quint64 mantissa = 0;
        const char *const intStart = p;
        for (; p < e && unsigned(*p - '0') < 10; ++p)
            mantissa = mantissa * 10 + quint64(*p - '0');
        qsizetype digits = p - intStart, fraction = 0;
        if (p < e && *p == '.') {
            const char *const fracStart = ++p;
            for (; p < e && unsigned(*p - '0') < 10; ++p)
                mantissa = mantissa * 10 + quint64(*p - '0');
            fraction = p - fracStart;
            digits += fraction;
        }
        if (p == e && digits > 0 && digits <= 15) {
            const double v = double(mantissa) / kPow10[fraction];
            *out = negative ? -v : v;
            return true;
        }
    }
    const char *b = text.data();
    const char *e = b + text.size();
    const auto r = std::from_chars(b, e, *out);
    if (r.ptr == e && r.ec == std::errc())
        return std::isfinite(*out);
    if (r.ec == std::errc::result_out_of_range)
        return false;
    bool ok = false;
    const double d = text.toByteArray().toDouble(&ok);   // "1.", ".5", "-.5"
    if (!ok || !std::isfinite(d))
        return false;
    *out = d;
    return true;
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
    m_owned = text.toUtf8();
    return parse(QByteArrayView(m_owned));
}

JsonTape::Status JsonTape::parse(QByteArrayView utf8)
{
    clear();
    m_text = utf8;
    m_stack.clear();
    const uchar8 *s = reinterpret_cast<const uchar8 *>(utf8.data());
    const qsizetype n = utf8.size();
    if (n > std::numeric_limits<qint32>::max() - 1)
        return Status::TooLarge;

    // A leading UTF-8 BOM, skipped as QJsonDocument does (only before more text).
    qsizetype i = (n > 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) ? 3 : 0;
    while (i < n && isWs(s[i]))
        ++i;
    if (i >= n || (s[i] != '{' && s[i] != '['))
        return Status::Invalid;

    Node pending;                       // key of the value about to be parsed
    // A member key and its colon, at i after optional whitespace; i ends after the colon.
    auto readKey = [&](Node *member) {
        while (i < n && isWs(s[i]))
            ++i;
        if (i >= n || s[i] != '"')
            return false;
        bool esc = false;
        const qsizetype q = scanString(s, n, i, &esc);
        if (q < 0)
            return false;
        member->keyBegin = qint32(i + 1);
        member->keyEnd = qint32(q);
        member->keyEscaped = esc;
        member->keySig = keySignature(utf8.data() + i + 1, q - i - 1);
        i = q + 1;
        while (i < n && isWs(s[i]))
            ++i;
        if (i >= n || s[i] != ':')
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
        const uchar8 c = s[i];
        bool closed = false;            // a value is complete at i
        if (c == '{' || c == '[') {
            if (m_stack.size() >= size_t(kMaxDepth))
                return Status::Invalid;
            node.kind = c == '{' ? Kind::Object : Kind::Array;
            node.begin = qint32(i);
            m_stack.push_back(int(m_nodes.size()));
            m_nodes.push_back(node);
            ++i;
            while (i < n && isWs(s[i]))
                ++i;
            if (i < n && s[i] == (c == '{' ? '}' : ']')) {
                closed = true;          // empty container: closed below
            } else if (c == '{') {
                if (!readKey(&pending))
                    return Status::Invalid;
                continue;
            } else {
                continue;
            }
        } else {
            if (c == '"') {
                bool esc = false;
                const qsizetype q = scanString(s, n, i, &esc);
                if (q < 0)
                    return Status::Invalid;
                node.kind = Kind::String;
                node.begin = qint32(i + 1);
                if (Q_UNLIKELY(s[i + 1] == 0xef) && !esc && bomAt(s, i + 1, q))
                    node.begin += 3;    // Qt drops one leading U+FEFF of an unescaped string
                node.end = qint32(q);
                node.escaped = esc;
                i = q + 1;
            } else if (c == '-' || c == '.' || isDigit(c)) {
                const qsizetype e = scanNumber(s, n, i);
                if (e < 0)
                    return Status::Invalid;
                node.kind = Kind::Number;
                node.begin = qint32(i);
                node.end = qint32(e);
                i = e;
            } else if (c == 't' && scanLiteral(s, n, i, "true", 4)) {
                node.kind = Kind::True;
                node.begin = qint32(i);
                node.end = qint32(i += 4);
            } else if (c == 'f' && scanLiteral(s, n, i, "false", 5)) {
                node.kind = Kind::False;
                node.begin = qint32(i);
                node.end = qint32(i += 5);
            } else if (c == 'n' && scanLiteral(s, n, i, "null", 4)) {
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
            const uchar8 closer = container.kind == Kind::Object ? '}' : ']';
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
            if (s[i] != ',')
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

bool JsonTape::escapedKeyEquals(const Node &node, QByteArrayView key) const
{
    return unescape(m_text.sliced(node.keyBegin, node.keyEnd - node.keyBegin)) == decodeUtf8(key);
}

int JsonTape::member(int object, QStringView key) const
{
    if (key.isValidUtf16())
        return member(object, QByteArrayView(key.toUtf8()));
    // A lone surrogate has no UTF-8 form (toUtf8 writes '?', which would find a "?" key):
    // only an escaped key ("\ud83d") can hold one, so compare those in UTF-16.
    if (object < 0 || kind(object) != Kind::Object)
        return -1;
    int found = -1;
    for (int c = firstChild(object); c >= 0; c = nextSibling(object, c))
        if (m_nodes[size_t(c)].keyEscaped && unescape(rawKey(c)) == key)
            found = c;                  // the last duplicate wins, as in QJsonObject
    return found;
}

int JsonTape::member(int object, QByteArrayView key) const
{
    if (object < 0 || kind(object) != Kind::Object)
        return -1;
    const quint64 sig = keySignature(key.data(), key.size());
    const qsizetype length = key.size();
    int found = -1;
    for (int c = firstChild(object); c >= 0; c = nextSibling(object, c)) {
        const Node &n = m_nodes[size_t(c)];
        if (n.keyEscaped) {
            if (escapedKeyEquals(n, key))
                found = c;
        } else if (n.keySig == sig
                   && (length <= 3
                       || std::memcmp(m_text.data() + n.keyBegin, key.data(), size_t(length)) == 0)) {
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
    if (Q_UNLIKELY(!pointer.isUtf8Exact())) {
        // A token holds a lone surrogate: look keys up in UTF-16 (rare; kept out of the loop below).
        for (qsizetype i = 0; i < pointer.tokens().size() && node >= 0; ++i) {
            if (kind(node) == Kind::Object)
                node = member(node, QStringView(pointer.tokens().at(i)));
            else if (kind(node) == Kind::Array)
                node = element(node, pointer.indexAt(i));
            else
                return -1;
        }
        return node;
    }
    const QList<QByteArray> &tokens = pointer.utf8Tokens();
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

QByteArrayView JsonTape::rawText(int node) const
{
    const Node &n = m_nodes[size_t(node)];
    return m_text.sliced(n.begin, n.end - n.begin);
}

QByteArrayView JsonTape::rawKey(int member) const
{
    const Node &n = m_nodes[size_t(member)];
    return n.keyBegin < 0 ? QByteArrayView() : m_text.sliced(n.keyBegin, n.keyEnd - n.keyBegin);
}

QString JsonTape::key(int member) const
{
    const Node &n = m_nodes[size_t(member)];
    if (n.keyBegin < 0)
        return QString();
    const QByteArrayView raw = rawKey(member);
    return n.keyEscaped ? unescape(raw) : decodeUtf8(raw);
}

QString JsonTape::string(int node) const
{
    if (kind(node) != Kind::String)
        return QString();
    return isEscaped(node) ? unescape(rawText(node)) : decodeUtf8(rawText(node));
}

bool JsonTape::stringEquals(int node, QByteArrayView utf8) const
{
    if (kind(node) != Kind::String)
        return false;
    return isEscaped(node) ? unescape(rawText(node)) == decodeUtf8(utf8) : rawText(node) == utf8;
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
        const QByteArrayView raw = rawText(node);
        if (!raw.contains('.') && !raw.contains('e') && !raw.contains('E')) {
            qint64 i = 0;
            const auto r = std::from_chars(raw.data(), raw.data() + raw.size(), i);
            if (r.ec == std::errc() && r.ptr == raw.data() + raw.size())
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
        const QJsonDocument doc = QJsonDocument::fromJson(rawText(node).toByteArray());
        return kind(node) == Kind::Object ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    }
    }
    return QJsonValue(QJsonValue::Undefined);
}

QString JsonTape::unescape(QByteArrayView raw)
{
    QString out;
    out.reserve(raw.size());
    const qsizetype n = raw.size();
    qsizetype run = 0;                  // start of the current unescaped run
    for (qsizetype i = 0; i < n; ++i) {
        if (raw[i] != '\\' || i + 1 >= n)
            continue;
        appendUtf8(out, raw.sliced(run, i - run));
        const char e = raw[++i];
        switch (e) {
        case 'b': out.append(QChar(u'\b')); break;
        case 'f': out.append(QChar(u'\f')); break;
        case 'n': out.append(QChar(u'\n')); break;
        case 'r': out.append(QChar(u'\r')); break;
        case 't': out.append(QChar(u'\t')); break;
        case 'u':
            if (i + 4 < n) {
                char16_t u = 0;
                for (int k = 1; k <= 4; ++k)
                    u = char16_t(u * 16 + hexValue(uchar8(raw[i + k])));
                out.append(QChar(u));
                i += 4;
            }
            break;
        default: out.append(QChar(char16_t(uchar8(e)))); break;   // " \ / and unknown escapes (any byte)
        }
        run = i + 1;
    }
    appendUtf8(out, raw.sliced(run));
    return out;
}
