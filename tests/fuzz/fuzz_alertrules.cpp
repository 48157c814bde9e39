// libFuzzer target: the alert rules parser (AlertRuleSet::fromJson, AlertRuleParser).
// A file either loads or gives one readable line; what loads must save and load back to
// the same rules (toJson -> fromJson), within the documented bounds.
#include "alertruleset.h"

#include <QByteArray>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    AlertRuleSet set;
    QString error;
    if (!AlertRuleSet::fromJson(json, &set, &error, QStringLiteral("fuzz.json"))) {
        if (!error.startsWith(QLatin1String("fuzz.json")) || error.contains(QLatin1Char('\n')) || !set.rules.isEmpty()) {
            std::fprintf(stderr, "bad refusal: %s\n", qPrintable(error));
            std::abort();
        }
        return 0;
    }
    if (set.rules.size() > AlertRuleSet::MaxRules)
        std::abort();
    AlertRuleSet again;
    if (!AlertRuleSet::fromJson(set.toJson(), &again, &error) || !(again == set)) {
        std::fprintf(stderr, "no round trip: %s\n%s\n", qPrintable(error), set.toJson().constData());
        std::abort();   // what loads must round-trip
    }
    return 0;
}
