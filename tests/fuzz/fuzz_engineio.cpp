// libFuzzer target: EngineIoParser, Engine.IO v4 and Socket.IO v4 text packets as a
// Socket.IO source reads them from each WebSocket frame: the packet, then for an open its
// JSON, for a message the Socket.IO packet, for an event the pipeline message, for a
// connect error its text. Checks: an Invalid result says why; views stay inside the frame;
// a namespace and ack id are within their bounds; an event message, when made, is a JSON
// object that QJsonDocument reads.
#include "engineioparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <cstdint>
#include <cstdlib>

namespace {
bool inside(QByteArrayView part, QByteArrayView whole)
{
    return part.isEmpty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    const EngineIoPacket packet = EngineIoParser::parsePacket(frame);
    if (packet.type == EngineIoPacket::Invalid) {
        if (packet.error.isEmpty())
            std::abort();
        return 0;
    }
    if (!inside(packet.data, frame))
        std::abort();
    if (packet.type == EngineIoPacket::Open) {
        const EngineIoOpen open = EngineIoParser::parseOpen(packet.data);
        // A maxPayload below 1 is ignored (crashes/fuzz_engineio/open-maxpayload-below-one).
        if (open.error.isEmpty() && (open.pingIntervalMs <= 0 || open.pingTimeoutMs <= 0 || open.maxPayload < 1))
            std::abort();
        return 0;
    }
    if (packet.type != EngineIoPacket::Message)
        return 0;
    const SocketIoPacket sio = EngineIoParser::parseSocketIo(packet.data);
    if (sio.type == SocketIoPacket::Invalid) {
        if (sio.error.isEmpty())
            std::abort();
        return 0;
    }
    if (!inside(sio.payload, frame) || sio.nsp.size() > EngineIoParser::kMaxNamespaceBytes   // bytes in; bad UTF-8 -> U+FFFD
        || sio.ackId < -1 || sio.ackId > 999'999'999'999'999)
        std::abort();
    if (sio.type == SocketIoPacket::Event) {
        QString error;
        const QByteArray message = EngineIoParser::eventMessage(sio.payload, &error);
        if (message.isEmpty()) {
            if (error.isEmpty())
                std::abort();
        } else {
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(message, &pe);
            // The arguments are copied byte for byte: a payload Qt itself refuses stays refused.
            if (pe.error == QJsonParseError::NoError && !doc.isObject())
                std::abort();
        }
        if (sio.ackId >= 0)
            (void)EngineIoParser::ackPacket(sio.nsp, sio.ackId);
    } else if (sio.type == SocketIoPacket::ConnectError) {
        (void)EngineIoParser::connectErrorText(sio.payload);
    }
    (void)EngineIoParser::namespaceProblem(sio.nsp);
    return 0;
}
