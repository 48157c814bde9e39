// libFuzzer target: the LAN discovery datagram parser (DiscoveryListener::parse). Every
// datagram is hostile: it is either a well-formed announcement within bounds, or refused
// with a reason.
#include "discoverylistener.h"

#include <QByteArray>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray datagram(reinterpret_cast<const char *>(data), qsizetype(size));
    DiscoveryListener::Announcement a;
    QString why;
    if (!DiscoveryListener::parse(datagram, &a, &why)) {
        if (why.isEmpty())
            std::abort();
        return 0;
    }
    if (datagram.size() > 1024 || a.session.isEmpty() || a.port == 0)
        std::abort();
    return 0;
}
