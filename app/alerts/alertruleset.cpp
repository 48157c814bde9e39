#include "alertruleset.h"
#include "alertruleparser.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

namespace {
QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}
} // namespace

int AlertRuleSet::indexOf(const QString &ruleName) const
{
    for (int i = 0; i < rules.size(); ++i) {
        if (rules[i].name == ruleName)
            return i;
    }
    return -1;
}

bool AlertRuleSet::load(const QString &path, AlertRuleSet *out, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open the alert rules file: %2").arg(path, file.errorString());
        return false;
    }
    // Read one byte past the limit so pipes and special files are bounded too.
    const QByteArray bytes = file.read(MaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error = QStringLiteral("%1: cannot read the alert rules file: %2").arg(path, file.errorString());
        return false;
    }
    if (bytes.size() > MaxFileBytes) {
        if (error)
            *error = QStringLiteral("%1: the file is %2; alert rules files are limited to %3")
                         .arg(path, file.isSequential() ? QStringLiteral("over ") + mib(MaxFileBytes) : mib(file.size()), mib(MaxFileBytes));
        return false;
    }
    return fromJson(bytes, out, error, path);
}

bool AlertRuleSet::fromJson(const QByteArray &json, AlertRuleSet *out, QString *error, const QString &sourceName)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = sourceName + QStringLiteral(": ") + message;
        return false;
    };
    if (json.size() > MaxFileBytes)
        return fail(QStringLiteral("the rules are %1; alert rules files are limited to %2").arg(mib(json.size()), mib(MaxFileBytes)));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(QStringLiteral("not valid JSON at byte %1: %2").arg(pe.offset).arg(pe.errorString()));
    if (!doc.isObject())
        return fail(QStringLiteral("expected a JSON object {\"version\": 1, \"rules\": [...]}"));
    return fromJsonObject(doc.object(), out, error, sourceName);
}

bool AlertRuleSet::fromJsonObject(const QJsonObject &root, AlertRuleSet *out, QString *error, const QString &sourceName)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = sourceName + QStringLiteral(": ") + message;
        return false;
    };
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != QLatin1String("version") && it.key() != QLatin1String("rules"))
            return fail(QStringLiteral("unknown field \"%1\" (a rules file has \"version\" and \"rules\")").arg(AlertRuleParser::printable(it.key())));
    }
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isUndefined() && !(version.isDouble() && version.toDouble() == FormatVersion))
        return fail(QStringLiteral("field \"version\": must be %1 (the rules format this Pulseboard reads)").arg(FormatVersion));
    const QJsonValue rulesValue = root.value(QStringLiteral("rules"));
    if (!rulesValue.isArray())
        return fail(QStringLiteral("field \"rules\": must be an array of rule objects"));
    const QJsonArray array = rulesValue.toArray();
    if (array.size() > MaxRules)
        return fail(QStringLiteral("field \"rules\": %1 rules; the limit is %2").arg(array.size()).arg(MaxRules));

    AlertRuleSet result;
    result.rules.reserve(array.size());
    QHash<QString, int> seen;
    for (int i = 0; i < array.size(); ++i) {
        const QJsonValue v = array.at(i);
        if (!v.isObject())
            return fail(QStringLiteral("rules[%1]: must be an object").arg(i));
        const QJsonObject object = v.toObject();
        AlertRuleParser parser(object, i);
        AlertRule rule;
        QString message;
        if (!parser.parse(&rule, &message))
            return fail(message);
        const auto dup = seen.constFind(rule.name);
        if (dup != seen.cend())
            return fail(QStringLiteral("%1: field \"name\": the name is already used by rules[%2]; rule names must be unique")
                            .arg(parser.label()).arg(*dup));
        seen.insert(rule.name, i);
        result.rules.append(rule);
    }
    *out = std::move(result);
    return true;
}

QJsonObject AlertRuleSet::toJsonObject() const
{
    QJsonArray array;
    for (const AlertRule &r : rules)
        array.append(AlertRuleParser::toJson(r));
    QJsonObject root;
    root.insert(QStringLiteral("version"), FormatVersion);
    root.insert(QStringLiteral("rules"), array);
    return root;
}

QByteArray AlertRuleSet::toJson() const
{
    return QJsonDocument(toJsonObject()).toJson(QJsonDocument::Indented);
}

bool AlertRuleSet::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    const QByteArray bytes = toJson();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot save the alert rules: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
