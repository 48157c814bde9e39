// AlertRuleParser: validates one rule object of a rules file and turns it into an
// AlertRule, or into the first problem found, phrased for people:
//   rule "BTC high" (rules[2]): field "clear": must be a number below "raise" for an "above" rule
// (AlertRuleSet adds the file name in front). Also writes a rule back to JSON.
// Internal to AlertRuleSet; strict on purpose: an unknown field is an error, because a
// misspelt "rasie" would otherwise give a rule that silently never fires.
#pragma once
#include "alertrule.h"

#include <QJsonObject>
#include <QString>

class AlertRuleParser
{
public:
    AlertRuleParser(const QJsonObject &object, int index);

    bool parse(AlertRule *out, QString *error);
    QString label() const;   // `rule "name" (rules[i])`, or `rules[i]` before the name is known

    static QJsonObject toJson(const AlertRule &rule);
    // A name from the file (an unknown field's key) fit for a one-line message: control
    // characters escaped (\n, \u001b), cut to 60 characters. The file is hostile input.
    static QString printable(const QString &name);

private:
    bool fail(const QString &field, const QString &message);
    bool checkKnownFields();
    bool readString(const QString &field, bool required, int maxLength, QString *out);
    bool readNumber(const QString &field, bool required, double *out, bool *present = nullptr);
    bool readBool(const QString &field, bool *out);
    bool readSeconds(const QString &field, bool required, bool allowZero, qint64 *outMs);
    bool readSnooze(qint64 *outMs);
    bool readThresholds();
    bool readRate();

    const QJsonObject &m_object;
    int m_index;
    AlertRule m_rule;
    bool m_named = false;
    QString m_error;
};
