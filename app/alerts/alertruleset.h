// AlertRuleSet: the list of alert rules of a workspace, with its JSON form
// (docs/alerts.md). Loading reports the first problem as one readable line that names
// the file, the rule and the field, e.g.
//   alerts.json: rule "BTC high" (rules[2]): field "clear": must be a number below "raise" for an "above" rule
// Used by the command line (--alerts FILE, exit 2 on error), the workspace and the
// rule editor (import/export), and handed to AlertEngine::setRules().
#pragma once
#include "alertrule.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

class AlertRuleSet
{
public:
    // Bounds on what a rules file may hold (documented in docs/alerts.md).
    static constexpr qint64 MaxFileBytes = 1024 * 1024;
    static constexpr int MaxRules = 1000;
    static constexpr int MaxNameLength = 200;       // rule and room names, in characters (code points)
    static constexpr int MaxPatternLength = 1000;   // series/connection/room/sender patterns, likewise
    static constexpr double MaxSeconds = 30.0 * 24 * 3600;
    static constexpr int FormatVersion = 1;

    QList<AlertRule> rules;

    bool operator==(const AlertRuleSet &) const = default;
    int indexOf(const QString &ruleName) const;   // -1 when absent

    // Reads and validates a rules file. On failure returns false, leaves *out untouched
    // and sets *error to a one-line message beginning with `path:`.
    static bool load(const QString &path, AlertRuleSet *out, QString *error);
    // Same for bytes already in memory; sourceName prefixes messages.
    static bool fromJson(const QByteArray &json, AlertRuleSet *out, QString *error,
                         const QString &sourceName = QStringLiteral("<alerts>"));
    // Same for an object already parsed, e.g. the "alerts" member of a workspace file.
    static bool fromJsonObject(const QJsonObject &root, AlertRuleSet *out, QString *error,
                               const QString &sourceName = QStringLiteral("<alerts>"));

    QJsonObject toJsonObject() const;
    QByteArray toJson() const;                    // indented, ends with a newline
    bool save(const QString &path, QString *error) const;   // atomic (QSaveFile)
};
Q_DECLARE_METATYPE(AlertRuleSet)
