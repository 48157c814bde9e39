// TopicRouter: which peers receive which topic. A topic exists while it has at least
// one subscriber; the number of such topics is bounded (HubConfig::maxTopics).
// Owned by HubServer; subscribe/unsubscribe come from the dispatcher and /topics streams.
#pragma once
#include <QHash>
#include <QList>
#include <QString>

class TopicRouter
{
public:
    explicit TopicRouter(int maxTopics) : m_maxTopics(maxTopics) {}
    void setMaxTopics(int maxTopics) { m_maxTopics = maxTopics; }

    bool subscribe(const QString &topic, quint64 peer);   // false: topic cap reached
    void unsubscribe(const QString &topic, quint64 peer);
    QList<quint64> subscribers(const QString &topic) const { return m_subs.value(topic); }
    int topicCount() const { return int(m_subs.size()); }

private:
    QHash<QString, QList<quint64>> m_subs;
    int m_maxTopics;
};
