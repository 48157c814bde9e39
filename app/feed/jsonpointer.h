// JsonPointer: RFC 6901 JSON Pointer ("/a/b~1c/0"), parsed once, evaluated many times.
// "~1" -> "/", "~0" -> "~"; array tokens are decimal indices ("-" never resolves).
#pragma once
#include <QJsonValue>
#include <QString>
#include <QStringList>

class JsonPointer
{
public:
    JsonPointer() = default;                       // the whole document ("")
    static JsonPointer parse(const QString &text, QString *error = nullptr); // invalid => isValid() false
    static QString escapeToken(const QString &token);

    bool isValid() const { return m_valid; }
    bool isRoot() const { return m_tokens.isEmpty(); }
    const QStringList &tokens() const { return m_tokens; }
    QString toString() const;

    // Undefined QJsonValue when the path does not resolve.
    QJsonValue resolve(const QJsonValue &document) const;

private:
    QStringList m_tokens;
    bool m_valid = true;
};
