// QtWsLink: a HubLink over QWebSocket, used for wss:// (QSslSocket underneath; TLS needs
// the socket's buffers anyway). Frames from HubServer go straight to the transport socket,
// the same bytes QWebSocket::sendTextMessage would write. Takes ownership of the socket.
#pragma once
#include "hublink.h"

class QTcpSocket;
class QWebSocket;

class QtWsLink : public HubLink
{
    Q_OBJECT
public:
    QtWsLink(QWebSocket *socket, QTcpSocket *transport, qint64 maxFrameBytes, qint64 maxMessageBytes,
             QObject *parent = nullptr);
    ~QtWsLink() override;

    bool isOpen() const override;
    qint64 bytesToWrite() const override;
    void write(const QByteArray &frame) override;
    void flush() override;
    void close(int code, const QString &reason) override;
    void abort() override;

private:
    QWebSocket *m_socket;
    QTcpSocket *m_transport;
    bool m_closing = false;
};
