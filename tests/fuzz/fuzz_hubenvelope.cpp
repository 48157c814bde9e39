// libFuzzer target: the hub envelope parser (HubEnvelope::parse) and EnvelopeReader's
// typed, bounded members, as the dispatcher uses them on every chat frame.
#include "hubenvelope.h"

#include <QByteArray>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    const Envelope e = HubEnvelope::parse(frame);
    if (e.error.isError()) {
        if (e.error.message.isEmpty())
            std::abort();
        (void)HubEnvelope::serialize(HubEnvelope::errorObject(e.error, e.id));
        return 0;
    }
    if (e.type.isEmpty())
        std::abort();
    EnvelopeReader r(e.object);
    (void)r.string("room", false, 64);
    (void)r.string("text", false, 4000);
    (void)r.integer("since", false, 0, qint64(1) << 53);
    (void)r.boolean("private", false);
    (void)r.structure("data");
    (void)r.base64("nonce", 16, 64);
    (void)HubEnvelope::serialize(e.object);
    return 0;
}
