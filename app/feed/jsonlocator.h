// JsonLocator: finds where a field sits in a JSON text, so profile errors can say
// "file.json:12:". QJsonDocument keeps no positions, so after a successful parse
// ProfileReader asks this small scanner (only when reporting an error).
// Paths: "" (root), "connection.url", "rules[0].values", "rules[0].match[\"/e\"]".
// A key's position is its opening quote; an array element's is its first character.
#pragma once
#include <QByteArray>
#include <QHash>
#include <QString>

class JsonLocator
{
public:
    explicit JsonLocator(const QByteArray &text);       // text should be valid JSON

    int offsetOf(const QString &path) const { return m_offsets.value(path, -1); }

    static QString keyPath(const QString &parent, const QString &key);
    static QString indexPath(const QString &parent, int index);
    static int lineAt(const QByteArray &text, int offset);      // 1-based
    static int columnAt(const QByteArray &text, int offset);    // 1-based, in bytes

private:
    void scanValue(const QString &path, int depth);
    void skipValue();                                   // iterative: for very deep input
    void skipSpace();
    QString readString();
    bool atEnd() const { return m_pos >= m_text.size(); }

    QByteArray m_text;
    qsizetype m_pos = 0;
    QHash<QString, int> m_offsets;
};
