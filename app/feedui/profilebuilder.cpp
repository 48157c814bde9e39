#include "profilebuilder.h"

#include "connectionspec.h"
#include "feedprofile.h"
#include "samplemapper.h"
#include "sampletime.h"
#include "samplevalue.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

const QString kValue = QStringLiteral("value");
const QString kName = QStringLiteral("name");
const QString kTime = QStringLiteral("time");
const QString kItems = QStringLiteral("items");
const QString kMatch = QStringLiteral("match");

QString sizeText(qsizetype bytes)
{
    return bytes >= 1024 * 1024 ? QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1)
                                : QStringLiteral("%1 KiB").arg((bytes + 1023) / 1024);
}

// The format SampleTime's "auto" would pick, named, so the profile says it explicitly.
QString detectFormat(const QJsonValue &v)
{
    double number = 0;
    if (SampleValue::toDouble(v, false, &number)) {
        const double a = std::abs(number);
        return a < 1e11 ? QStringLiteral("s") : a < 1e14 ? QStringLiteral("ms") : a < 1e17 ? QStringLiteral("us") : QStringLiteral("ns");
    }
    qint64 ms = 0;
    if (v.isString() && SampleTime::parseIso8601(v.toString(), &ms))
        return QStringLiteral("iso8601");
    return QString();
}

} // namespace

ProfileBuilder::ProfileBuilder(QObject *parent)
    : QObject(parent)
    , m_fields(new FieldTreeModel(this))
{
    rebuild();
}

void ProfileBuilder::setSample(const QString &text)
{
    if (text == m_sample && !m_sample.isEmpty())
        return;
    m_sample = text;
    m_sampleError.clear();
    m_doc = QJsonValue(QJsonValue::Undefined);
    const QByteArray utf8 = text.trimmed().toUtf8();
    if (utf8.size() > MaxSampleBytes) {
        m_sampleError = tr("The sample is %1 (%2 bytes); at most %3 bytes (1 MiB) are read. Paste a single message.")
                            .arg(sizeText(utf8.size())).arg(utf8.size()).arg(MaxSampleBytes);
    } else if (!utf8.isEmpty()) {
        const QString problem = ConnectionSpec::jsonProblem(QString::fromUtf8(utf8));
        if (!problem.isEmpty())
            m_sampleError = tr("The sample is not JSON (%1). The builder needs one JSON message; "
                               "plain-text messages cannot be mapped to series.").arg(problem);
        else
            m_doc = QJsonDocument::fromJson(utf8).isArray() ? QJsonValue(QJsonDocument::fromJson(utf8).array())
                                                            : QJsonValue(QJsonDocument::fromJson(utf8).object());
    }
    m_fields->setDocument(m_doc);
    // Keep the choices that still point at something, so a newer message keeps them.
    auto resolves = [this](const QString &p) { return !JsonPointer::parse(p).resolve(m_doc).isUndefined(); };
    m_values.removeIf([&](const QString &p) { return !resolves(p); });
    m_names.removeIf([&](const QString &p) { return !resolves(p); });
    m_match.removeIf([&](const QString &p) { return !resolves(p); });
    if (m_hasTime && !resolves(m_time))
        m_hasTime = false;
    if (m_hasItems && !resolves(m_items))
        m_hasItems = false;
    if (m_doc.isArray() && !m_hasItems) {   // a list at the root: each element is a record
        m_hasItems = true;
        m_items.clear();
    }
    Q_EMIT sampleChanged();
    if (!m_shownProfile.isEmpty() && m_values.isEmpty() && !m_doc.isUndefined()) {
        showProfile(m_shownProfile);   // rebuilds
        return;
    }
    rebuild();
}

void ProfileBuilder::setProfileName(const QString &name)
{
    if (name == m_profileName)
        return;
    m_profileName = name;
    rebuild();
}

QString ProfileBuilder::nameTemplate() const
{
    return m_template.isEmpty() ? autoTemplate() : m_template;
}

void ProfileBuilder::setNameTemplate(const QString &text)
{
    if (text == m_template || (text == autoTemplate() && m_template.isEmpty()))
        return;
    m_template = text == autoTemplate() ? QString() : text;
    rebuild();
}

void ProfileBuilder::setTimeFormat(const QString &format)
{
    if (format == m_timeFormat)
        return;
    m_timeFormat = format;
    rebuild();
}

QString ProfileBuilder::relative(const QString &path) const
{
    if (!m_hasItems)
        return path;
    const QJsonValue items = JsonPointer::parse(m_items).resolve(m_doc);
    const QString prefix = m_items + u'/';
    if (path.startsWith(prefix) || (!items.isArray() && path == m_items)) {
        QString rest = path.mid(m_items.size());
        if (items.isArray()) {   // drop the element index: every element is mapped alike
            const qsizetype next = rest.indexOf(u'/', 1);
            rest = next < 0 ? QString() : rest.mid(next);
        }
        return rest;
    }
    // A field outside the records is in the envelope (the message around them): one
    // "../" climbs from a record to the message (docs/profiles.md), e.g. an envelope
    // timestamp or exchange name that holds for every ticker.
    return QStringLiteral("../") + path.mid(1);
}

