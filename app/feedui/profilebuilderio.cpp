// ProfileBuilder, continued: where samples and profiles come from and go to (the
// connection's inspector log, profile files).
#include "profilebuilder.h"

#include "feedprofile.h"
#include "messagelog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFileInfo>
#include <QSaveFile>

namespace {

QString localPath(const QUrl &file)
{
    return file.isLocalFile() ? file.toLocalFile() : file.toString();
}

} // namespace

QString ProfileBuilder::takeNewest(MessageLog *log)
{
    if (!log)
        return tr("This connection has no message log yet; paste a sample message instead.");
    // The newest entries first; the whole ring only when the recent ones hold no message.
    const quint64 last = log->lastSeq();
    QList<MessageLog::Entry> entries = log->snapshot(last > 200 ? last - 200 : 0);
    auto newest = [](const QList<MessageLog::Entry> &list, bool jsonOnly) -> const MessageLog::Entry * {
        for (auto it = list.crbegin(); it != list.crend(); ++it)
            if (it->direction == MessageLog::Incoming && (!jsonOnly || it->kind == MessageLog::Json))
                return &*it;
        return nullptr;
    };
    if (!newest(entries, false))
        entries = log->snapshot(0);
    const MessageLog::Entry *json = newest(entries, true);
    if (!json) {
        if (const MessageLog::Entry *any = newest(entries, false))
            return tr("The messages received so far are not JSON (the newest starts \"%1\"); paste a JSON sample instead.")
                .arg(any->text.left(40));
        return tr("No message has arrived on this connection yet. Wait until it is live and a message shows in "
                  "the inspector, or paste a sample.");
    }
    if (json->truncated)
        return tr("The newest message is longer than the inspector keeps (%1 characters), so only its start is "
                  "known; paste the whole message instead.").arg(log->limits().maxEntryChars);
    setSample(json->text);
    return QString();
}

QString ProfileBuilder::saveProfile(const QUrl &file, const QString &text) const
{
    if (text.trimmed().isEmpty())
        return tr("Nothing to save yet: %1").arg(m_problem);
    const QString path = localPath(file);
    FeedProfile profile;
    QString error;
    if (!FeedProfile::fromJson(text.toUtf8(), &profile, &error, QFileInfo(path).fileName()))
        return tr("Not saved, the profile has a problem: %1").arg(error);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return tr("%1 cannot be written (%2); choose another folder.").arg(path, out.errorString());
    out.write(text.toUtf8());
    if (!out.commit())
        return tr("%1 could not be saved (%2); nothing was changed there.").arg(path, out.errorString());
    return QString();
}

QVariantMap ProfileBuilder::editorFields(const QString &profileText) const
{
    FeedProfile profile;
    QString error;
    if (!FeedProfile::fromJson(profileText.toUtf8(), &profile, &error, tr("built-in profile")))
        return {{QStringLiteral("error"), error}};
    QJsonObject root = QJsonDocument::fromJson(profileText.toUtf8()).object();
    QJsonObject connection = root.value(QLatin1String("connection")).toObject();
    QStringList onConnect;
    for (const QJsonValue &m : connection.value(QLatin1String("onConnect")).toArray())
        onConnect.append(m.isString() ? m.toString()
                                      : QString::fromUtf8((m.isObject() ? QJsonDocument(m.toObject()) : QJsonDocument(m.toArray()))
                                                              .toJson(QJsonDocument::Compact)));
    connection.remove(QLatin1String("onConnect"));
    root.insert(QLatin1String("connection"), connection);
    return {{QStringLiteral("url"), connection.value(QLatin1String("url")).toString()},
            {QStringLiteral("transport"), connection.value(QLatin1String("transport")).toString(QStringLiteral("auto"))},
            {QStringLiteral("onConnect"), onConnect},
            {QStringLiteral("profileText"), QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented))}};
}

QVariantMap ProfileBuilder::readProfile(const QUrl &file) const
{
    const QString path = localPath(file);
    QVariantMap out{{QStringLiteral("source"), QFileInfo(path).fileName()}};
    FeedProfile profile;
    QString error;
    if (!FeedProfile::load(path, &profile, &error)) {
        out.insert(QStringLiteral("error"), error);
        return out;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        out.insert(QStringLiteral("error"), tr("%1 cannot be read (%2).").arg(path, f.errorString()));
        return out;
    }
    out.insert(QStringLiteral("text"), QString::fromUtf8(f.read(FeedProfile::kMaxFileBytes)));
    return out;
}
