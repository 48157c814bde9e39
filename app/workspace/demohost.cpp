#include "demohost.h"

#include "demopublisher.h"
#include "hubserver.h"

#include <QHostAddress>

DemoHost::DemoHost(QObject *parent)
    : QObject(parent)
{
}

DemoHost::~DemoHost()
{
    stop();
}

bool DemoHost::start(QString *error)
{
    if (isRunning())
        return true;
    m_hub = new HubServer(this);
    HubConfig config;
    config.sessionName = QStringLiteral("Pulseboard demo");
    m_hub->setConfig(config);
    QString listenError;
    if (!m_hub->listen(QHostAddress::LocalHost, 0, &listenError)) {
        if (error)
            *error = QStringLiteral("The demo could not start its local hub: %1").arg(listenError);
        delete m_hub;
        m_hub = nullptr;
        return false;
    }
    m_publisher = new DemoPublisher(this);
    connect(m_publisher, &DemoPublisher::message, this, [this](const QString &topic, const QByteArray &json) {
        QString e;
        if (!m_hub->publish(topic, json, &e)) {
            ++m_failures;
            m_lastError = e;
        }
    });
    m_publisher->start();
    return true;
}

void DemoHost::stop()
{
    if (m_publisher) {
        m_publisher->stop();
        delete m_publisher;
        m_publisher = nullptr;
    }
    if (m_hub) {
        m_hub->stop(QStringLiteral("demo stopped"));
        delete m_hub;
        m_hub = nullptr;
    }
}

bool DemoHost::isRunning() const
{
    return m_hub && m_hub->isListening();
}

quint16 DemoHost::port() const
{
    return m_hub ? m_hub->port() : 0;
}

QUrl DemoHost::topicUrl(const QString &topic) const
{
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    url.setPath(QStringLiteral("/topics/") + topic);
    return url;
}
