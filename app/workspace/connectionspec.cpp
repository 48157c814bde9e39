#include "connectionspec.h"

#include "proxysetting.h"
#include "secretentry.h"
#include "secretpolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>
#include <QUuid>


ConnectionSpec ConnectionSpec::fromVariant(const QVariantMap &map)
{
    ConnectionSpec s;
    s.name = map.value(QStringLiteral("name")).toString().trimmed();
    s.url = map.value(QStringLiteral("url")).toString().trimmed();
    s.headers = map.value(QStringLiteral("headers")).toString();
    s.subprotocols = map.value(QStringLiteral("subprotocols")).toString();
    s.profileText = map.value(QStringLiteral("profileText")).toString();
    s.profileSource = map.value(QStringLiteral("profileSource")).toString();
    s.pinSha256 = map.value(QStringLiteral("pinSha256")).toString().trimmed();
    s.savedMessages = map.value(QStringLiteral("savedMessages")).toStringList();
    s.readTransport(map.value(QStringLiteral("transport")).toString(),
                    map.value(QStringLiteral("pollIntervalMs"), s.pollIntervalMs).toInt(),
                    map.value(QStringLiteral("socketIoNamespace"), s.socketIoNamespace).toString(),
                    map.value(QStringLiteral("socketIoAuth")).toString());
    s.onConnect = map.value(QStringLiteral("onConnect")).toStringList();
    s.proxyMode = map.value(QStringLiteral("proxyMode"), s.proxyMode).toString();
    s.proxyUrl = map.value(QStringLiteral("proxyUrl")).toString().trimmed();
    s.proxyUser = map.value(QStringLiteral("proxyUser")).toString();
    s.proxyPassword = map.value(QStringLiteral("proxyPassword")).toString();
    return s;
}

void ConnectionSpec::readTransport(const QString &name, int pollMs, const QString &ns, const QString &auth)
{
    // An unknown name is kept as "unknown" so toProfile() reports it instead of silently
    // connecting another way.
    if (!name.isEmpty() && !transportFromName(name, &transport))
        unknownTransport = name.left(40);
    pollIntervalMs = pollMs;
    socketIoNamespace = ns.trimmed().left(MaxUrlChars);
    socketIoAuth = auth.left(MaxSocketIoAuthChars + 1);
}

QVariantMap ConnectionSpec::toVariant() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("url"), url},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("subprotocols"), subprotocols},
        {QStringLiteral("profileText"), profileText},
        {QStringLiteral("profileSource"), profileSource},
        {QStringLiteral("pinSha256"), pinSha256},
        {QStringLiteral("savedMessages"), savedMessages},
        {QStringLiteral("transport"), unknownTransport.isEmpty() ? transportName(transport) : unknownTransport},
        {QStringLiteral("pollIntervalMs"), pollIntervalMs},
        {QStringLiteral("socketIoNamespace"), socketIoNamespace},
        {QStringLiteral("socketIoAuth"), socketIoAuth},
        {QStringLiteral("onConnect"), onConnect},
        {QStringLiteral("proxyMode"), proxyMode},
        {QStringLiteral("proxyUrl"), proxyUrl},
        {QStringLiteral("proxyUser"), proxyUser},
        {QStringLiteral("proxyPassword"), proxyPassword},
        {QStringLiteral("demo"), demo},
        {QStringLiteral("missingSecrets"), missingSecrets},
    };
}

