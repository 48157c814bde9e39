#include "globpattern.h"

namespace {
// One pattern position: either '*', '?' or a literal (escapes already resolved).
struct Token
{
    enum Type : char { Literal, AnyOne, AnyMany } type;
    QChar ch;
};

// Reads the token at pattern[*i] and advances *i. A trailing lone '\' is a literal '\'.
Token next(QStringView p, qsizetype *i)
{
    const QChar c = p[*i];
    ++*i;
    if (c == u'\\' && *i < p.size()) {
        const QChar lit = p[*i];
        ++*i;
        return {Token::Literal, lit};
    }
    if (c == u'*')
        return {Token::AnyMany, c};
    if (c == u'?')
        return {Token::AnyOne, c};
    return {Token::Literal, c};
}
} // namespace

GlobPattern::GlobPattern(const QString &pattern)
    : m_pattern(pattern)
    , m_exact(!hasWildcard(pattern))
{
    if (m_exact) {
        m_literal.reserve(pattern.size());
        for (qsizetype i = 0; i < pattern.size();)
            m_literal.append(next(pattern, &i).ch);
    }
}

bool GlobPattern::hasWildcard(QStringView pattern)
{
    for (qsizetype i = 0; i < pattern.size();) {
        if (next(pattern, &i).type != Token::Literal)
            return true;
    }
    return false;
}

bool GlobPattern::matches(QStringView name) const
{
    if (m_exact)
        return name == m_literal;
    // Classic greedy matcher with one backtrack point (the last '*'): O(pattern * name)
    // worst case, no recursion, no allocation.
    const QStringView p(m_pattern);
    qsizetype pi = 0, ni = 0;
    qsizetype starP = -1, starN = 0;
    while (ni < name.size()) {
        if (pi < p.size()) {
            qsizetype after = pi;
            const Token tok = next(p, &after);
            if (tok.type == Token::AnyMany) {
                starP = after;
                starN = ni;
                pi = after;
                continue;
            }
            if (tok.type == Token::AnyOne || tok.ch == name[ni]) {
                pi = after;
                ++ni;
                continue;
            }
        }
        if (starP < 0)
            return false;
        pi = starP;
        ni = ++starN;
    }
    while (pi < p.size()) {
        qsizetype after = pi;
        if (next(p, &after).type != Token::AnyMany)
            return false;
        pi = after;
    }
    return true;
}
