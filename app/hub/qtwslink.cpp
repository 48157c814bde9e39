#include "qtwslink.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

QtWsLink::QtWsLink(QWebSocket *socket, QTcpSocket *transport, qint64 maxFrameBytes,
                   qint64 maxMessageBytes, QObject *parent)
    : HubLink(parent), m_socket(socket), m_transport(transport)
{
    m_socket->setParent(this);
    if (m_transport->parent() != m_socket)
        m_transport->setParent(m_socket);   // the WebSocket owns its transport
    m_socket->setMaxAllowedIncomingFrameSize(quint64(maxFrameBytes));
    m_socket->setMaxAllowedIncomingMessageSize(quint64(maxMessageBytes));
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &m) { Q_EMIT textReceived(m.toUtf8()); });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &HubLink::binaryReceived);
    connect(m_socket, &QWebSocket::disconnected, this, [this, maxMessageBytes] {
        if (!m_closing && m_socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
            Q_EMIT failed(QWebSocketProtocol::CloseCodeTooMuchData,
                          tr("message or frame larger than %1 bytes").arg(maxMessageBytes));
        Q_EMIT disconnected();
    });
}

QtWsLink::~QtWsLink()
{
    m_socket->disconnect(this);
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->abort();
}

bool QtWsLink::isOpen() const
{
    return !m_closing && m_transport->state() == QAbstractSocket::ConnectedState;
}

qint64 QtWsLink::bytesToWrite() const { return m_transport->bytesToWrite(); }
void QtWsLink::write(const QByteArray &frame) { m_transport->write(frame); }

void QtWsLink::flush()
{
    if (m_transport->state() == QAbstractSocket::ConnectedState)
        m_transport->flush();
}

void QtWsLink::close(int code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason.left(120));
    QPointer<QWebSocket> ws = m_socket;
    QTimer::singleShot(kCloseTimeoutMs, this, [ws] {
        if (ws)
            ws->abort();
    });
}

void QtWsLink::abort()
{
    m_closing = true;
    m_socket->abort();
}
