// ProfileReader: checks a profile's JSON text field by field and fills a FeedProfile,
// stopping at the first problem with "<file>:<line>: <field path>: <what is wrong and
// what is expected>". Unknown keys are errors (typos must not be silently ignored).
// Only FeedProfile::fromJson uses it; JsonLocator supplies the line numbers.
#pragma once
#include "feedprofile.h"

#include <QJsonObject>
#include <QStringList>

class ProfileReader
{
public:
    ProfileReader(QByteArray text, QString sourceName);
    bool read(FeedProfile *out);
    const QString &error() const { return m_error; }

private:
    // Records the error (anchored at anchorPath's line, or path's) and returns false.
    bool fail(const QString &path, const QString &what, const QString &anchorPath = QString());
    bool checkKeys(const QJsonObject &object, const QString &path, const QStringList &allowed);
    bool readString(const QJsonObject &o, const QString &parent, const QString &key, QString *out,
                    bool required = false);
    bool readPointer(const QJsonObject &o, const QString &parent, const QString &key, JsonPointer *out,
                     bool *present = nullptr, int maxUp = 0);
    bool readInt(const QJsonObject &o, const QString &parent, const QString &key, qint64 min,
                 qint64 max, qint64 *out);
    bool readObject(const QJsonObject &o, const QString &parent, const QString &key, QJsonObject *out,
                    bool *present);
    // maxUp > 0 accepts "../" references climbing at most that many items levels.
    bool readTime(const QJsonObject &o, const QString &path, JsonPointer *time, TimeFormat *format, int maxUp = 0);
    bool checkUp(const JsonPointer &pointer, int levels, const QString &path);
    static QString kindOf(const QJsonValue &v);   // "a number", "an array", ... for messages

    bool readConnection(const QJsonObject &o, FeedEndpoint *out);
    bool readTransport(const QJsonObject &o, const QString &scheme, FeedEndpoint *out);
    bool readHeaders(const QJsonValue &v, const QString &path, FeedEndpoint *out);
    bool readHeader(const QString &name, const QString &value, const QString &path, FeedEndpoint *out);
    bool readStringList(const QJsonObject &o, const QString &parent, const QString &key,
                        int maxCount, QStringList *out);
    bool readOnConnect(const QJsonObject &o, FeedEndpoint *out);
    bool readPin(const QJsonObject &o, FeedEndpoint *out);
    bool readBackoff(const QJsonObject &o, BackoffPolicy *out);
    bool readRule(const QJsonValue &v, const QString &path, MappingRule *out);
    bool readMatch(const QJsonObject &o, const QString &path, MappingRule *out);
    bool readItems(const QJsonObject &o, const QString &path, MappingRule *out);
    bool readValues(const QJsonObject &o, const QString &path, MappingRule *out);
    bool readSeries(const QJsonObject &o, const QString &path, MappingRule *out);
    bool readAuto(const QJsonObject &o, FeedProfile *out);

    QByteArray m_text;
    QString m_source;
    QString m_error;
};
