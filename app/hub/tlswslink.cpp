#include "tlswslink.h"
#include "hubconfig.h"

#include <QPointer>
#include <QSslSocket>

TlsWsLink::TlsWsLink(QSslSocket *socket, const HubConfig &config, bool rawTopicsAllowed, QObject *parent)
    : WsServerLink(config, rawTopicsAllowed, parent), m_socket(socket)
{
    m_socket->setParent(this);
    setPeer(m_socket->peerAddress(), m_socket->peerPort());
}

TlsWsLink::~TlsWsLink()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void TlsWsLink::start()
{
    connect(m_socket, &QSslSocket::readyRead, this, &TlsWsLink::onReadyRead);
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] { endOfStream(); });
    connect(m_socket, &QSslSocket::sslErrors, this, [](const QList<QSslError> &) {
        // Server side without client certificates: nothing to verify, errors are fatal.
    });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (state() == State::Upgrade && !m_socket->isEncrypted())
            openingFailed(tr("TLS handshake failed: %1").arg(m_socket->errorString()));
    });
    armTimer(m_config.handshakeTimeoutMs);
    m_socket->startServerEncryption();
}

void TlsWsLink::onReadyRead()
{
    // received() may close the link (and the socket) part-way: re-check every round.
    QPointer<QSslSocket> socket = m_socket;
    while (socket && state() != State::Closed && socket->bytesAvailable() > 0) {
        const QByteArray chunk = socket->read(kReadChunk);
        received(chunk.constData(), chunk.size());
    }
}

qint64 TlsWsLink::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite() : 0;
}

void TlsWsLink::flush()
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->flush();
}

void TlsWsLink::enqueue(const QByteArray &bytes)
{
    if (m_socket)
        m_socket->write(bytes);
}

// TLS ends with close_notify and FIN after the queued bytes; the socket then reports
// disconnected (endOfStream) by itself.
void TlsWsLink::shutdownAfterOutput() { closeAfterOutput(); }

void TlsWsLink::closeAfterOutput()
{
    if (m_socket)
        m_socket->disconnectFromHost();
}

void TlsWsLink::closeTransport()
{
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
}
