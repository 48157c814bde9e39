// ChatConnection: the client side of one hub connection (docs/protocol.md §4): owns the
// WsClient (our RFC 6455 client, app/net), pins the hub certificate with KnownHosts (wss), says hello, answers the
// challenge (PBKDF2 key cached per salt/iterations) and checks the hub's proof, then
// hands every envelope up as a typed QJsonObject. Reconnects with jittered backoff unless
// the failure is final (wrong password, changed or unknown certificate, nickname taken,
// closed by the hub with 1008 = kicked/blocked/abuse).
// Certificates: a wss:// hub is accepted only when its fingerprint is pinned in KnownHosts,
// equals Settings::expectedFingerprint (what the user confirmed or discovery announced;
// it is then pinned), or Settings::trustOnFirstUse is set. An unknown one is refused with
// its fingerprint in the message, before anything is sent.
// Owned by ChatClient, which holds the rooms and models; never touches a model itself.
#pragma once
#include "backoff.h"

#include <QAbstractSocket>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class WsClient;

class ChatConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Authenticating, Connected, Reconnecting, Failed };
    Q_ENUM(State)

    struct Settings
    {
        QUrl url;
        QString nick;
        QString password;
        QString knownHostsFile;       // empty: pins are not persisted (kept for this object only)
        QString expectedFingerprint;  // from discovery/URL: must match, else refused
        bool trustOnFirstUse = false; // pin an unknown certificate without asking (default: refuse)
        bool autoReconnect = true;
        int handshakeTimeoutMs = 15'000;
        qint64 maxMessageBytes = 1024 * 1024;
        BackoffPolicy backoff;
    };

    explicit ChatConnection(QObject *parent = nullptr);
    ~ChatConnection() override;

    void setSettings(const Settings &s) { m_settings = s; }
    const Settings &settings() const { return m_settings; }
    void open();
    void close();
    bool send(const QJsonObject &envelope);      // false when not Connected
    State state() const { return m_state; }
    QString sessionName() const { return m_session; }
    QString nick() const { return m_nick; }      // as accepted by the hub
    QString fingerprint() const { return m_fingerprint; }
    QString errorString() const { return m_error; }          // the last failed() message
    int maxTextBytes() const { return m_maxTextBytes; }      // from welcome.limits; 0 = not told
    bool reconnectPending() const { return m_retryTimer.isActive(); }

Q_SIGNALS:
    void stateChanged(ChatConnection::State state);
    void welcomed(const QString &session, const QString &nick);
    void envelope(const QJsonObject &message);   // every message after welcome
    void failed(const QString &message);         // final: no automatic retry (emitted before
                                                 // stateChanged(Failed), so the text is there)
    void problem(const QString &message);        // transient: a retry follows
    void certificateChanged(const QString &warning);
    void reconnectScheduled(int delayMs);

private:
    void startSocket();
    void onConnected();
    void onText(const QByteArray &utf8);
    void onDisconnected();
    void onChallenge(const QJsonObject &o);
    void onWelcome(const QJsonObject &o);
    void fail(const QString &message);
    void setState(State s);
    bool pinCheck();

    Settings m_settings;
    State m_state = State::Disconnected;
    QPointer<WsClient> m_socket;
    Backoff m_backoff;
    QTimer m_retryTimer;
    QTimer m_handshakeTimer;
    bool m_wantOpen = false;
    bool m_final = false;
    QString m_session, m_nick, m_fingerprint, m_error;
    int m_maxTextBytes = 0;
    QString m_nonce, m_cnonce;
    QByteArray m_key, m_keySalt;
    int m_keyIterations = 0;
    QString m_keyPassword;
};