QString ProfileBuilder::valueLabel(const QString &relativePath) const
{
    const JsonPointer p = JsonPointer::parse(relativePath);
    return p.tokens().isEmpty() ? kValue : p.tokens().constLast();
}

QString ProfileBuilder::autoTemplate() const
{
    QStringList parts;
    for (const QString &n : m_names)
        parts.append(u'{' + relative(n) + u'}');
    parts.append(QStringLiteral("{value}"));
    return parts.join(u'.');
}

namespace {
// Takes path out of every part list, then gives it `part` unless it had it (toggle).
bool takeOut(QStringList *list, const QString &path)
{
    return list->removeAll(path) > 0;
}
} // namespace

QString ProfileBuilder::toggleValue(int row)
{
    if (row < 0 || row >= m_fields->rowCount())
        return tr("No such field.");
    const auto &r = m_fields->row(row);
    if (takeOut(&m_values, r.path)) {
        rebuild();
        return QString();
    }
    if (!r.numeric && r.kind != QLatin1String("bool"))
        return tr("\"%1\" is not a number; only numbers (or text holding one, like \"42.5\") can be charted.").arg(r.key);
    if (m_values.size() >= FeedProfile::kMaxValuesPerRule)
        return tr("At most %1 values per profile rule.").arg(FeedProfile::kMaxValuesPerRule);
    takeOut(&m_names, r.path);
    takeOut(&m_match, r.path);
    if (m_hasTime && m_time == r.path)
        m_hasTime = false;
    m_values.append(r.path);
    rebuild();
    return QString();
}

QString ProfileBuilder::toggleName(int row)
{
    if (row < 0 || row >= m_fields->rowCount())
        return tr("No such field.");
    const auto &r = m_fields->row(row);
    if (takeOut(&m_names, r.path)) {
        rebuild();
        return QString();
    }
    if (r.kind == QLatin1String("object") || r.kind == QLatin1String("array") || r.kind == QLatin1String("null")
        || r.kind == QLatin1String("more"))
        return tr("A series name needs text, a number or true/false; \"%1\" is %2.").arg(r.key, r.kind);
    takeOut(&m_values, r.path);
    takeOut(&m_match, r.path);
    if (m_hasTime && m_time == r.path)
        m_hasTime = false;
    m_names.append(r.path);
    rebuild();
    return QString();
}

QString ProfileBuilder::toggleTime(int row)
{
    if (row < 0 || row >= m_fields->rowCount())
        return tr("No such field.");
    const auto &r = m_fields->row(row);
    if (m_hasTime && m_time == r.path) {
        m_hasTime = false;
        rebuild();
        return QString();
    }
    const QString format = detectFormat(JsonPointer::parse(r.path).resolve(m_doc));
    if (format.isEmpty())
        return tr("\"%1\" is not a time: expected epoch seconds, milliseconds, microseconds or nanoseconds, "
                  "or ISO 8601 text such as 2024-05-01T12:00:00Z.").arg(r.key);
    takeOut(&m_values, r.path);
    takeOut(&m_names, r.path);
    takeOut(&m_match, r.path);
    m_time = r.path;
    m_hasTime = true;
    m_timeFormat.clear();   // detected anew for the new field
    rebuild();
    return QString();
}

QString ProfileBuilder::toggleItems(int row)
{
    if (row < 0 || row >= m_fields->rowCount())
        return tr("No such field.");
    const auto &r = m_fields->row(row);
    if (m_hasItems && m_items == r.path) {
        m_hasItems = m_doc.isArray() && r.path.isEmpty();   // a list at the root stays the records
        rebuild();
        return QString();
    }
    if (r.kind != QLatin1String("array") && r.kind != QLatin1String("object"))
        return tr("Items must be a list of records (or an object holding one record); \"%1\" is %2.").arg(r.key, r.kind);
    // The parts chosen so far were relative to the old records: start them again.
    m_values.clear();
    m_names.clear();
    m_hasTime = false;
    m_template.clear();
    m_items = r.path;
    m_hasItems = true;
    rebuild();
    return QString();
}

QString ProfileBuilder::toggleMatch(int row)
{
    if (row < 0 || row >= m_fields->rowCount())
        return tr("No such field.");
    const auto &r = m_fields->row(row);
    if (takeOut(&m_match, r.path)) {
        rebuild();
        return QString();
    }
    if (r.kind == QLatin1String("object") || r.kind == QLatin1String("array") || r.kind == QLatin1String("more"))
        return tr("Only single values can be matched; \"%1\" is %2.").arg(r.key, r.kind);
    takeOut(&m_values, r.path);
    takeOut(&m_names, r.path);
    if (m_hasTime && m_time == r.path)
        m_hasTime = false;
    m_match.append(r.path);
    rebuild();
    return QString();
}

