// ChatMessage: one chat line as the client keeps it (room or private conversation).
#pragma once
#include <QString>

struct ChatMessage
{
    qint64 seq = 0;           // hub sequence number (rooms), local counter (private)
    qint64 ts = 0;            // ms since epoch, hub clock
    QString from;
    QString text;             // untrusted: render as plain text only
    bool mine = false;
    bool mentionsMe = false;
    bool history = false;     // replayed by the hub on first join, not received live
    bool alert = false;       // posted by an alert rule ("kind":"alert"), not typed by `from`
};
