// HubNames: the one place that says what a valid nickname, room or topic name is
// (docs/protocol.md, "Names"). Used by the hub for every incoming name and by clients
// to validate before sending. Pure functions, no state.
#pragma once
#include <QString>

namespace HubNames {
// Nickname: 1..24 chars of [A-Za-z0-9_.-], starting with a letter or digit; "hub" is reserved.
// Uniqueness is case-insensitive (compare nickKey()).
bool isValidNick(const QString &nick);
QString nickKey(const QString &nick);
// Room: 1..32 chars of [a-z0-9_-], starting with a letter or digit.
bool isValidRoom(const QString &room);
// Topic: 1..128 chars, segments of [A-Za-z0-9_.-] separated by single '/', no empty,
// "." or ".." segment, no leading or trailing '/'.
bool isValidTopic(const QString &topic);
// Text: no C0 control characters except TAB and LF, no DEL, no lone surrogates.
bool isCleanText(const QString &text);
}