bool ConnectionSpec::toProfile(FeedProfile *out, QString *error) const
{
    auto fail = [error](const QString &e) {
        if (error)
            *error = e;
        return false;
    };
    FeedProfile profile;
    if (!profileText.trimmed().isEmpty()) {
        const QByteArray utf8 = profileText.toUtf8();
        if (utf8.size() > FeedProfile::kMaxFileBytes)
            return fail(QStringLiteral("The profile is larger than 1 MiB; profiles are small hand-written files."));
        QString profileError;
        const QString source = profileSource.isEmpty() ? QStringLiteral("profile") : profileSource;
        if (!FeedProfile::fromJson(utf8, &profile, &profileError, source))
            return fail(QStringLiteral("Profile: %1").arg(profileError));
    } else {
        profile.name = name;   // auto-discovery: every numeric field becomes a series
    }

    if (!unknownTransport.isEmpty())
        return fail(QStringLiteral("Unknown transport \"%1\"; choose Auto, WebSocket, Socket.IO, Server-Sent Events "
                                   "or HTTP polling.").arg(unknownTransport));
    // The editor's transport wins over the profile's unless it is Auto.
    const FeedTransport chosen = transport == FeedTransport::Auto ? profile.endpoint.transport : transport;
    const bool profileHasUrl = !profile.endpoint.url.isEmpty();
    QString e = checkUrl(url, !profileHasUrl, url.trimmed().isEmpty() ? FeedTransport::Auto : chosen);
    if (!e.isEmpty())
        return fail(e);
    if (!url.trimmed().isEmpty())
        profile.endpoint.url = QUrl(url.trimmed(), QUrl::StrictMode);
    if (!(e = checkTransportOptions(transport, pollIntervalMs, socketIoNamespace, socketIoAuth)).isEmpty())
        return fail(e);
    profile.endpoint.transport = chosen;
    if (transport == FeedTransport::HttpPoll)
        profile.endpoint.pollIntervalMs = pollIntervalMs;
    if (transport == FeedTransport::SocketIo) {
        profile.endpoint.socketIoNamespace = socketIoNamespace;
        profile.endpoint.socketIoAuth = QJsonDocument::fromJson(socketIoAuth.trimmed().toUtf8()).toJson(QJsonDocument::Compact);
    }
    if (profile.endpoint.onConnect.size() + onConnect.size() > MaxOnConnect)
        return fail(QStringLiteral("Too many on-connect messages: at most %1 (the profile's and these together).")
                        .arg(MaxOnConnect));
    for (int i = 0; i < onConnect.size(); ++i) {
        if (!(e = checkOnConnect(onConnect.at(i), i)).isEmpty())
            return fail(e);
        profile.endpoint.onConnect.append(onConnect.at(i).trimmed());
    }

    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    if (!(e = parseHeaders(headers, &extraHeaders)).isEmpty())
        return fail(e);
    for (const auto &h : std::as_const(extraHeaders)) {
        // A header typed in the editor replaces the profile's header of the same name.
        profile.endpoint.headers.removeIf([&](const QPair<QByteArray, QByteArray> &p) {
            return p.first.compare(h.first, Qt::CaseInsensitive) == 0;
        });
        profile.endpoint.headers.append(h);
    }
    if (profile.endpoint.headers.size() > MaxHeaders)
        return fail(QStringLiteral("Too many headers: at most %1 are allowed.").arg(MaxHeaders));

    QStringList protocols;
    if (!(e = parseSubprotocols(subprotocols, &protocols)).isEmpty())
        return fail(e);
    for (const QString &p : std::as_const(protocols))
        if (!profile.endpoint.subprotocols.contains(p))
            profile.endpoint.subprotocols.append(p);

    QByteArray pin;
    if (!(e = parsePin(pinSha256, &pin)).isEmpty())
        return fail(e);
    if (!pin.isEmpty()) {
        if (profile.endpoint.url.scheme().toLower() != QLatin1String("wss"))
            return fail(QStringLiteral("A TLS pin only applies to wss:// URLs; remove it or use wss://."));
        profile.endpoint.pinnedSha256 = pin;
    }
    // Profiles carry no proxy: the network a person is on decides, not the feed.
    if (!(e = checkProxy(proxyMode, proxyUrl, proxyUser, proxyPassword, &profile.endpoint)).isEmpty())
        return fail(e);
    profile.name = displayName(profile);
    if (out)
        *out = profile;
    return true;
}

