// TlsWsLink: WsServerLink over a QSslSocket (wss://). The TLS server handshake runs first,
// inside the same opening timer; then the bytes QSslSocket decrypts go through the same
// upgrade and framing code as plain ws://. Output is QSslSocket's buffer (bounded by
// HubServer's maxUnsentBytes like any link). Takes ownership of the socket.
#pragma once
#include "wsserverlink.h"

class QSslSocket;

class TlsWsLink : public WsServerLink
{
    Q_OBJECT
public:
    TlsWsLink(QSslSocket *socket, const HubConfig &config, bool rawTopicsAllowed, QObject *parent = nullptr);
    ~TlsWsLink() override;

    void start() override;
    qint64 bytesToWrite() const override;
    void flush() override;

protected:
    void enqueue(const QByteArray &bytes) override;
    void shutdownAfterOutput() override;
    void closeAfterOutput() override;
    void closeTransport() override;

private:
    void onReadyRead();

    QSslSocket *m_socket;
};