void ProfileBuilder::clearParts()
{
    m_shownProfile.clear();   // cleared by hand: not shown again on the next sample
    m_labels.clear();
    m_values.clear();
    m_names.clear();
    m_match.clear();
    m_hasTime = false;
    m_hasItems = m_doc.isArray();
    m_items.clear();
    m_template.clear();
    m_timeFormat.clear();
    rebuild();
}

void ProfileBuilder::rebuild()
{
    QHash<QString, QString> parts;
    for (const QString &p : std::as_const(m_values))
        parts.insert(p, kValue);
    for (const QString &p : std::as_const(m_names))
        parts.insert(p, kName);
    for (const QString &p : std::as_const(m_match))
        parts.insert(p, kMatch);
    if (m_hasTime)
        parts.insert(m_time, kTime);
    if (m_hasItems && !m_doc.isUndefined())
        parts.insert(m_items, kItems);
    m_fields->setParts(parts);

    m_json.clear();
    m_preview.clear();
    m_previewTotal = 0;
    m_detectedFormat = m_hasTime ? detectFormat(JsonPointer::parse(m_time).resolve(m_doc)) : QString();
    if (m_doc.isUndefined()) {
        m_problem = m_sampleError.isEmpty() ? tr("Take the newest message of the connection, or paste one.") : m_sampleError;
        Q_EMIT profileChanged();
        return;
    }
    if (m_values.isEmpty()) {
        m_problem = tr("Click \"Value\" on each number you want to chart.");
        Q_EMIT profileChanged();
        return;
    }

    QJsonObject rule;
    if (!m_match.isEmpty()) {
        QJsonObject match;
        for (const QString &p : std::as_const(m_match))
            match.insert(p, JsonPointer::parse(p).resolve(m_doc));
        rule.insert(QLatin1String("match"), match);
    }
    if (m_hasItems)
        rule.insert(QLatin1String("items"), m_items);
    // Labels: the field's key; the relative path when two keys are alike ("bid/price").
    QJsonObject values;
    QStringList shortLabels;
    for (const QString &p : std::as_const(m_values))
        shortLabels.append(valueLabel(relative(p)));
    for (int i = 0; i < m_values.size(); ++i) {
        const QString rel = relative(m_values.at(i));
        QString label = shortLabels.count(shortLabels.at(i)) > 1 && !rel.isEmpty() ? rel.mid(1) : shortLabels.at(i);
        const QString shown = m_labels.value(m_values.at(i));   // a shown profile's own label
        if (!shown.isEmpty() && !values.contains(shown))
            label = shown;
        values.insert(values.contains(label) ? rel : label, rel);
    }
    rule.insert(QLatin1String("values"), values);
    rule.insert(QLatin1String("series"), m_template.isEmpty() ? autoTemplate() : m_template);
    if (m_hasTime) {
        rule.insert(QLatin1String("time"), relative(m_time));
        const QString format = m_timeFormat.isEmpty() ? m_detectedFormat : m_timeFormat;
        rule.insert(QLatin1String("timeFormat"), format.isEmpty() ? QStringLiteral("auto") : format);
    }
    const QString name = m_profileName.trimmed().isEmpty() ? tr("Built from a sample") : m_profileName.trimmed();
    m_json = QString::fromUtf8(QJsonDocument(QJsonObject{{QLatin1String("name"), name},
                                                         {QLatin1String("rules"), QJsonArray{rule}}})
                                   .toJson(QJsonDocument::Indented));

    // The real loader and mapper: the preview is what the connection will chart.
    FeedProfile profile;
    QString error;
    if (!FeedProfile::fromJson(m_json.toUtf8(), &profile, &error, tr("generated profile"))) {
        m_problem = error;
        Q_EMIT profileChanged();
        return;
    }
    SampleMapper mapper(profile);
    SampleBatch batch;
    mapper.map(QStringView(m_sample), QDateTime::currentMSecsSinceEpoch(), &batch);
    m_previewTotal = int(batch.size());
    for (const Sample &s : std::as_const(batch)) {
        if (m_preview.size() >= MaxPreviewRows)
            break;
        m_preview.append(QVariantMap{
            {QStringLiteral("series"), s.series},
            {QStringLiteral("value"), s.v},
            {QStringLiteral("time"), m_hasTime ? QDateTime::fromMSecsSinceEpoch(s.t, Qt::UTC).toString(Qt::ISODateWithMs)
                                               : tr("arrival time")}});
    }
    if (batch.isEmpty())
        m_problem = m_hasTime ? tr("This sample gives no series: check the time format (the time field must be "
                                   "readable as %1) and that every name field is present.")
                                    .arg(m_timeFormat.isEmpty() ? m_detectedFormat : m_timeFormat)
                              : tr("This sample gives no series: check that every name field is present and not empty.");
    else
        m_problem.clear();
    Q_EMIT profileChanged();
}
