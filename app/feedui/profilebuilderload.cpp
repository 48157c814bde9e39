// ProfileBuilder, continued: a profile turned back into the builder's choices, so a profile
// opened from a file (or typed in the editor) shows its fields marked on the sample. The
// rule shown is the first whose match holds on the sample (else the first); the builder
// knows one level of items, so deeper ones are said, not guessed.
#include "profilebuilder.h"

#include "feedprofile.h"
#include "sampletime.h"

namespace {
// The sample's absolute path of a rule's pointer: relative to the first record of the items
// (an array: its element 0), or to the message with "../".
QString absolute(const JsonPointer &p, bool hasItems, const QString &items, bool itemsIsArray)
{
    const QString rel = p.toString();
    if (p.up() > 0)
        return rel.mid(3 * p.up() - 1);   // "../ts" -> "/ts"
    if (!hasItems)
        return rel;
    return items + (itemsIsArray ? QStringLiteral("/0") : QString()) + rel;
}

bool matches(const MappingRule &rule, const QJsonValue &doc)
{
    for (const auto &[pointer, value] : rule.match)
        if (pointer.resolve(doc) != value)
            return false;
    return true;
}
} // namespace

QString ProfileBuilder::showProfile(const QString &profileText)
{
    m_shownProfile = profileText;
    if (m_doc.isUndefined() || m_doc.isNull() || profileText.trimmed().isEmpty())
        return QString();   // shown when a sample arrives (no sample is Null before the first)
    FeedProfile profile;
    QString error;
    if (!FeedProfile::fromJson(profileText.toUtf8(), &profile, &error, tr("profile")))
        return error;
    if (profile.rules.isEmpty())
        return tr("The profile discovers every number (no rules): there are no fields to show.");
    qsizetype pick = 0;
    for (qsizetype i = 0; i < profile.rules.size(); ++i) {
        if (matches(profile.rules.at(i), m_doc)) {
            pick = i;
            break;
        }
    }
    const MappingRule &rule = profile.rules.at(pick);
    if (rule.items.size() > 1)
        return tr("Rule %1 reads records %2 levels deep; the builder shows one level. Edit it as text.")
            .arg(pick + 1).arg(rule.items.size());

    m_values.clear();
    m_names.clear();
    m_match.clear();
    m_hasTime = false;
    m_template.clear();
    m_timeFormat.clear();
    m_hasItems = rule.hasItems && !rule.items.isEmpty();
    m_items = m_hasItems ? rule.items.constFirst().toString() : QString();
    const bool itemsIsArray = m_hasItems && JsonPointer::parse(m_items).resolve(m_doc).isArray();

    QStringList missing;
    const auto place = [&](const JsonPointer &p, QStringList *into) {
        const QString path = absolute(p, m_hasItems, m_items, itemsIsArray);
        if (JsonPointer::parse(path).resolve(m_doc).isUndefined())
            missing.append(p.toString());
        else if (into && !into->contains(path))
            into->append(path);
        return path;
    };
    m_labels.clear();
    for (const auto &[label, pointer] : rule.values)
        m_labels.insert(place(pointer, &m_values), label);
    for (const auto &[pointer, value] : rule.match) {   // match pointers are the message's
        if (pointer.resolve(m_doc).isUndefined())
            missing.append(pointer.toString());
        else if (!m_match.contains(pointer.toString()))
            m_match.append(pointer.toString());
    }
    // Name fields: the record fields of the template ({/s}, {../exchange}).
    const QString tmpl = rule.seriesTemplate;
    for (qsizetype at = tmpl.indexOf(u'{'); at >= 0; at = tmpl.indexOf(u'{', at + 1)) {
        const qsizetype end = tmpl.indexOf(u'}', at);
        if (end < 0)
            break;
        const QString field = tmpl.mid(at + 1, end - at - 1);
        if (field.startsWith(u'/') || field.startsWith(QLatin1String("../")))
            place(JsonPointer::parseRelative(field), &m_names);
    }
    if (rule.timeFormat != TimeFormat::Arrival) {
        const QString path = place(rule.time, nullptr);
        if (!JsonPointer::parse(path).resolve(m_doc).isUndefined()) {
            m_time = path;
            m_hasTime = true;
            m_timeFormat = rule.timeFormat == TimeFormat::Auto ? QString() : SampleTime::formatName(rule.timeFormat);
        }
    }
    m_template = tmpl == autoTemplate() ? QString() : tmpl;
    m_profileName = profile.name;
    rebuild();
    if (!missing.isEmpty())
        return tr("This sample has no %1: the profile's other fields are shown.").arg(missing.join(QStringLiteral(", ")).left(300));
    return QString();
}
