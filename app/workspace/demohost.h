// DemoHost: the embedded demo of the default run. Starts a HubServer on 127.0.0.1 (a
// free port) and a DemoPublisher whose messages go to HubServer::publish(); the
// dashboard then reads the topics back through ordinary FeedConnections and profiles
// (Workspace::startDemo), so the demo exercises the same path as any external feed.
// Created and owned by the Workspace; single-threaded (GUI thread).
#pragma once
#include <QObject>
#include <QUrl>

class DemoPublisher;
class HubServer;

class DemoHost : public QObject
{
    Q_OBJECT
public:
    explicit DemoHost(QObject *parent = nullptr);
    ~DemoHost() override;

    // false + a readable *error when the hub cannot listen.
    bool start(QString *error);
    void stop();
    bool isRunning() const;
    quint16 port() const;
    QUrl topicUrl(const QString &topic) const;   // ws://127.0.0.1:<port>/topics/<topic>
    qint64 publishFailures() const { return m_failures; }
    QString lastPublishError() const { return m_lastError; }

private:
    HubServer *m_hub = nullptr;
    DemoPublisher *m_publisher = nullptr;
    qint64 m_failures = 0;
    QString m_lastError;
};
