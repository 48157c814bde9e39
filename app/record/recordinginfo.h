// RecordingInfo: what a recording holds, read once front to back with McapReader: its
// connections (name, mapping profile, URL without credentials), message count, time
// span, and whether it is complete or was cut. Turns each recorded connection into a
// FeedProfile whose endpoint replays it (ReplaySource), so the window, the headless
// runner and the tests replay through the same FeedConnection path as a live feed.
// Used by CommandLine (--replay), SessionReplay (the UI) and tests.
#pragma once
#include "feedprofile.h"

#include <QList>
#include <QString>

struct RecordedConnection
{
    QString name;
    QByteArray mappingJson;
    QString url;            // as recorded (no user info or query)
    qint64 messages = 0;
};

struct RecordingInfo
{
    QList<RecordedConnection> connections;
    qint64 messages = 0;
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    bool complete = false;  // ends with a footer (stopped cleanly)
    QString cutNote;        // when cut or damaged after the header: where (what is before still replays)

    // false + *error when the file is not a readable recording or holds no connection.
    static bool read(const QString &path, RecordingInfo *out, QString *error);
    // The profile that replays `connection` of the recording at path; speed as
    // ReplaySource::replayUrl. false + *error when its stored mapping is unusable.
    static bool replayProfile(const QString &path, const RecordedConnection &connection, double speed,
                              FeedProfile *out, QString *error);
};
