#include "rawsocket.h"

#include <QVarLengthArray>
#include <climits>

#ifdef Q_OS_WIN
#  include <winsock2.h>
#  include <ws2tcpip.h>
#else
#  include <cerrno>
#  include <fcntl.h>
#  include <netinet/in.h>
#  include <netinet/tcp.h>
#  include <sys/socket.h>
#  include <sys/uio.h>
#  include <unistd.h>
#endif

namespace RawSocket {
namespace {
constexpr int kMaxGather = 64;   // buffers per write call (IOV_MAX is at least 1024)

#ifdef Q_OS_WIN
bool wouldBlock() { return WSAGetLastError() == WSAEWOULDBLOCK; }
#else
bool wouldBlock() { return errno == EAGAIN || errno == EWOULDBLOCK; }
#endif
} // namespace

bool prepare(qintptr fd)
{
    int one = 1;
#ifdef Q_OS_WIN
    u_long nonBlocking = 1;
    if (ioctlsocket(SOCKET(fd), FIONBIO, &nonBlocking) != 0)
        return false;
    setsockopt(SOCKET(fd), IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char *>(&one), sizeof one);
#else
    const int flags = fcntl(int(fd), F_GETFL);
    if (flags < 0 || fcntl(int(fd), F_SETFL, flags | O_NONBLOCK) < 0)
        return false;
    setsockopt(int(fd), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#  ifdef SO_NOSIGPIPE   // macOS and the BSDs; Linux uses MSG_NOSIGNAL per call
    setsockopt(int(fd), SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#  endif
#endif
    return true;
}

bool peer(qintptr fd, QHostAddress *address, quint16 *port)
{
    sockaddr_storage storage{};
#ifdef Q_OS_WIN
    int length = sizeof storage;
    if (getpeername(SOCKET(fd), reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return false;
#else
    socklen_t length = sizeof storage;
    if (getpeername(int(fd), reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return false;
#endif
    const auto *sa = reinterpret_cast<const sockaddr *>(&storage);
    address->setAddress(sa);
    if (sa->sa_family == AF_INET6) {
        *port = ntohs(reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_port);
        // A v4 peer on a dual-stack socket reads as ::ffff:a.b.c.d; keep it as v4.
        bool isV4 = false;
        const quint32 v4 = address->toIPv4Address(&isV4);
        if (isV4)
            address->setAddress(v4);
    } else {
        *port = ntohs(reinterpret_cast<const sockaddr_in *>(sa)->sin_port);
    }
    return true;
}

qint64 read(qintptr fd, char *buffer, qint64 size)
{
#ifdef Q_OS_WIN
    const int n = recv(SOCKET(fd), buffer, int(qMin<qint64>(size, INT_MAX)), 0);
#else
    ssize_t n;
    do {
        n = ::recv(int(fd), buffer, size_t(size), 0);
    } while (n < 0 && errno == EINTR);
#endif
    if (n >= 0)
        return n;
    return wouldBlock() ? WouldBlock : Failed;
}

qint64 write(qintptr fd, const QByteArray *buffers, int count, qsizetype offset)
{
    count = qMin(count, kMaxGather);
#ifdef Q_OS_WIN
    QVarLengthArray<WSABUF, kMaxGather> parts;
    for (int i = 0; i < count; ++i) {
        const qsizetype skip = i == 0 ? offset : 0;
        parts.append(WSABUF{ULONG(buffers[i].size() - skip), const_cast<char *>(buffers[i].constData() + skip)});
    }
    DWORD sent = 0;
    if (WSASend(SOCKET(fd), parts.data(), DWORD(parts.size()), &sent, 0, nullptr, nullptr) != 0)
        return wouldBlock() ? WouldBlock : Failed;
    return qint64(sent);
#else
    QVarLengthArray<iovec, kMaxGather> parts;
    for (int i = 0; i < count; ++i) {
        const qsizetype skip = i == 0 ? offset : 0;
        parts.append(iovec{const_cast<char *>(buffers[i].constData() + skip), size_t(buffers[i].size() - skip)});
    }
    msghdr message{};
    message.msg_iov = parts.data();
    message.msg_iovlen = decltype(message.msg_iovlen)(parts.size());
#  ifdef MSG_NOSIGNAL
    constexpr int flags = MSG_NOSIGNAL;
#  else
    constexpr int flags = 0;
#  endif
    ssize_t n;
    do {
        n = ::sendmsg(int(fd), &message, flags);
    } while (n < 0 && errno == EINTR);
    if (n >= 0)
        return n;
    return wouldBlock() ? WouldBlock : Failed;
#endif
}

void shutdownWrite(qintptr fd)
{
#ifdef Q_OS_WIN
    ::shutdown(SOCKET(fd), SD_SEND);
#else
    ::shutdown(int(fd), SHUT_WR);
#endif
}

void close(qintptr fd)
{
#ifdef Q_OS_WIN
    ::closesocket(SOCKET(fd));
#else
    ::close(int(fd));
#endif
}

} // namespace RawSocket
