// HubListener: the hub's listening TCP socket. It only decides the socket class at
// accept time (QSslSocket when a TLS configuration is set, else QTcpSocket) and sets
// TCP_NODELAY; admission, TLS handshake and upgrade are HubServer's and HandshakeGate's.
#pragma once
#include <QSslConfiguration>
#include <QTcpServer>

class HubListener : public QTcpServer
{
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;
    void setTls(const QSslConfiguration &config) { m_tls = config; m_useTls = true; }
    void clearTls() { m_useTls = false; }
    bool usesTls() const { return m_useTls; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QSslConfiguration m_tls;
    bool m_useTls = false;
};
