// JsonTape: a validating JSON parser that builds no DOM. One pass over the UTF-8 bytes
// the feed source delivered (no decoding to UTF-16 first) records every value as a node
// (kind, byte span, member key span, index of the node after its subtree) in a flat,
// reused array, so the mapper resolves a profile's pointers by walking spans and copies
// nothing it does not keep. This is the ingest hot path; QJsonDocument::fromJson on the
// same bytes stays the reference (tst_jsontape compares the two on generated and hostile
// input, invalid UTF-8 included).
//
// Accepts what QJsonDocument accepts, so a feed parses the same on either path: JSON
// whose top level is an object or an array, with Qt's leniencies (a leading BOM, raw
// control characters in strings, unknown escapes standing for their byte's character
// (a backslash before the byte 0xE9 is U+00E9), "1." and ".5"). One difference, on
// purpose: numbers are converted only when read, so a number that overflows or
// underflows a double is "not a number" there instead of making the whole message
// unparsable. Duplicate keys: the last one wins, as in QJsonObject (whose Qt 6.4 can keep
// two members of one key, or miss its own key, when escaped keys, kept as UTF-16, and raw
// ones, kept as UTF-8, hold characters above U+D7FF: it orders the two kinds differently).
// UTF-8, as QJsonDocument checks it: inside strings and keys every multi-byte sequence must
// be well formed (no overlong forms, no encoded surrogates U+D800..DFFF, nothing above
// U+10FFFF, no stray continuation bytes), else the whole message is Invalid; outside
// strings any byte >= 0x80 is a syntax error. Escaped surrogates ("\ud800") are accepted
// and decoded as QJsonDocument does (a lone one stays a lone UTF-16 unit; UTF-8 cannot
// carry it, so lookups of such keys go through member(QStringView)). U+FEFF as Qt 6.4
// reads it: a string value without escapes loses one leading U+FEFF (Qt decodes it with
// QString::fromUtf8, which drops a BOM), so its raw span starts after it; every other
// U+FEFF is kept. Member keys keep a leading U+FEFF, as QJsonObject stores and finds them
// (value(), contains(), duplicates); a third difference, in listing only: QJsonObject's
// keys() and iteration show such a key without it (tst_jsontape's bomInsideStrings).
// Bounds: nesting depth kMaxDepth (deeper => invalid, as QJsonDocument refuses);
// at most kMaxNodes nodes (more => TooLarge: the caller falls back to QJsonDocument);
// the node array is released after a message that needed more than kKeepNodes.
#pragma once
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <string>
#include <vector>

class JsonPointer;

class JsonTape
{
public:
    enum class Kind : quint8 { Null, False, True, Number, String, Object, Array };
    enum class Status { Ok, Invalid, TooLarge };

    static constexpr int kMaxDepth = 1024;
    static constexpr int kMaxNodes = 1 << 18;      // 262,144 nodes, 8 MiB of tape
    static constexpr int kKeepNodes = 1 << 14;     // capacity kept between messages

    // The bytes must outlive every use of the tape until the next parse().
    Status parse(QByteArrayView utf8);
    // Convenience for callers holding text: parses a private UTF-8 copy.
    Status parse(QStringView text);
    void clear();

    static constexpr int root() { return 0; }
    int size() const { return int(m_nodes.size()); }
    Kind kind(int node) const { return m_nodes[size_t(node)].kind; }
    bool isContainer(int node) const { return kind(node) == Kind::Object || kind(node) == Kind::Array; }

    // Children of a container: for (int c = firstChild(n); c >= 0; c = nextSibling(n, c)).
    int firstChild(int container) const
    {
        return m_nodes[size_t(container)].after > container + 1 ? container + 1 : -1;
    }
    int nextSibling(int container, int child) const
    {
        const int next = m_nodes[size_t(child)].after;
        return next < m_nodes[size_t(container)].after ? next : -1;
    }
    int childCount(int container) const;

    int member(int object, QByteArrayView utf8Key) const;    // -1 when absent (or not an object)
    int member(int object, QStringView key) const;           // also finds keys holding a lone surrogate
    int element(int array, qsizetype index) const;           // -1 when absent (or not an array)
    int resolve(const JsonPointer &pointer, int from = 0) const;   // -1 when it does not resolve

    // Raw UTF-8: strings without quotes and escapes undone only by string(); containers
    // with their brackets; numbers and literals as written.
    QByteArrayView rawText(int node) const;
    QByteArrayView rawKey(int member) const;                 // raw UTF-8 of the member key
    QString key(int member) const;                           // unescaped member key ("" when none)
    bool isEscaped(int node) const { return m_nodes[size_t(node)].escaped; }
    QString string(int node) const;                          // unescaped (strings only)
    bool stringEquals(int node, QByteArrayView utf8) const;  // without allocating when unescaped
    bool isKeyEscaped(int member) const { return m_nodes[size_t(member)].keyEscaped; }
    bool number(int node, double *out) const;                // finite JSON numbers only
    // The value as QJsonDocument would give it (integers that fit qint64 stay integers).
    QJsonValue value(int node) const;

    static QString unescape(QByteArrayView raw);

private:
    struct Node                  // 32 bytes (the signature first: no padding)
    {
        quint64 keySig = 0;      // keySignature() of the raw key: most lookups compare only this
        qint32 begin = 0;        // text span of the value
        qint32 end = 0;
        qint32 after = 0;        // index of the first node after this subtree
        qint32 keyBegin = -1;    // member key span (objects' children only)
        qint32 keyEnd = -1;
        Kind kind = Kind::Null;
        bool escaped = false;    // string value contains backslash escapes
        bool keyEscaped = false;
    };
    static_assert(sizeof(Node) == 32);
    // Length and first, second and last bytes: equal signatures of keys up to
    // three bytes mean equal keys; longer ones are then compared in full.
    static quint64 keySignature(const char *key, qsizetype length)
    {
        if (length == 0)
            return 0;
        return quint64(quint32(length)) | quint64(quint8(key[0])) << 32 | quint64(quint8(length > 1 ? key[1] : 0)) << 40
                | quint64(quint8(key[length - 1])) << 48;
    }
    bool escapedKeyEquals(const Node &node, QByteArrayView key) const;

    QByteArrayView m_text;
    QByteArray m_owned;          // parse(QStringView)'s UTF-8 copy
    std::vector<Node> m_nodes;
    std::vector<int> m_stack;
};