QString ConnectionSpec::displayName(const FeedProfile &profile) const
{
    if (!name.isEmpty())
        return name;
    if (!profile.name.trimmed().isEmpty())
        return profile.name.trimmed();
    const QString host = profile.endpoint.url.host();
    return host.isEmpty() ? QStringLiteral("Feed") : host;
}

QJsonObject ConnectionSpec::toJson() const
{
    QStringList removed = missingSecrets;
    QJsonObject o;
    if (!id.isEmpty())
        o.insert(QLatin1String("id"), id);
    o.insert(QLatin1String("name"), name);
    o.insert(QLatin1String("url"), SecretPolicy::redactUrl(url, &removed));
    o.insert(QLatin1String("headers"), SecretPolicy::redactHeaders(headers, &removed));
    o.insert(QLatin1String("subprotocols"), subprotocols);
    o.insert(QLatin1String("profileText"), SecretPolicy::redactProfile(profileText, &removed));
    o.insert(QLatin1String("profileSource"), profileSource);
    o.insert(QLatin1String("pinSha256"), pinSha256);
    QJsonArray saved;
    for (const QString &m : savedMessages)
        saved.append(m);
    o.insert(QLatin1String("savedMessages"), saved);
    o.insert(QLatin1String("transport"), unknownTransport.isEmpty() ? transportName(transport) : unknownTransport);
    o.insert(QLatin1String("pollIntervalMs"), pollIntervalMs);
    o.insert(QLatin1String("socketIoNamespace"), socketIoNamespace);
    o.insert(QLatin1String("socketIoAuth"), SecretPolicy::redactSocketIoAuth(socketIoAuth, &removed));
    o.insert(QLatin1String("onConnect"), QJsonArray::fromStringList(SecretPolicy::redactOnConnect(onConnect, &removed)));
    o.insert(QLatin1String("proxy"), proxyMode);
    // The login has fields of its own; one typed into the address anyway never reaches the file.
    o.insert(QLatin1String("proxyUrl"), QUrl(proxyUrl).userInfo().isEmpty()
                                            ? proxyUrl : QUrl(proxyUrl).toString(QUrl::RemoveUserInfo));
    if (!proxyUser.isEmpty() || !proxyPassword.isEmpty())
        removed.append(QStringLiteral("proxy login"));
    removed.removeDuplicates();
    o.insert(QLatin1String("secrets"), QJsonArray::fromStringList(removed));
    return o;
}

ConnectionSpec ConnectionSpec::fromJson(const QJsonObject &o)
{
    static const QRegularExpression idPattern(QStringLiteral("^[0-9A-Za-z-]{1,64}$"));
    ConnectionSpec s;
    const QString id = o.value(QLatin1String("id")).toString();
    if (idPattern.match(id).hasMatch())
        s.id = id;
    s.name = o.value(QLatin1String("name")).toString().left(200);
    s.url = o.value(QLatin1String("url")).toString().left(MaxUrlChars);
    s.headers = o.value(QLatin1String("headers")).toString();
    s.subprotocols = o.value(QLatin1String("subprotocols")).toString();
    s.profileText = o.value(QLatin1String("profileText")).toString();
    s.profileSource = o.value(QLatin1String("profileSource")).toString();
    s.pinSha256 = o.value(QLatin1String("pinSha256")).toString();
    for (const QJsonValue &v : o.value(QLatin1String("savedMessages")).toArray()) {
        if (s.savedMessages.size() >= MaxSavedMessages)
            break;
        if (v.isString())
            s.savedMessages.append(v.toString().left(MaxSavedMessageChars));
    }
    // Files written before these fields existed read as Auto with the defaults.
    s.readTransport(o.value(QLatin1String("transport")).toString(),
                    o.value(QLatin1String("pollIntervalMs")).toInt(s.pollIntervalMs),
                    o.value(QLatin1String("socketIoNamespace")).toString(s.socketIoNamespace),
                    o.value(QLatin1String("socketIoAuth")).toString());
    for (const QJsonValue &v : o.value(QLatin1String("onConnect")).toArray()) {
        if (s.onConnect.size() >= MaxOnConnect)
            break;
        if (v.isString())
            s.onConnect.append(v.toString().left(MaxOnConnectChars + 1));   // + 1: too long is reported, not cut
    }
    // Files from before the proxy setting: the system's, as those versions did.
    s.proxyMode = o.value(QLatin1String("proxy")).toString(s.proxyMode).left(40);
    s.proxyUrl = o.value(QLatin1String("proxyUrl")).toString().left(ProxySetting::MaxAddressChars + 1);
    // "missingSecrets": the name in files written before the keychain support.
    const QJsonValue secrets = o.contains(QLatin1String("secrets")) ? o.value(QLatin1String("secrets"))
                                                                     : o.value(QLatin1String("missingSecrets"));
    for (const QJsonValue &v : secrets.toArray())
        if (v.isString() && s.missingSecrets.size() < 64)
            s.missingSecrets.append(v.toString().left(200));
    return s;
}

