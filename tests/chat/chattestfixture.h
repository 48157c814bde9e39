// ChatTestFixture: what the chat QML tests need from C++ and QML cannot do itself:
// a private temporary directory (known hosts, hub data), reconnect policies of a
// ChatClient, a DiscoveryListener fed by a real DiscoveryAnnouncer over loopback UDP,
// and a model column read by role name. Created per test file from QML.
#pragma once
#include "chatclient.h"
#include "discoveryannouncer.h"
#include "discoverylistener.h"

#include <QAbstractItemModel>
#include <QObject>
#include <QTemporaryDir>
#include <QUdpSocket>

class ChatTestFixture : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString dir READ dir CONSTANT)
public:
    explicit ChatTestFixture(QObject *parent = nullptr) : QObject(parent) {}

    QString dir() const { return m_dir.path(); }
    Q_INVOKABLE QString path(const QString &name) const { return m_dir.filePath(name); }

    // Kicked/failed clients come back quickly (fast) or not during the test (slow).
    Q_INVOKABLE void setReconnect(ChatClient *client, bool fast)
    {
        client->setBackoff(fast ? BackoffPolicy{50, 200, 20} : BackoffPolicy{60'000, 60'000, 60'000});
    }

    // A listener on a private loopback UDP port and an announcer sending to it.
    Q_INVOKABLE DiscoveryListener *discovery(const QString &session, int hubPort, bool tls,
                                             const QString &fingerprint, bool password)
    {
        QUdpSocket probe;
        probe.bind(QHostAddress::LocalHost, 0);
        const quint16 port = probe.localPort();
        probe.close();
        auto *listener = new DiscoveryListener(this);
        listener->setEndpoint(QHostAddress::LocalHost, port);
        if (!listener->start())
            qWarning("discovery listener: %s", qPrintable(listener->lastError()));
        auto *announcer = new DiscoveryAnnouncer(this);
        announcer->setDestination(QHostAddress::LocalHost, port);
        announcer->setIntervalMs(200);
        announcer->setInfo({session, quint16(hubPort), tls, fingerprint, password});
        announcer->start();
        return listener;
    }

    // The values of one role (by name) of every row of a list model, as strings.
    Q_INVOKABLE QStringList column(QAbstractItemModel *model, const QString &roleName) const
    {
        QStringList out;
        if (!model)
            return out;
        const int role = model->roleNames().key(roleName.toUtf8(), -1);
        for (int i = 0; i < model->rowCount(); ++i)
            out << model->index(i, 0).data(role).toString();
        return out;
    }

private:
    QTemporaryDir m_dir;
};
