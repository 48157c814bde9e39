#include "feedstats.h"

QString feedStateName(FeedState s)
{
    switch (s) {
    case FeedState::Idle:
        return QStringLiteral("Idle");
    case FeedState::Connecting:
        return QStringLiteral("Connecting");
    case FeedState::Live:
        return QStringLiteral("Live");
    case FeedState::Reconnecting:
        return QStringLiteral("Reconnecting");
    case FeedState::Failed:
        return QStringLiteral("Failed");
    case FeedState::Closed:
        return QStringLiteral("Closed");
    }
    return QStringLiteral("Unknown");
}
