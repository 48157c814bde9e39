// HubReply: how the hub's protocol handlers answer one peer (docs/protocol.md §2-§3):
// errors with a stable code and the member at fault, `re` copied from the request's
// `id`, and rejections that are logged and may close the connection. Shared by
// HubDispatcher (session), HubRooms (chat) and HubTopics (data); talks only to HubServer.
#pragma once
#include "hubenvelope.h"

#include <QJsonObject>
#include <QJsonValue>

class HubServer;
struct HubPeer;

namespace HubReply {
HubError error(const char *code, const QString &message, const char *field = "");
QJsonObject withRe(QJsonObject o, const QJsonValue &re);   // adds "re" unless re is undefined
void send(HubServer &server, HubPeer &p, const QJsonObject &o);
// Log "code(field): message" with the peer's address, send the error, close when closeCode.
// Chat/private text (§2.1): 1..maxBytes of UTF-8, no control characters but TAB and LF.
// false (with the error recorded in r) when r already failed or the text is invalid.
bool checkText(EnvelopeReader &r, const QString &text, int maxBytes);
void reject(HubServer &server, HubPeer &p, const HubError &err, const QJsonValue &re, int closeCode = 0);
}
