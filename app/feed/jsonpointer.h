// JsonPointer: RFC 6901 JSON Pointer ("/a/b~1c/0"), parsed once, evaluated many times.
// "~1" -> "/", "~0" -> "~"; array tokens are decimal indices without leading zeros
// ("0", "17"; never "01"); "-" (the element after the last) never resolves.
// Parsed when a profile is loaded; SampleMapper resolves it per message, so resolve()
// does no string work: array indices are decoded at parse time.
#pragma once
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

class JsonPointer
{
public:
    JsonPointer() = default;                       // the whole document ("")
    static JsonPointer parse(const QString &text, QString *error = nullptr); // invalid => isValid() false
    // A profile's record-relative pointer: a JSON Pointer, optionally after "../" groups
    // that each climb one items level ("../ts": the field ts of the enclosing record, or of
    // the message when there is one level). At most kMaxUp groups.
    static JsonPointer parseRelative(const QString &text, QString *error = nullptr);
    static constexpr int kMaxUp = 8;
    int up() const { return m_up; }                // "../" groups (0 for plain pointers)
    static QString escapeToken(const QString &token);

    bool isValid() const { return m_valid; }
    bool isRoot() const { return m_tokens.isEmpty(); }
    const QStringList &tokens() const { return m_tokens; }
    const QList<QByteArray> &utf8Tokens() const { return m_utf8; }   // the tokens as UTF-8, for JsonTape
    // False when a token holds a lone surrogate ("\ud800" in the profile), which UTF-8
    // cannot carry (toUtf8 writes '?'): JsonTape then compares that pointer's tokens in UTF-16.
    bool isUtf8Exact() const { return m_utf8Exact; }
    int indexAt(qsizetype token) const { return m_indices.at(token); }   // array index, or -1
    QString toString() const;                      // canonical text, "../" groups included (the input text when invalid)

    // Undefined QJsonValue when the path does not resolve (or the pointer is invalid).
    QJsonValue resolve(const QJsonValue &document) const;

    friend bool operator==(const JsonPointer &a, const JsonPointer &b)
    { return a.m_valid == b.m_valid && a.m_up == b.m_up && a.m_tokens == b.m_tokens; }
    friend bool operator!=(const JsonPointer &a, const JsonPointer &b) { return !(a == b); }

private:
    QStringList m_tokens;
    QList<QByteArray> m_utf8;                      // m_tokens encoded once at parse time
    QList<int> m_indices;                          // per token: array index, or -1 if not one
    QString m_invalidText;                         // kept only for error messages
    bool m_valid = true;
    bool m_utf8Exact = true;
    int m_up = 0;
};
