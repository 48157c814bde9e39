// FeedStats: a snapshot of one connection's health, emitted a few times per second
// from the ingest thread to the GUI (queued), never per message.
#pragma once
#include <QMetaType>
#include <QString>

enum class FeedState { Idle, Connecting, Live, Reconnecting, Failed, Closed };

struct FeedStats
{
    FeedState state = FeedState::Idle;
    double rttMs = -1;             // last heartbeat round trip; -1 = unknown
    double messagesPerSec = 0;
    double bytesPerSec = 0;
    qint64 messages = 0;           // total frames received
    qint64 bytes = 0;
    qint64 samples = 0;            // samples mapped
    qint64 unparsed = 0;           // frames that were not JSON (or not valid JSON)
    qint64 unmapped = 0;           // JSON frames with no sample (e.g. other message types)
    qint64 binaryFrames = 0;
    qint64 dropped = 0;            // refused: oversize, over series cap, etc.
    int reconnects = 0;
    int nextRetryMs = -1;          // when Reconnecting: delay chosen for the next attempt
    QString lastError;
};
Q_DECLARE_METATYPE(FeedStats)

QString feedStateName(FeedState s);
