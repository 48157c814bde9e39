// HubTopics: data topics in the envelope protocol (docs/protocol.md §7): publish,
// subscribe, unsubscribe, and the fan-out of one publication to the topic's envelope
// subscribers ("sample") and raw /topics/ streams (the data as is). Each publication is
// serialised and framed once per kind and the same bytes are queued to every subscriber.
// HubDispatcher routes the envelopes here; HubServer::publish() feeds in-process data.
#pragma once
#include "hubenvelope.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

class HubServer;
struct HubPeer;

class HubTopics
{
public:
    explicit HubTopics(HubServer &server) : m_server(server) {}

    void onPublish(HubPeer &p, const Envelope &e);
    void onSubscribe(HubPeer &p, const Envelope &e);
    void onUnsubscribe(HubPeer &p, const Envelope &e);
    // `rawJson` is `data` serialised compactly (what raw streams receive).
    void deliverSample(const QString &topic, const QString &from, const QJsonValue &data,
                       const QByteArray &rawJson);

private:
    HubServer &m_server;
};
