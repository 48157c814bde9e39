// GlobPattern: the name selector of an alert rule: an exact name, or a shell-style
// wildcard where '*' matches any run of characters (including '.' and '/'), '?' one
// character, and '\' makes the next character literal ("a\*b" is the name "a*b").
// Matching is case-sensitive and allocation-free. AlertEngine compiles one per rule
// and caches the result per series name, so matches() runs once per (rule, name).
#pragma once
#include <QString>
#include <QStringView>

class GlobPattern
{
public:
    GlobPattern() = default;
    explicit GlobPattern(const QString &pattern);

    const QString &pattern() const { return m_pattern; }
    bool isExact() const { return m_exact; }       // no unescaped '*' or '?'
    const QString &literal() const { return m_literal; } // the name, when isExact()
    bool matches(QStringView name) const;

    static bool hasWildcard(QStringView pattern);

private:
    QString m_pattern;
    QString m_literal;
    bool m_exact = true;
};
