// libFuzzer target: the feed profile reader (FeedProfile::fromJson, ProfileReader). A
// profile loads within its bounds or gives one "<file>:<line>: ..." line.
#include "feedprofile.h"

#include <QByteArray>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    FeedProfile profile;
    QString error;
    if (!FeedProfile::fromJson(json, &profile, &error, QStringLiteral("fuzz.json"))) {
        if (!error.startsWith(QLatin1String("fuzz.json")))
            std::abort();
        return 0;
    }
    if (profile.rules.size() > FeedProfile::kMaxRules || profile.splitKeys.size() > FeedProfile::kMaxSplitKeys)
        std::abort();
    for (const MappingRule &r : std::as_const(profile.rules)) {
        if (r.values.size() > FeedProfile::kMaxValuesPerRule)
            std::abort();
    }
    return 0;
}
