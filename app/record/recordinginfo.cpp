#include "recordinginfo.h"

#include "mcapreader.h"
#include "replaysource.h"

#include <QDir>

bool RecordingInfo::read(const QString &path, RecordingInfo *out, QString *error)
{
    *out = RecordingInfo{};
    McapReader reader;
    if (!reader.open(path, error))
        return false;
    QHash<quint16, int> channelConnection;   // channel id -> index in out->connections
    McapReader::Message m;
    McapReader::Next n;
    auto learn = [&](const McapReader::ChannelInfo &c) {
        if (channelConnection.contains(c.id))
            return;
        const QString name = c.connection();
        int index = -1;
        for (int i = 0; i < out->connections.size(); ++i) {
            if (out->connections[i].name == name)
                index = i;
        }
        if (index < 0) {
            out->connections.append({name, c.value("pulseboard.profile"), QString::fromUtf8(c.value("pulseboard.url")), 0});
            index = int(out->connections.size() - 1);
        }
        channelConnection.insert(c.id, index);
    };
    while ((n = reader.next(&m)) == McapReader::Next::Message) {
        if (!channelConnection.contains(m.channel)) {
            for (const McapReader::ChannelInfo &c : reader.channels())
                learn(c);
        }
        const qint64 ms = qint64(m.logTimeNs / 1'000'000ULL);
        if (out->messages == 0)
            out->firstMs = ms;
        out->lastMs = std::max(out->lastMs, ms);
        ++out->messages;
        ++out->connections[channelConnection.value(m.channel)].messages;
    }
    for (const McapReader::ChannelInfo &c : reader.channels())
        learn(c);
    out->complete = reader.isComplete();
    if (n == McapReader::Next::Truncated || n == McapReader::Next::Error)
        out->cutNote = reader.error();
    if (n == McapReader::Next::Error && out->messages == 0) {
        *error = reader.error();
        return false;
    }
    if (out->connections.isEmpty()) {
        *error = QStringLiteral("%1 holds no recorded connection.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return true;
}

bool RecordingInfo::replayProfile(const QString &path, const RecordedConnection &connection, double speed,
                                  FeedProfile *out, QString *error)
{
    FeedProfile profile;
    if (connection.mappingJson.isEmpty()) {
        profile.name = connection.name;   // not recorded by Pulseboard: auto-discovery
    } else if (!FeedProfile::fromJson(connection.mappingJson, &profile, error,
                                      QStringLiteral("%1 (mapping of \"%2\")").arg(QDir::toNativeSeparators(path), connection.name))) {
        return false;
    }
    profile.name = connection.name;
    profile.endpoint = FeedEndpoint{};
    profile.endpoint.url = ReplaySource::replayUrl(path, connection.name, speed);
    profile.endpoint.autoReconnect = false;
    *out = profile;
    return true;
}
