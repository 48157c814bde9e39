// ProtoMapper: a benchmark-only PROTOTYPE, not product code. It shows what the ingest path
// costs when a message is mapped without building a QJsonDocument: one pass over the
// UTF-16 text as QWebSocket delivers it (no toUtf8), recording the spans of the top-level
// members, then the profile's rule (match, values, time, "{/field}.{value}" names) applied
// to those spans, with the expanded series names cached per record field value.
// Supports only what bench/profiles/ticks.json uses: one rule, single-segment pointers,
// a flat object without escapes in the fields it reads; anything else returns false (the
// product would fall back to SampleMapper). Used by bench_ingest --mode proto / rawproto.
#pragma once
#include "feedprofile.h"
#include "sample.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

class ProtoMapper
{
public:
    explicit ProtoMapper(const FeedProfile &profile);
    bool ok() const { return m_ok; }
    // Appends the message's samples to *out; false when the prototype cannot map it.
    bool map(QStringView text, qint64 arrivalMs, SampleBatch *out);

private:
    struct Member { QStringView key; QStringView value; bool string; };
    const Member *find(QStringView key) const;
    const QStringList &namesFor(QStringView fieldValue);

    bool m_ok = false;
    QList<QPair<QString, QString>> m_match;   // key -> expected string value
    QList<QPair<QString, QString>> m_values;  // value label -> key
    QString m_timeKey;
    QString m_nameField;                      // the {/field} of the series template
    QString m_prefixSep;                      // text between {/field} and {value}
    QList<QPair<QString, QStringList>> m_nameCache;   // field value -> names per value
    Member m_members[32];
    int m_memberCount = 0;
};
