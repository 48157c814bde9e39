#include "feedprofile.h"
#include "profilereader.h"

#include <QFile>
#include <QFileInfo>

bool FeedProfile::fromJson(const QByteArray &json, FeedProfile *out, QString *error, const QString &sourceName)
{
    ProfileReader reader(json, sourceName);
    if (!reader.read(out)) {
        if (error)
            *error = reader.error();
        return false;
    }
    out->sourceFile = sourceName;
    return true;
}

bool FeedProfile::load(const QString &path, FeedProfile *out, QString *error)
{
    auto fail = [&](const QString &what) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, what);
        return false;
    };
    const QFileInfo info(path);
    if (!info.exists())
        return fail(QStringLiteral("no such file; check the profile path"));
    if (info.isDir())
        return fail(QStringLiteral("is a directory; expected a profile .json file"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read the profile: %1").arg(file.errorString()));
    // Read one byte past the limit rather than trusting size(): pipes and /proc lie.
    const QByteArray text = file.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes)
        return fail(QStringLiteral("the profile is larger than %1 bytes (1 MiB); profiles are small "
                                   "hand-written files, is this the right file?").arg(kMaxFileBytes));
    if (file.error() != QFileDevice::NoError)
        return fail(QStringLiteral("cannot read the profile: %1").arg(file.errorString()));
    return fromJson(text, out, error, path);
}
