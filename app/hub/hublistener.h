// HubListener: the hub's listening TCP socket. At accept time it only decides the
// transport: with TLS a QSslSocket (TCP_NODELAY set) goes to the pending queue for a
// TlsWsLink; without TLS the bare descriptor is handed over (plainConnection) for a
// RawWsLink. Admission and upgrade are HubServer's and WsServerLink's.
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

Q_SIGNALS:
    void plainConnection(qintptr descriptor);   // receiver owns the descriptor

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QSslConfiguration m_tls;
    bool m_useTls = false;
};
