// HubCloseCodes: the WebSocket close codes the hub sends (docs/protocol.md, "Close codes").
// 1013 "Try Again Later" is in the IANA registry but not in QWebSocketProtocol::CloseCode,
// and Qt clients up to at least 6.8 report a received 1013 as 1002 ("invalid close code").
#pragma once

namespace HubCloseCodes {
constexpr int Normal = 1000;
constexpr int GoingAway = 1001;          // hub stopping
constexpr int ProtocolError = 1002;      // unsupported protocol version
constexpr int UnsupportedData = 1003;    // binary frame, or data sent on a read-only stream
constexpr int PolicyViolation = 1008;    // auth failed, rate abuse, kicked, blocked, hello timeout
constexpr int TooBig = 1009;             // message or frame over the limit
constexpr int TryAgainLater = 1013;      // slow consumer, or hub at capacity
}
