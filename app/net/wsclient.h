// WsClient: the client side of one RFC 6455 connection, on a QSslSocket it owns: the
// route (direct, HTTP CONNECT tunnel or SOCKS5, ProxyTunnel), TLS for wss (inside the
// tunnel too), the opening handshake (WsClientHandshake), frames in (WsFrameReader,
// Role::Client) and out (WsFrameWriter, masked), permessage-deflate (WsDeflate), pings
// answered, and the close handshake both ways. It knows nothing of feeds or chat: FeedClient
// and ChatConnection own one each and decide about timeouts, heartbeats and reconnects.
// Messages come out as the validated bytes (textMessage is UTF-8, never a QString).
// One open() per object; after disconnected() make a new one.
// Bounds: input keeps one incomplete frame (header + maxFrameBytes) and one fragmented
// message (maxMessageBytes, WsFrameReader); the handshake and proxy reply heads at most
// 16 KiB / 8 KiB; our close waits kCloseTimeoutMs for the peer, then aborts.
#pragma once
#include "wsclienthandshake.h"
#include "wsframereader.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QNetworkProxy>
#include <QObject>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>
#include <functional>
#include <memory>

class QSslSocket;
class WsDeflate;

class WsClient : public QObject
{
    Q_OBJECT
public:
    static constexpr int kCloseTimeoutMs = 2000;
    static constexpr qsizetype kCompressFrom = 64;   // shorter messages go out uncompressed

    struct Options
    {
        WsClientHandshake::Offer offer;                 // url, headers, subprotocols, origin, deflate
        qint64 maxFrameBytes = 16 * 1024 * 1024;
        qint64 maxMessageBytes = 16 * 1024 * 1024;
        bool useSystemProxy = false;
        QUrl proxy;                                     // explicit proxy (ProxyTunnel::choose)
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        // Called once TLS is up, before the upgrade request (so no header reaches an
        // untrusted server): a non-empty answer refuses the server with that text.
        std::function<QString(const QSslCertificate &)> peerCheck;
    };

    // How the connection ended (valid after disconnected()).
    enum class Ending {
        None,
        ClosedByPeer,   // the server's close frame: closeCode()/closeReason() are its own
        ClosedByUs,     // close() (closeCode() is ours)
        FailedByUs,     // the server broke the protocol or a limit: we closed with closeCode()
        Refused,        // proxy, TLS check or upgrade refused: errorString()
        Lost            // the TCP/TLS connection failed or ended without a close: errorString()
    };

    explicit WsClient(QObject *parent = nullptr);
    ~WsClient() override;

    void open(const Options &options);
    bool isOpen() const { return m_phase == Phase::Open; }
    bool sendText(QByteArrayView utf8);
    bool sendBinary(QByteArrayView data);
    bool ping(const QByteArray &payload);               // at most 125 bytes
    void close(int code = 1000, const QString &reason = {});
    void abort();                                       // drop the connection now
    void ignoreSslErrors(const QList<QSslError> &errors);

    QString subprotocol() const { return m_subprotocol; }
    bool deflateOn() const { return m_deflate != nullptr; }
    QSslCertificate peerCertificate() const;
    Ending ending() const { return m_ending; }
    int closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }
    QString errorString() const { return m_error; }
    QAbstractSocket::SocketError socketError() const { return m_socketError; }
    qint64 maxFrameBytes() const { return m_options.maxFrameBytes; }
    qint64 maxMessageBytes() const { return m_options.maxMessageBytes; }

Q_SIGNALS:
    void connected();                                   // upgrade accepted
    void disconnected();                                // once; ending() says how
    void textMessage(const QByteArray &utf8);
    void binaryMessage(const QByteArray &data);
    void pong(const QByteArray &payload);
    void sslErrors(const QList<QSslError> &errors);     // answer with ignoreSslErrors() or not

private:
    enum class Phase { Idle, Connecting, Tunnel, Tls, Upgrade, Open, Closing, Closed };

    QString server() const;
    void onTcpConnected();
    void startTlsOrUpgrade();
    void onEncrypted();
    void sendUpgrade();
    void onReadyRead();
    void readHeads();
    void readFrames();
    void failConnection(int code, const QString &reason);
    void refuse(const QString &error);
    void onSocketError(QAbstractSocket::SocketError error);
    void finish();
    bool writeFrame(quint8 opcode, QByteArrayView payload, bool rsv1 = false);

    Options m_options;
    Phase m_phase = Phase::Idle;
    QSslSocket *m_socket = nullptr;
    bool m_tunnel = false;
    QNetworkProxy m_tunnelProxy;
    bool m_tls = false;
    QByteArray m_key;
    QByteArray m_in;               // a head so far, or one incomplete frame
    std::unique_ptr<WsFrameReader> m_reader;
    std::unique_ptr<WsDeflate> m_deflate;
    QTimer m_closeTimer;
    QString m_subprotocol;
    Ending m_ending = Ending::None;
    int m_closeCode = 1006;
    QString m_closeReason;
    QString m_error;
    QAbstractSocket::SocketError m_socketError = QAbstractSocket::UnknownSocketError;
};
