#include "hublistener.h"
#include "rawsocket.h"

#include <QSslSocket>

void HubListener::incomingConnection(qintptr descriptor)
{
    if (!m_useTls) {
        Q_EMIT plainConnection(descriptor);
        return;
    }
    auto *ssl = new QSslSocket(this);
    ssl->setSslConfiguration(m_tls);
    if (!ssl->setSocketDescriptor(descriptor)) {
        delete ssl;
        RawSocket::close(descriptor);   // not adopted: still ours to close
        return;
    }
    // Small frames (chat lines, samples) must not wait for Nagle's algorithm.
    ssl->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    addPendingConnection(ssl);
}
