// HubPeerModel: the host view's list of connected peers (address, nickname, kind,
// connected-since, messages/s, unsent bytes, rooms, topics read: who reads what). Rows are inserted/removed as peers
// come and go; the live columns are refreshed once per second as a single dataChanged
// over all rows (wire rate in, frame rate out). Owned by HubServer; QML reads it and
// calls HubServer::kick()/block() with the row's peerId.
#pragma once
#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class HubServer;

class HubPeerModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by HubServer")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        PeerIdRole = Qt::UserRole + 1, AddressRole, NicknameRole, KindRole, ConnectedSinceRole,
        MessagesPerSecRole, UnsentBytesRole, RoomsRole, TopicsRole
    };

    explicit HubPeerModel(HubServer *server);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void refresh();                         // recompute rates; one dataChanged for all rows

Q_SIGNALS:
    void countChanged();

private:
    struct Row
    {
        quint64 id = 0;
        qint64 lastMessages = 0;
        double messagesPerSec = 0;
    };
    void onConnected(quint64 id);
    void onDisconnected(quint64 id);

    HubServer *m_server;
    QList<Row> m_rows;
    QTimer m_timer;
    qint64 m_lastRefreshMs = 0;
};
