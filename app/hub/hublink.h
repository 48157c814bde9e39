// HubLink: one hub connection as HubServer and the dispatcher see it: whole messages in,
// pre-built frames out, a close with a code. WsServerLink implements the WebSocket side
// once; RawWsLink (plain ws://, on the descriptor) and TlsWsLink (wss://, on a QSslSocket)
// only move its bytes. Nothing above this interface knows which transport a peer has.
#pragma once
#include <QByteArray>
#include <QObject>
#include <QString>

class HubLink : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    static constexpr int kCloseTimeoutMs = 2'000;   // a closed peer that never answers is aborted

    virtual bool isOpen() const = 0;              // frames written now will be sent
    virtual qint64 bytesToWrite() const = 0;      // queued, not yet taken by the kernel
    // Queue one whole server frame (HubServer::textFrame; shared, not copied).
    virtual void write(const QByteArray &frame) = 0;
    virtual void flush() = 0;                     // hand queued bytes to the kernel now
    // Close handshake with code and reason (at most 123 bytes of UTF-8 are sent); the
    // connection is aborted if the peer does not answer within kCloseTimeoutMs.
    virtual void close(int code, const QString &reason) = 0;
    virtual void abort() = 0;

Q_SIGNALS:
    void textReceived(const QByteArray &utf8);     // a whole, valid UTF-8 text message
    void binaryReceived(const QByteArray &data);
    void failed(int closeCode, const QString &reason);   // the link closed it: bad input
    void disconnected();                           // the connection is gone
};
