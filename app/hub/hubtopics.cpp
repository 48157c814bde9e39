#include "hubtopics.h"
#include "hubbridge.h"
#include "hubnames.h"
#include "hubpeer.h"
#include "hubreply.h"
#include "hubserver.h"
#include "topicrouter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

using namespace HubReply;

namespace {
using L = QLatin1String;
constexpr const char *kTopicRule = "must be 1-128 characters: segments of A-Z a-z 0-9 _ . - separated by /";

bool validTopic(const QString &s) { return HubNames::isValidTopic(s); }
} // namespace

void HubTopics::onPublish(HubPeer &p, const Envelope &e)
{
    EnvelopeReader r(e.object);
    const QString topic = r.string("topic", true, 128, validTopic, kTopicRule);
    const QJsonValue data = r.structure("data");
    if (!r.ok())
        return reject(m_server, p, r.error(), e.id);
    const QByteArray raw = data.isObject() ? QJsonDocument(data.toObject()).toJson(QJsonDocument::Compact)
                                           : QJsonDocument(data.toArray()).toJson(QJsonDocument::Compact);
    if (!e.id.isUndefined())
        send(m_server, p, withRe({{L("type"), L("ack")}, {L("topic"), topic}}, e.id));
    deliverSample(topic, p.nick, data, raw);
    if (HubBridge *b = m_server.bridge())
        b->localSample(topic, p.nick, raw);
}

void HubTopics::deliverSample(const QString &topic, const QString &from, const QJsonValue &data,
                              const QByteArray &rawJson)
{
    const QList<quint64> subs = m_server.topics().subscribers(topic);   // copy: sending may close peers
    if (subs.isEmpty())
        return;
    QByteArray rawFrame, envFrame;   // built on first use, then shared by every subscriber
    for (quint64 id : subs) {
        HubPeer *s = m_server.peer(id);
        if (!s)
            continue;
        if (s->kind == HubPeer::Kind::TopicStream) {
            if (rawFrame.isEmpty())
                rawFrame = HubServer::textFrame(rawJson);
            m_server.sendFrame(*s, rawFrame);
        } else {
            if (envFrame.isEmpty()) {
                envFrame = HubServer::textFrame(HubEnvelope::serialize(
                    {{L("type"), L("sample")}, {L("topic"), topic}, {L("from"), from},
                     {L("ts"), QDateTime::currentMSecsSinceEpoch()}, {L("data"), data}}));
            }
            m_server.sendFrame(*s, envFrame);
        }
    }
}

void HubTopics::onSubscribe(HubPeer &p, const Envelope &e)
{
    const HubConfig &cfg = m_server.config();
    EnvelopeReader r(e.object);
    const QString topic = r.string("topic", true, 128, validTopic, kTopicRule);
    if (!r.ok())
        return reject(m_server, p, r.error(), e.id);
    if (!p.topics.contains(topic)) {
        if (p.topics.size() >= cfg.maxTopicsPerPeer)
            return reject(m_server, p, error("limit_reached", QStringLiteral("at most %1 topics per connection").arg(cfg.maxTopicsPerPeer), "topic"), e.id);
        if (!m_server.topics().subscribe(topic, p.id))
            return reject(m_server, p, error("limit_reached", QStringLiteral("the hub has its maximum of %1 topics").arg(cfg.maxTopics), "topic"), e.id);
        p.topics.insert(topic);
    }
    send(m_server, p, withRe({{L("type"), L("subscribed")}, {L("topic"), topic}}, e.id));
}

void HubTopics::onUnsubscribe(HubPeer &p, const Envelope &e)
{
    EnvelopeReader r(e.object);
    const QString topic = r.string("topic", true, 128, validTopic, kTopicRule);
    if (!r.ok())
        return reject(m_server, p, r.error(), e.id);
    m_server.topics().unsubscribe(topic, p.id);
    p.topics.remove(topic);
    send(m_server, p, withRe({{L("type"), L("unsubscribed")}, {L("topic"), topic}}, e.id));
}
