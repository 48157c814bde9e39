// HandshakeGate: holds one accepted TCP (or TLS) socket from accept() until it is a
// WebSocket. It bounds and times the whole opening (TLS + HTTP upgrade request), reads
// the request line and headers without consuming them (peek), and decides the route
// ("/" = envelope protocol, "/topics/<name>" = raw topic stream) and the Origin verdict
// before QWebSocketServer sees a byte. HubServer creates it, listens to its signals and
// deletes it; the socket is handed on (headerAccepted) or closed by the gate (rejected).
#pragma once
#include "wsupgrade.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTcpSocket>
#include <QTimer>

class HandshakeGate : public QObject
{
    Q_OBJECT
public:
    using Route = WsUpgrade::Route;

    HandshakeGate(QTcpSocket *socket, int timeoutMs, int maxHeaderBytes,
                  const QStringList &allowedOrigins, QObject *parent = nullptr);

    void setRawTopicsAllowed(bool allowed) { m_rawTopicsAllowed = allowed; }
    void start();                   // TLS server handshake if QSslSocket, then read the request
    void upgraded();                // called by HubServer once the WebSocket exists: stop timing

    QTcpSocket *socket() const { return m_socket; }
    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; }
    QString peerText() const;       // "addr:port" for logs
    Route route() const { return m_route; }
    QString topic() const { return m_topic; }
    QString origin() const { return m_origin; }

Q_SIGNALS:
    void headerAccepted();                                      // hand socket to QWebSocketServer
    void rejected(const QString &reason);                       // gate closed the socket
    void gone();                                                // peer closed before upgrade

private:
    void onReadyRead();
    void reject(int httpStatus, const QByteArray &statusText, const QString &reason,
                const QByteArray &extraHeaders = {});

    QPointer<QTcpSocket> m_socket;
    QHostAddress m_address;
    quint16 m_port = 0;
    QTimer m_timer;
    int m_maxHeaderBytes;
    QStringList m_allowedOrigins;
    Route m_route = Route::Chat;
    QString m_topic;
    QString m_origin;
    bool m_rawTopicsAllowed = true;
    bool m_headerDone = false;
    bool m_finished = false;
};
