#include "topicrouter.h"

bool TopicRouter::subscribe(const QString &topic, quint64 peer)
{
    auto it = m_subs.find(topic);
    if (it == m_subs.end()) {
        if (m_subs.size() >= m_maxTopics)
            return false;
        it = m_subs.insert(topic, {});
    }
    if (!it->contains(peer))
        it->append(peer);
    return true;
}

void TopicRouter::unsubscribe(const QString &topic, quint64 peer)
{
    auto it = m_subs.find(topic);
    if (it == m_subs.end())
        return;
    it->removeOne(peer);
    if (it->isEmpty())
        m_subs.erase(it);
}
