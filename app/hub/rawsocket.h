// RawSocket: the few socket calls RawWsLink makes on an accepted TCP descriptor, for POSIX
// and Windows. Non-blocking throughout: reads and writes return WouldBlock instead of
// waiting; a write never raises SIGPIPE.
#pragma once
#include <QByteArray>
#include <QHostAddress>
#include <QtGlobal>

namespace RawSocket {

constexpr qint64 WouldBlock = -2;
constexpr qint64 Failed = -1;

// Non-blocking, TCP_NODELAY, no SIGPIPE. false when the descriptor is unusable.
bool prepare(qintptr fd);
bool peer(qintptr fd, QHostAddress *address, quint16 *port);
// > 0 bytes read, 0 at end of stream, WouldBlock or Failed.
qint64 read(qintptr fd, char *buffer, qint64 size);
// Writes buffers[0] from `offset`, then buffers[1..count) in one gather call.
// >= 0 bytes written, WouldBlock or Failed.
qint64 write(qintptr fd, const QByteArray *buffers, int count, qsizetype offset);
void shutdownWrite(qintptr fd);
void close(qintptr fd);

} // namespace RawSocket
