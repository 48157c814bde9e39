// ChatClient: everything the QML chat pane needs from a hub, so the pane stays thin.
// It drives a ChatConnection (socket, TLS pin, login, reconnect) and keeps the client
// state of the envelope protocol: joined rooms with their last sequence number (resume
// after reconnect: join with `since`, duplicates dropped by seq), an outbox of unacked
// messages resent with the same id (idempotent), private conversations as "@nick" rooms,
// typing indicators (sent at most every 3 s, expired after 6 s) and @mentions of my
// nickname (flagged in the message model and emitted as mentioned() for alerts).
// Models: rooms (with unread counts), messages and participants of the current room;
// new messages reach the models in batches at most every 16 ms.
#pragma once
#include "chatconnection.h"
#include "chatmessage.h"
#include "chatmessagemodel.h"
#include "chatparticipantmodel.h"
#include "chatroommodel.h"

#include <QHash>
#include <QObject>
#include <QRegularExpression>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

class ChatClient : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString url READ url WRITE setUrl NOTIFY settingsChanged)
    Q_PROPERTY(QString nickname READ nickname WRITE setNickname NOTIFY settingsChanged)
    Q_PROPERTY(QString password READ passwordMask WRITE setPassword NOTIFY settingsChanged)
    Q_PROPERTY(QString knownHostsFile READ knownHostsFile WRITE setKnownHostsFile NOTIFY settingsChanged)
    Q_PROPERTY(QString expectedFingerprint READ expectedFingerprint WRITE setExpectedFingerprint NOTIFY settingsChanged)
    // Pin an unknown wss:// certificate without asking. Default false: an unknown certificate
    // is refused (lastError names its fingerprint) unless it equals expectedFingerprint.
    Q_PROPERTY(bool trustOnFirstUse READ trustOnFirstUse WRITE setTrustOnFirstUse NOTIFY settingsChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool connected READ isConnected NOTIFY stateChanged)
    Q_PROPERTY(QString sessionName READ sessionName NOTIFY stateChanged)
    Q_PROPERTY(QString fingerprint READ fingerprint NOTIFY stateChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(QString certificateWarning READ certificateWarning NOTIFY lastErrorChanged)
    Q_PROPERTY(QString currentRoom READ currentRoom WRITE setCurrentRoom NOTIFY currentRoomChanged)
    Q_PROPERTY(QString typingText READ typingText NOTIFY typingChanged)
    // The hub's limit for one message text in UTF-8 bytes (welcome.limits); 0 until welcomed.
    Q_PROPERTY(int maxTextBytes READ maxTextBytes NOTIFY maxTextBytesChanged)
    Q_PROPERTY(ChatRoomModel *rooms READ rooms CONSTANT)
    Q_PROPERTY(ChatMessageModel *messages READ messages CONSTANT)
    Q_PROPERTY(ChatParticipantModel *participants READ participants CONSTANT)
public:
    enum State { Disconnected, Connecting, Authenticating, Connected, Reconnecting, Failed };
    Q_ENUM(State)
    static constexpr int MaxMessagesPerRoom = ChatMessageModel::MaxRows;
    static constexpr int MaxOutbox = 500;

    explicit ChatClient(QObject *parent = nullptr);
    ~ChatClient() override;

    Q_INVOKABLE void connectToHub();
    Q_INVOKABLE void disconnectFromHub();
    Q_INVOKABLE bool join(const QString &room);
    Q_INVOKABLE bool leave(const QString &room);
    Q_INVOKABLE bool sendMessage(const QString &text);          // to currentRoom ("@nick" = private)
    Q_INVOKABLE bool sendPrivate(const QString &nick, const QString &text);
    // To a joined (not private) room while connected, e.g. an alert rule's post; false otherwise.
    Q_INVOKABLE bool sendToRoom(const QString &room, const QString &text);
    // An alert rule's post: shown to everyone as an alert from this user's Pulseboard, not
    // as their words, and never a chat event for anyone's alert rules (no alert loops).
    Q_INVOKABLE bool sendAlertToRoom(const QString &room, const QString &text);
    Q_INVOKABLE void openPrivate(const QString &nick);          // adds and selects "@nick"
    Q_INVOKABLE void setTyping(bool typing);                    // call on every keystroke / on clear
    Q_INVOKABLE void markRead(const QString &room);

    QString url() const { return m_settings.url.toString(); }
    void setUrl(const QString &u) { m_settings.url = QUrl(u.trimmed()); Q_EMIT settingsChanged(); }
    QString nickname() const { return m_settings.nick; }
    void setNickname(const QString &n) { m_settings.nick = n.trimmed(); Q_EMIT settingsChanged(); }
    QString passwordMask() const { return m_settings.password.isEmpty() ? QString() : QStringLiteral("********"); }
    void setPassword(const QString &p) { m_settings.password = p; Q_EMIT settingsChanged(); }
    QString knownHostsFile() const { return m_settings.knownHostsFile; }
    void setKnownHostsFile(const QString &f) { m_settings.knownHostsFile = f; Q_EMIT settingsChanged(); }
    QString expectedFingerprint() const { return m_settings.expectedFingerprint; }
    void setExpectedFingerprint(const QString &f) { m_settings.expectedFingerprint = f; Q_EMIT settingsChanged(); }
    bool trustOnFirstUse() const { return m_settings.trustOnFirstUse; }
    void setTrustOnFirstUse(bool on) { m_settings.trustOnFirstUse = on; Q_EMIT settingsChanged(); }
    void setAutoReconnect(bool on) { m_settings.autoReconnect = on; }
    void setBackoff(const BackoffPolicy &p) { m_settings.backoff = p; }

    State state() const { return State(int(m_connection->state())); }
    bool isConnected() const { return state() == Connected; }
    QString sessionName() const { return m_connection->sessionName(); }
    QString fingerprint() const { return m_connection->fingerprint(); }
    QString lastError() const { return m_lastError; }
    QString certificateWarning() const { return m_certificateWarning; }
    QString currentRoom() const { return m_current; }
    void setCurrentRoom(const QString &room);
    QString typingText() const;
    int maxTextBytes() const { return m_maxTextBytes; }
    qint64 lastSeq(const QString &room) const { return m_rooms.value(room).lastSeq; }
    int outboxSize() const { return int(m_outboxOrder.size()); }

    // The underlying connection, for helpers that want its typed envelope() signal.
    ChatConnection *connection() const { return m_connection; }
    ChatRoomModel *rooms() const { return m_roomModel; }
    ChatMessageModel *messages() const { return m_messageModel; }
    ChatParticipantModel *participants() const { return m_participantModel; }

    static QString defaultKnownHostsFile();

Q_SIGNALS:
    void settingsChanged();
    void stateChanged();
    void lastErrorChanged();
    void currentRoomChanged();
    void typingChanged();
    void maxTextBytesChanged();
    void mentioned(const QString &room, const QString &from, const QString &text, qint64 seq);
    void privateMessageReceived(const QString &from, const QString &text);
    // Every new (not replayed history, not mine) message, room or private ("@nick").
    void messageReceived(const QString &room, const QString &from, const QString &text, bool isPrivate);
    void errorReceived(const QString &code, const QString &message, const QString &field);

private:
    struct Room
    {
        bool isPrivate = false;
        bool joined = false;
        qint64 lastSeq = 0;
        qint64 localSeq = 0;          // private conversations number their own lines
        int unread = 0;
        int replayRemaining = 0;
        bool replayIsHistory = false; // first join: replayed lines are not "new"
        QList<ChatMessage> messages;
        QStringList members;
        QHash<QString, qint64> typingUntil;
    };
    struct Outgoing { QString room; QString text; bool alert = false; };

    void onWelcomed();
    void onEnvelope(const QJsonObject &o);
    void onJoined(const QJsonObject &o);
    void onMsg(const QJsonObject &o);
    void onPm(const QJsonObject &o);
    void onPresence(const QJsonObject &o);
    void onTyping(const QJsonObject &o);
    void addMessage(const QString &room, const ChatMessage &m, bool isNew);
    void flush();
    void expireTyping();
    void setLastError(const QString &e);
    bool mentionsMe(const QString &text) const;
    void sendJoin(const QString &room);
    bool queueSay(const QString &room, const QString &text, bool alert = false);

    ChatConnection *m_connection;
    ChatConnection::Settings m_settings;
    ChatRoomModel *m_roomModel;
    ChatMessageModel *m_messageModel;
    ChatParticipantModel *m_participantModel;
    QHash<QString, Room> m_rooms;
    QString m_current;
    QHash<QString, Outgoing> m_outbox;   // id -> message, until acked
    QStringList m_outboxOrder;
    QList<ChatMessage> m_pending;        // for the current room, not yet in the model
    QTimer m_flushTimer;
    QTimer m_typingTimer;
    qint64 m_lastTypingSentMs = -1;
    bool m_typingActive = false;
    quint64 m_nextId = 1;
    QString m_idPrefix;
    QRegularExpression m_mention;
    QString m_lastError;
    QString m_certificateWarning;
    int m_maxTextBytes = 0;
};
