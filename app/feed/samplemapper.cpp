#include "samplemapper.h"
#include "samplevalue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

SampleMapper::SampleMapper(FeedProfile profile)
    : m_profile(std::move(profile)), m_auto(m_profile), m_rules(m_profile.rules)
{
    // Compile once: templates parsed, constant names built, so map() only resolves pointers.
    for (const MappingRule &rule : std::as_const(m_profile.rules)) {
        CompiledRule compiled;
        if (!rule.seriesTemplate.isEmpty())
            compiled.series = SeriesTemplate::parse(rule.seriesTemplate);
        if (compiled.series.isValid() && !compiled.series.usesRecordFields()) {
            for (const auto &value : rule.values) {
                QString name;
                compiled.series.expand(QJsonValue(), value.first, &name);
                compiled.fixedNames.append(finishSeriesName(&name) ? name : QString());
            }
        }
        m_compiled.append(compiled);
    }
}

bool SampleMapper::finishSeriesName(QString *name)
{
    SeriesTemplate::stripControlCharacters(name);
    return !name->isEmpty() && name->size() <= kMaxSeriesNameLength;
}

SampleMapper::Result SampleMapper::map(QStringView text, qint64 arrivalMs, SampleBatch *out)
{
    return map(QByteArrayView(text.toUtf8()), arrivalMs, out);
}

SampleMapper::Result SampleMapper::map(QByteArrayView utf8, qint64 arrivalMs, SampleBatch *out)
{
    const JsonTape::Status status = m_tape.parse(utf8);
    if (status == JsonTape::Status::TooLarge) {
        m_tape.clear();
        return mapWithQt(utf8.toByteArray(), arrivalMs, out);
    }
    if (status != JsonTape::Status::Ok)
        return Result::NotJson;
    const qsizetype before = out->size();
    if (m_profile.rules.isEmpty())
        m_auto.map(m_tape, arrivalMs, out);
    else
        m_rules.map(m_tape, arrivalMs, out);
    m_tape.clear();
    return out->size() > before ? Result::Mapped : Result::NoSamples;
}

SampleMapper::Result SampleMapper::mapWithQt(const QByteArray &utf8, qint64 arrivalMs, SampleBatch *out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError)
        return Result::NotJson;   // includes nesting deeper than Qt's parser allows
    if (doc.isObject())
        return mapDocument(doc.object(), arrivalMs, out);
    if (doc.isArray())
        return mapDocument(doc.array(), arrivalMs, out);
    return Result::NotJson;
}

SampleMapper::Result SampleMapper::mapDocument(const QJsonValue &doc, qint64 arrivalMs, SampleBatch *out)
{
    const qsizetype before = out->size();
    if (m_profile.rules.isEmpty()) {
        m_auto.map(doc, arrivalMs, out);
    } else {
        for (qsizetype i = 0; i < m_profile.rules.size(); ++i) {
            if (matches(m_profile.rules.at(i), doc)) {
                mapRule(i, doc, arrivalMs, out);
                break;
            }
        }
    }
    return out->size() > before ? Result::Mapped : Result::NoSamples;
}

bool SampleMapper::matches(const MappingRule &rule, const QJsonValue &doc)
{
    for (const auto &condition : rule.match)
        if (condition.first.resolve(doc) != condition.second)
            return false;
    return true;
}

void SampleMapper::mapRule(qsizetype index, const QJsonValue &doc, qint64 arrivalMs, SampleBatch *out)
{
    const MappingRule &rule = m_profile.rules.at(index);
    const CompiledRule &compiled = m_compiled.at(index);
    if (!compiled.series.isValid())
        return;
    const qsizetype limit = out->size() + kMaxSamplesPerMessage;
    m_levels[0] = doc;
    m_records = 0;
    if (rule.items.isEmpty())
        mapRecord(rule, compiled, 0, arrivalMs, out, limit);
    else
        walkItems(rule, compiled, 0, arrivalMs, out, limit);
}

void SampleMapper::walkItems(const MappingRule &rule, const CompiledRule &compiled, int level, qint64 arrivalMs,
                             SampleBatch *out, qsizetype limit)
{
    const QJsonValue records = rule.items.at(level).resolve(m_levels[level]);
    if (records.isUndefined())
        return;
    const bool last = level + 1 == rule.items.size();
    auto visit = [&](const QJsonValue &record) {
        m_levels[level + 1] = record;
        if (last)
            mapRecord(rule, compiled, level + 1, arrivalMs, out, limit);
        else
            walkItems(rule, compiled, level + 1, arrivalMs, out, limit);
    };
    if (!records.isArray()) {
        visit(records);
        return;
    }
    const QJsonArray array = records.toArray();
    for (qsizetype i = 0; i < array.size() && m_records < kMaxRecordsPerMessage && out->size() < limit; ++i) {
        ++m_records;
        visit(array.at(i));
    }
}

QJsonValue SampleMapper::at(const JsonPointer &pointer, int depth) const
{
    return pointer.up() > depth ? QJsonValue(QJsonValue::Undefined) : pointer.resolve(m_levels[depth - pointer.up()]);
}

void SampleMapper::mapRecord(const MappingRule &rule, const CompiledRule &compiled, int depth,
                             qint64 arrivalMs, SampleBatch *out, qsizetype limit)
{
    qint64 t = arrivalMs;
    if (rule.timeFormat != TimeFormat::Arrival && !SampleTime::toEpochMs(at(rule.time, depth), rule.timeFormat, &t))
        return;   // the record says when, but unreadably: skip rather than invent a time
    const bool fixed = !compiled.series.usesRecordFields();
    QStringList fieldTexts;
    if (!fixed)
        for (const JsonPointer &field : compiled.series.fieldPointers())
            fieldTexts.append(SeriesTemplate::fieldText(at(field, depth)));
    for (qsizetype k = 0; k < rule.values.size() && out->size() < limit; ++k) {
        double v = 0;
        if (!SampleValue::toDouble(at(rule.values.at(k).second, depth), true, &v))
            continue;
        QString name;
        if (fixed) {
            name = compiled.fixedNames.at(k);
            if (name.isEmpty())
                continue;
        } else {
            name.reserve(32);
            if (!compiled.series.expandFields(fieldTexts, rule.values.at(k).first, &name) || !finishSeriesName(&name))
                continue;
        }
        out->append(Sample{ std::move(name), t, v });
    }
}
