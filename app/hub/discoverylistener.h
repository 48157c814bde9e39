// DiscoveryListener: the "Join" dialog's list of hubs announced on the LAN. It listens on
// the discovery group/port, validates every datagram like any other hostile input (size
// <= 1,024 bytes, JSON object, every member typed and bounded; anything else is counted
// and dropped), keys sessions by source address + port, and forgets a hub not heard from
// for expireMs (10 s). Bounded: at most 64 sessions. A QML_ELEMENT model; no sockets
// reach QML. Joining uses the url and fingerprint roles (pin on first use).
#pragma once
#include <QAbstractListModel>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class QUdpSocket;

class DiscoveryListener : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool listening READ isListening NOTIFY listeningChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY listeningChanged)
public:
    enum Role {
        SessionRole = Qt::UserRole + 1, HostRole, PortRole, SchemeRole, UrlRole,
        FingerprintRole, PasswordRequiredRole, LastSeenRole
    };
    static constexpr int MaxSessions = 64;

    explicit DiscoveryListener(QObject *parent = nullptr);
    ~DiscoveryListener() override;

    // Group (multicast) or unicast port to listen on; defaults to the discovery group.
    void setEndpoint(const QHostAddress &group, quint16 port);
    void setExpireMs(int ms) { m_expireMs = ms; }
    Q_INVOKABLE bool start();
    Q_INVOKABLE void stop();
    bool isListening() const { return m_socket != nullptr; }
    QString lastError() const { return m_lastError; }
    qint64 rejectedDatagrams() const { return m_rejected; }

    // Validates one datagram; false + *why when it is not a well-formed announcement.
    struct Announcement { QString session; quint16 port = 0; bool tls = false; QString fingerprint; bool password = false; };
    static bool parse(const QByteArray &datagram, Announcement *out, QString *why);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();
    void listeningChanged();
    void sessionFound(const QString &url);

private:
    struct Session { Announcement a; QHostAddress host; qint64 lastSeenMs = 0; QDateTime lastSeen; };
    void onReadyRead();
    void expire();
    static QString urlOf(const Session &s);

    QUdpSocket *m_socket = nullptr;
    QHostAddress m_group;
    quint16 m_port;
    int m_expireMs = 10'000;
    QTimer m_expiry;
    QList<Session> m_sessions;
    qint64 m_rejected = 0;
    QString m_lastError;
};
