// LocalAddresses: the host dialog's and host view's view of this computer's network:
// the IPv4 addresses colleagues on the LAN can reach a hosted session at (so a session
// bound to 0.0.0.0 can show a joinable URL), and whether an address is loopback (TLS is
// the default off loopback, docs/protocol.md §1). Reads QNetworkInterface on refresh().
// Bound: at most MaxAddresses addresses.
#pragma once
#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class LocalAddresses : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList lan READ lan NOTIFY changed)
public:
    static constexpr int MaxAddresses = 16;

    explicit LocalAddresses(QObject *parent = nullptr);

    QStringList lan() const { return m_lan; }
    Q_INVOKABLE void refresh();
    Q_INVOKABLE bool isValid(const QString &address) const;
    Q_INVOKABLE bool isLoopback(const QString &address) const;
    // A URL others can use: a wildcard host (0.0.0.0, ::) replaced by the first LAN address.
    Q_INVOKABLE QString reachableUrl(const QString &url) const;
    // The same hub as seen from this computer (wildcard -> 127.0.0.1), for joining one's own session.
    Q_INVOKABLE QString loopbackUrl(const QString &url) const;

Q_SIGNALS:
    void changed();

private:
    QStringList m_lan;
};