void ConnectionSpec::ensureId()
{
    if (id.isEmpty())
        id = QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject ConnectionSpec::secretValues() const
{
    QStringList removed;
    QJsonObject values;
    QJsonArray headerValues;
    SecretPolicy::redactHeaders(headers, &removed, &headerValues);
    if (!headerValues.isEmpty())
        values.insert(QLatin1String("headers"), headerValues);
    QJsonObject urlValues;
    SecretPolicy::redactUrl(url, &removed, &urlValues);
    if (!urlValues.isEmpty())
        values.insert(QLatin1String("url"), urlValues);
    QJsonObject profileValues;
    SecretPolicy::redactProfile(profileText, &removed, &profileValues);
    if (!profileValues.isEmpty())
        values.insert(QLatin1String("profile"), profileValues);
    QJsonArray messages;
    SecretPolicy::redactOnConnect(onConnect, &removed, &messages);
    QJsonArray kept;   // a message longer than the entry allows stays in memory only
    for (const QJsonValue &m : std::as_const(messages))
        if (m.toArray().at(1).toString().size() <= SecretEntry::MaxMessageChars)
            kept.append(m);
    if (!kept.isEmpty())
        values.insert(QLatin1String("onConnect"), kept);
    QString auth;
    SecretPolicy::redactSocketIoAuth(socketIoAuth, &removed, &auth);
    if (!auth.isEmpty() && auth.size() <= SecretEntry::MaxMessageChars)
        values.insert(QLatin1String("socketIoAuth"), auth);
    if (!proxyUser.isEmpty() || !proxyPassword.isEmpty())
        values.insert(QLatin1String("proxy"), QJsonObject{{QLatin1String("user"), proxyUser},
                                                          {QLatin1String("password"), proxyPassword}});
    return values;
}

void ConnectionSpec::restoreSecrets(const QJsonObject &values)
{
    QStringList restored;
    headers = SecretEntry::restoreHeaders(headers, values, missingSecrets, &restored);
    url = SecretEntry::restoreUrl(url, values.value(QLatin1String("url")).toObject(), QString(), missingSecrets, &restored);
    profileText = SecretEntry::restoreProfile(profileText, values.value(QLatin1String("profile")).toObject(),
                                              missingSecrets, &restored);
    onConnect = SecretEntry::restoreOnConnect(onConnect, values, missingSecrets, &restored);
    socketIoAuth = SecretEntry::restoreSocketIoAuth(socketIoAuth, values, missingSecrets, &restored);
    SecretEntry::restoreProxy(values, missingSecrets, &proxyUser, &proxyPassword, &restored);
    for (const QString &r : std::as_const(restored))
        missingSecrets.removeAll(r);
}
