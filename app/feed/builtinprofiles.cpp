#include "builtinprofiles.h"
#include "feedprofile.h"

#include <QDir>
#include <QFile>
#include <QVariantMap>
#include <QtDebug>

#include <algorithm>

BuiltinProfiles::BuiltinProfiles(QObject *parent) : QObject(parent) {}

BuiltinProfiles *BuiltinProfiles::create(QQmlEngine *, QJSEngine *)
{
    return new BuiltinProfiles;   // stateless: the engine owns it
}

namespace {
QList<BuiltinProfiles::Entry> readAll()
{
    QList<BuiltinProfiles::Entry> out;
    const QDir dir(QString::fromLatin1(BuiltinProfiles::kResourceDir));
    const QStringList files = dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        if (out.size() >= BuiltinProfiles::kMaxProfiles)
            break;
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = f.read(FeedProfile::kMaxFileBytes + 1);
        FeedProfile profile;
        QString error;
        if (!FeedProfile::fromJson(text, &profile, &error, file)) {
            qWarning("built-in profile left out: %s", qPrintable(error));
            continue;
        }
        BuiltinProfiles::Entry e;
        e.id = file.chopped(5);
        e.name = profile.name;
        e.description = profile.description;
        e.url = profile.endpoint.url.toString();
        e.fileText = QString::fromUtf8(text);
        out.append(e);
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return out;
}

QVariantMap toMap(const BuiltinProfiles::Entry &e)
{
    return { { QStringLiteral("id"), e.id },
             { QStringLiteral("name"), e.name },
             { QStringLiteral("description"), e.description },
             { QStringLiteral("url"), e.url },
             { QStringLiteral("fileText"), e.fileText } };
}
} // namespace

const QList<BuiltinProfiles::Entry> &BuiltinProfiles::entries()
{
    static const QList<Entry> all = readAll();
    return all;
}

const BuiltinProfiles::Entry *BuiltinProfiles::find(const QString &id)
{
    for (const Entry &e : entries())
        if (e.id == id)
            return &e;
    return nullptr;
}

QVariantList BuiltinProfiles::profiles() const
{
    QVariantList list;
    for (const Entry &e : entries())
        list.append(toMap(e));
    return list;
}

QVariantMap BuiltinProfiles::profile(const QString &id) const
{
    const Entry *e = find(id);
    return e ? toMap(*e) : QVariantMap();
}
