// MappingJson: a FeedProfile's mapping (name, description, rules, auto-discovery) as
// profile JSON (docs/profiles.md) WITHOUT its "connection": a recording stores it per
// connection so a replay maps the frames exactly as the live run did, and it never holds
// the URL's credentials, headers, on-connect messages or pins. FeedProfile::fromJson
// reads it back. Used by SessionRecorder; tested in tst_recordreplay.
#pragma once
#include "feedprofile.h"

#include <QByteArray>

namespace MappingJson {
QByteArray write(const FeedProfile &profile);
}
