#include "commandline.h"

#include "hubnames.h"
#include "proxysetting.h"
#include "recordinginfo.h"
#include "replaysource.h"
#include "seriesexportjob.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

namespace {

QString optionError(const QString &option, const QString &what)
{
    return QStringLiteral("pulseboard: %1: %2").arg(option, what);
}

bool parseBytes(const QString &text, qint64 *out)
{
    // Accepts 1048576, 64K, 16M, 1G (binary multiples).
    QString t = text.trimmed().toUpper();
    qint64 mult = 1;
    if (t.endsWith(QLatin1Char('K'))) mult = 1024;
    else if (t.endsWith(QLatin1Char('M'))) mult = 1024 * 1024;
    else if (t.endsWith(QLatin1Char('G'))) mult = 1024LL * 1024 * 1024;
    if (mult != 1)
        t.chop(1);
    bool ok = false;
    const qint64 n = t.toLongLong(&ok);
    if (!ok || n <= 0 || n > (qint64(1) << 40) / mult)
        return false;
    *out = n * mult;
    return true;
}

} // namespace

bool CommandLine::parseHostSpec(const QString &spec, QHostAddress *address, quint16 *port, QString *error)
{
    // Accepts PORT, ADDR:PORT, [v6addr]:PORT.
    QString addr;
    QString portText = spec;
    const int colon = spec.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0) {
        addr = spec.left(colon);
        portText = spec.mid(colon + 1);
        if (addr.startsWith(QLatin1Char('[')) && addr.endsWith(QLatin1Char(']')))
            addr = addr.mid(1, addr.size() - 2);
    }
    bool ok = false;
    const uint p = portText.toUInt(&ok);
    if (!ok || p > 65535) {
        *error = optionError(QStringLiteral("--host"),
                             QStringLiteral("'%1' is not [ADDR:]PORT (PORT 0-65535, 0 = any free port)").arg(spec));
        return false;
    }
    QHostAddress a = QHostAddress::LocalHost;
    if (!addr.isEmpty()) {
        if (addr == QLatin1String("localhost"))
            a = QHostAddress::LocalHost;
        else if (addr == QLatin1String("*") || addr == QLatin1String("0.0.0.0"))
            a = QHostAddress::AnyIPv4;
        else if (!a.setAddress(addr)) {
            *error = optionError(QStringLiteral("--host"),
                                 QStringLiteral("'%1' is not an IP address").arg(addr));
            return false;
        }
    }
    *address = a;
    *port = quint16(p);
    return true;
}

bool CommandLine::parseHeader(const QString &spec, QPair<QByteArray, QByteArray> *header, QString *error)
{
    const int colon = spec.indexOf(QLatin1Char(':'));
    const QString name = colon > 0 ? spec.left(colon).trimmed() : QString();
    const QString value = colon > 0 ? spec.mid(colon + 1).trimmed() : QString();
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$"));
    if (name.isEmpty() || !token.match(name).hasMatch()) {
        *error = optionError(QStringLiteral("--header"),
                             QStringLiteral("'%1' is not \"Name: value\" with a valid header name").arg(spec));
        return false;
    }
    for (QChar c : value) {
        if (c == QLatin1Char('\r') || c == QLatin1Char('\n') || c.unicode() == 0) {
            *error = optionError(QStringLiteral("--header"),
                                 QStringLiteral("value of '%1' contains a line break or NUL").arg(name));
            return false;
        }
    }
    *header = {name.toLatin1(), value.toUtf8()};
    return true;
}

// The hub options that need a check of their own; `named` = --session-name was given.
static bool checkHubOptions(const Options &o, bool named, QString *error)
{
    if (named && (o.sessionName.trimmed().isEmpty() || o.sessionName.size() > 64)) {
        *error = optionError(QStringLiteral("--session-name"), QStringLiteral("must be 1-64 characters"));
        return false;
    }
    for (const QString &origin : o.allowedOrigins) {
        const QUrl u(origin, QUrl::StrictMode);
        const QString scheme = u.scheme().toLower();
        // An Origin is scheme://host[:port], exactly as a browser sends it: no path, no slash.
        if (!u.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
            || u.host().isEmpty() || !u.path().isEmpty() || u.hasQuery() || u.hasFragment() || !u.userInfo().isEmpty()) {
            *error = optionError(QStringLiteral("--allow-origin"),
                                 QStringLiteral("'%1' is not an Origin; expected scheme://host[:port], "
                                                "e.g. https://lab.example:8443").arg(origin));
            return false;
        }
    }
    if (!o.host && (named || !o.allowedOrigins.isEmpty() || o.rawTopics)) {
        *error = optionError(named ? QStringLiteral("--session-name")
                                   : !o.allowedOrigins.isEmpty() ? QStringLiteral("--allow-origin") : QStringLiteral("--raw-topics"),
                             QStringLiteral("only applies to a hub: add --host [ADDR:]PORT"));
        return false;
    }
    return true;
}

// --record FILE, --replay FILE, --replay-speed S (nullptr = not given). A replay adds one
// feed per recorded connection (its recorded mapping, a file: URL that ReplaySource plays).
static bool parseRecordReplay(const QString *record, const QString *replay, const QString *speedText,
                              bool hasFeeds, Options *out, QString *error)
{
    if (speedText && !replay) {
        *error = optionError(QStringLiteral("--replay-speed"), QStringLiteral("only applies to --replay FILE"));
        return false;
    }
    if (replay) {
        if (hasFeeds || record) {
            *error = optionError(QStringLiteral("--replay"),
                                 QStringLiteral("replays a recording with the mappings it was recorded with; "
                                                "it cannot be combined with --connect, --profile or --record"));
            return false;
        }
        double speed = 1;
        if (speedText && !ReplaySource::parseSpeed(*speedText, &speed)) {
            *error = optionError(QStringLiteral("--replay-speed"),
                                 QStringLiteral("'%1' is not a speed: use 1, 10, another factor from 0.01 to 1000, or max")
                                     .arg(*speedText));
            return false;
        }
        RecordingInfo info;
        QString why;
        if (!RecordingInfo::read(*replay, &info, &why)) {
            *error = optionError(QStringLiteral("--replay"), why);
            return false;
        }
        for (const RecordedConnection &c : std::as_const(info.connections)) {
            FeedProfile profile;
            if (!RecordingInfo::replayProfile(*replay, c, speed, &profile, &why)) {
                *error = optionError(QStringLiteral("--replay"), why);
                return false;
            }
            out->feeds.append(profile);
        }
        out->replayFile = *replay;
        out->replayNote = info.cutNote;
    }
    if (record) {
        if (!out->headless) {   // the window records from its record bar (RecordBar.qml)
            *error = optionError(QStringLiteral("--record"),
                                 QStringLiteral("records only with --headless; in the window use the ● Record button above the charts"));
            return false;
        }
        if (!hasFeeds) {
            *error = optionError(QStringLiteral("--record"), QStringLiteral("needs a feed to record: add --connect URL"));
            return false;
        }
        const QString why = SeriesExportJob::checkPath(*record);
        if (!why.isEmpty()) {
            *error = optionError(QStringLiteral("--record"), why);
            return false;
        }
        out->recordFile = *record;
    }
    return true;
}

// --nats URL[,URL...] (+ --nats-creds, --nats-ca): nats:// or tls:// URLs, only with --host.
static bool parseNatsOptions(const QStringList &values, const QString &creds, const QString &ca, Options *o, QString *error)
{
    for (const QString &v : values) {
        for (const QString &part : v.split(u',', Qt::SkipEmptyParts)) {
            const QUrl u(part.trimmed(), QUrl::StrictMode);
            const QString scheme = u.scheme().toLower();
            if (!u.isValid() || u.host().isEmpty() || (scheme != QLatin1String("nats") && scheme != QLatin1String("tls"))) {
                *error = optionError(QStringLiteral("--nats"),
                                     QStringLiteral("'%1' is not a NATS server URL; expected nats://host:4222 "
                                                    "or tls://host:4222").arg(part.trimmed()));
                return false;
            }
            o->nats.urls << part.trimmed();
        }
    }
    if ((!values.isEmpty() && o->nats.urls.isEmpty()) || (o->nats.urls.isEmpty() && (!creds.isEmpty() || !ca.isEmpty()))) {
        *error = optionError(values.isEmpty() ? QStringLiteral("--nats-creds/--nats-ca") : QStringLiteral("--nats"),
                             QStringLiteral("needs at least one server URL: --nats nats://host:4222"));
        return false;
    }
    if (!o->nats.urls.isEmpty() && !o->host) {
        *error = optionError(QStringLiteral("--nats"), QStringLiteral("only applies to a hub: add --host [ADDR:]PORT"));
        return false;
    }
    o->nats.credsFile = creds;
    o->nats.caFile = ca;
    return true;
}

// --proxy URL|none|system: one for every feed, or one per feed in order (as --profile).
static bool applyProxies(const QStringList &values, Options *o, QString *error)
{
    if (values.isEmpty())
        return true;
    if (o->feeds.isEmpty()) {
        *error = optionError(QStringLiteral("--proxy"), QStringLiteral("needs a feed to apply to: add --connect URL"));
        return false;
    }
    if (values.size() != 1 && values.size() != o->feeds.size()) {
        *error = optionError(QStringLiteral("--proxy"),
                             QStringLiteral("%1 --proxy for %2 connections: give one for all, or one per --connect, in order")
                                 .arg(values.size()).arg(o->feeds.size()));
        return false;
    }
    for (int i = 0; i < o->feeds.size(); ++i) {
        ProxySetting::Mode mode = ProxySetting::Mode::System;
        QUrl url;
        const QString e = ProxySetting::parse(values.at(values.size() == 1 ? 0 : i), &mode, &url);
        if (!e.isEmpty()) {
            *error = optionError(QStringLiteral("--proxy"), e + QStringLiteral(" Or give none, or system."));
            return false;
        }
        ProxySetting::apply(mode, url, &o->feeds[i].endpoint);
    }
    return true;
}

// --share NAME: one per --connect, in order, each a valid topic, only with --host.
static bool checkShares(const Options &o, QString *error)
{
    if (o.shares.isEmpty())
        return true;
    if (!o.host) {
        *error = optionError(QStringLiteral("--share"), QStringLiteral("only applies to a hub: add --host [ADDR:]PORT"));
        return false;
    }
    if (o.shares.size() != o.feeds.size()) {
        *error = optionError(QStringLiteral("--share"),
                             QStringLiteral("%1 --share for %2 connections: give one topic per --connect, in order")
                                 .arg(o.shares.size()).arg(o.feeds.size()));
        return false;
    }
    for (const QString &topic : o.shares) {
        if (!HubNames::isValidTopic(topic)) {
            *error = optionError(QStringLiteral("--share"),
                                 QStringLiteral("'%1' is not a topic name: segments of A-Z a-z 0-9 _ . - "
                                                "separated by '/', at most 128 characters").arg(topic.left(200)));
            return false;
        }
    }
    if (QSet<QString>(o.shares.cbegin(), o.shares.cend()).size() != o.shares.size()) {
        *error = optionError(QStringLiteral("--share"), QStringLiteral("each connection needs a topic of its own"));
        return false;
    }
    return true;
}

bool CommandLine::parse(const QStringList &arguments, Options *out, QString *error)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Pulseboard: watch live WebSocket feeds as charts, host or join a LAN chat.\n"
        "With no arguments it opens the dashboard on its embedded demo feed."));
    const QCommandLineOption help = p.addHelpOption();
    const QCommandLineOption version = p.addVersionOption();
    const QCommandLineOption connectOpt(QStringLiteral("connect"),
        QStringLiteral("Connect to a WebSocket feed (ws:// or wss://). Repeatable."), QStringLiteral("URL"));
    const QCommandLineOption profileOpt(QStringLiteral("profile"),
        QStringLiteral("Feed profile (JSON, see docs/profiles.md). Repeatable; the Nth profile goes with the Nth --connect, "
                       "or opens its own URL."), QStringLiteral("FILE"));
    const QCommandLineOption headerOpt(QStringLiteral("header"),
        QStringLiteral("Extra request header for every --connect, e.g. \"Authorization: Bearer x\". Repeatable."),
        QStringLiteral("\"Name: value\""));
    const QCommandLineOption subprotocolOpt(QStringLiteral("subprotocol"),
        QStringLiteral("WebSocket subprotocol to offer. Repeatable."), QStringLiteral("NAME"));
    const QCommandLineOption sendOpt(QStringLiteral("send"),
        QStringLiteral("Message sent after every (re)connect, e.g. a subscribe request. Repeatable."), QStringLiteral("TEXT"));
    const QCommandLineOption pinOpt(QStringLiteral("pin-sha256"),
        QStringLiteral("Trust exactly this server certificate (SHA-256 fingerprint, hex) instead of CA verification."),
        QStringLiteral("HEX"));
    const QCommandLineOption maxMsgOpt(QStringLiteral("max-message-size"),
        QStringLiteral("Largest incoming message accepted (default 16M)."), QStringLiteral("BYTES"));
    const QCommandLineOption pingOpt(QStringLiteral("ping-interval"),
        QStringLiteral("Heartbeat period in seconds (default 10, 0 = off)."), QStringLiteral("SECONDS"));
    const QCommandLineOption proxyOpt(QStringLiteral("proxy"),
        QStringLiteral("Proxy for the feeds: http://[user:password@]host:port, socks5://host:port, none, or system "
                       "(the default). One for every --connect, or one per --connect in order."),
        QStringLiteral("URL|none|system"));
    p.addOption(proxyOpt);
    const QCommandLineOption headlessOpt(QStringLiteral("headless"),
        QStringLiteral("Run without a window: the same pipeline and hub."));
    const QCommandLineOption printOpt(QStringLiteral("print"),
        QStringLiteral("Headless: write every sample (and alert) to stdout as NDJSON."));
    const QCommandLineOption hostOpt(QStringLiteral("host"),
        QStringLiteral("Host a hub on [ADDR:]PORT (default address 127.0.0.1; PORT 0 = any free port)."),
        QStringLiteral("[ADDR:]PORT"));
    const QCommandLineOption demoOpt(QStringLiteral("demo"),
        QStringLiteral("Publish the simulated market and sensors on the hub (topics 'market' and 'sensors')."));
    const QCommandLineOption passwordOpt(QStringLiteral("password-file"),
        QStringLiteral("Hub: require the password stored in FILE (first line)."), QStringLiteral("FILE"));
    const QCommandLineOption certOpt(QStringLiteral("tls-cert"), QStringLiteral("Hub: TLS certificate (PEM)."), QStringLiteral("FILE"));
    const QCommandLineOption keyOpt(QStringLiteral("tls-key"), QStringLiteral("Hub: TLS private key (PEM)."), QStringLiteral("FILE"));
    const QCommandLineOption dataOpt(QStringLiteral("data-dir"),
        QStringLiteral("Hub: where history and certificates are kept."), QStringLiteral("DIR"));
    const QCommandLineOption alertsOpt(QStringLiteral("alerts"),
        QStringLiteral("Alert rules file (JSON, see docs/alerts.md)."), QStringLiteral("FILE"));
    const QCommandLineOption sessionOpt(QStringLiteral("session-name"),
        QStringLiteral("Hub: the session's name, shown to peers and announced on the LAN (1-64 characters)."),
        QStringLiteral("NAME"));
    const QCommandLineOption originOpt(QStringLiteral("allow-origin"),
        QStringLiteral("Hub: accept browser connections from this Origin, e.g. https://lab.example (repeatable)."),
        QStringLiteral("ORIGIN"));
    const QCommandLineOption shareOpt(QStringLiteral("share"),
        QStringLiteral("Hub: publish the samples of the matching --connect (first --share = first --connect) "
                       "to topic NAME, for session peers to chart (repeatable)."), QStringLiteral("NAME"));
    const QCommandLineOption rawTopicsOpt(QStringLiteral("raw-topics"),
        QStringLiteral("Hub: serve /topics/NAME streams without login even when a password is set."));
    const QCommandLineOption recordOpt(QStringLiteral("record"),
        QStringLiteral("Record every raw frame of the --connect feeds, with its arrival time, to FILE (MCAP, "
                       "see docs/recording.md)."), QStringLiteral("FILE"));
    const QCommandLineOption replayOpt(QStringLiteral("replay"),
        QStringLiteral("Replay a recording through the same pipeline instead of connecting (headless: exits when done)."),
        QStringLiteral("FILE"));
    const QCommandLineOption replaySpeedOpt(QStringLiteral("replay-speed"),
        QStringLiteral("With --replay: 1 (as recorded, the default), 10, any factor from 0.01 to 1000, or max."),
        QStringLiteral("SPEED"));
    p.addOptions({recordOpt, replayOpt, replaySpeedOpt});
    const QCommandLineOption natsOpt(QStringLiteral("nats"),
        QStringLiteral("Hub: bridge rooms and topics with other hubs over NATS (docs/nats.md); several URLs "
                       "of one cluster comma-separated, tls:// for TLS."), QStringLiteral("URL[,URL...]"));
    const QCommandLineOption natsCredsOpt(QStringLiteral("nats-creds"),
        QStringLiteral("Hub: NATS user credentials file (.creds)."), QStringLiteral("FILE"));
    const QCommandLineOption natsCaOpt(QStringLiteral("nats-ca"),
        QStringLiteral("Hub: CA certificate (PEM) for tls:// NATS servers."), QStringLiteral("FILE"));
    p.addOptions({natsOpt, natsCredsOpt, natsCaOpt});
    for (const auto &o : {connectOpt, profileOpt, headerOpt, subprotocolOpt, sendOpt, pinOpt, maxMsgOpt, pingOpt,
                          headlessOpt, printOpt, hostOpt, demoOpt, passwordOpt, certOpt, keyOpt, dataOpt, alertsOpt,
                          sessionOpt, originOpt, rawTopicsOpt, shareOpt})
        p.addOption(o);

    if (!p.parse(arguments)) {
        *error = QStringLiteral("pulseboard: ") + p.errorText() + QStringLiteral("\nTry 'pulseboard --help'.");
        return false;
    }
    if (p.isSet(help)) {
        out->exit = Options::Exit::Help;
        out->exitText = p.helpText();
        return true;
    }
    if (p.isSet(version)) {
        out->exit = Options::Exit::Version;
        out->exitText = QStringLiteral("pulseboard %1 (Qt %2)\n").arg(QStringLiteral(PULSEBOARD_VERSION), QString::fromLatin1(qVersion()));
        return true;
    }
    if (!p.positionalArguments().isEmpty()) {
        *error = optionError(p.positionalArguments().constFirst(),
                             QStringLiteral("unexpected argument (did you mean --connect URL?)"));
        return false;
    }

    out->headless = p.isSet(headlessOpt);
    out->print = p.isSet(printOpt);
    out->demo = p.isSet(demoOpt);
    out->passwordFile = p.value(passwordOpt);
    out->tlsCert = p.value(certOpt);
    out->tlsKey = p.value(keyOpt);
    out->dataDir = p.value(dataOpt);
    out->alertsFile = p.value(alertsOpt);
    if (out->print && !out->headless) {
        *error = optionError(QStringLiteral("--print"), QStringLiteral("only works with --headless"));
        return false;
    }
    if (p.isSet(hostOpt)) {
        out->host = true;
        if (!parseHostSpec(p.value(hostOpt), &out->hostAddress, &out->hostPort, error))
            return false;
    }
    out->sessionName = p.value(sessionOpt);
    out->allowedOrigins = p.values(originOpt);
    out->rawTopics = p.isSet(rawTopicsOpt);
    if (!checkHubOptions(*out, p.isSet(sessionOpt), error))
        return false;
    if (!parseNatsOptions(p.values(natsOpt), p.value(natsCredsOpt), p.value(natsCaOpt), out, error))
        return false;
    if (out->demo && !out->host && out->headless) {
        *error = optionError(QStringLiteral("--demo"), QStringLiteral("needs --host [ADDR:]PORT in headless mode"));
        return false;
    }
    if (out->tlsCert.isEmpty() != out->tlsKey.isEmpty()) {
        *error = optionError(QStringLiteral("--tls-cert/--tls-key"), QStringLiteral("give both or neither"));
        return false;
    }
    for (const QString &file : {out->passwordFile, out->tlsCert, out->tlsKey, out->alertsFile}) {
        if (!file.isEmpty() && !QFileInfo(file).isReadable()) {
            *error = optionError(file, QStringLiteral("cannot read this file (missing or no permission)"));
            return false;
        }
    }

    // Per-connection settings that apply to every --connect.
    FeedEndpoint common;
    for (const QString &h : p.values(headerOpt)) {
        QPair<QByteArray, QByteArray> header;
        if (!parseHeader(h, &header, error))
            return false;
        common.headers.append(header);
    }
    common.subprotocols = p.values(subprotocolOpt);
    common.onConnect = p.values(sendOpt);
    if (p.isSet(pinOpt)) {
        QByteArray pin = p.value(pinOpt).toLatin1().replace(':', "").toLower();
        if (pin.size() != 64 || QByteArray::fromHex(pin).size() != 32 || QByteArray::fromHex(pin).toHex() != pin) {
            *error = optionError(QStringLiteral("--pin-sha256"), QStringLiteral("expected 64 hex digits (colons allowed)"));
            return false;
        }
        common.pinnedSha256 = pin;
    }
    if (p.isSet(maxMsgOpt)) {
        qint64 n = 0;
        if (!parseBytes(p.value(maxMsgOpt), &n)) {
            *error = optionError(QStringLiteral("--max-message-size"),
                                 QStringLiteral("'%1' is not a size such as 65536, 64K or 16M").arg(p.value(maxMsgOpt)));
            return false;
        }
        common.maxMessageBytes = n;
        common.maxFrameBytes = n;
    }
    if (p.isSet(pingOpt)) {
        bool ok = false;
        const double s = p.value(pingOpt).toDouble(&ok);
        if (!ok || s < 0 || s > 3600) {
            *error = optionError(QStringLiteral("--ping-interval"), QStringLiteral("expected seconds between 0 and 3600"));
            return false;
        }
        common.pingIntervalMs = int(s * 1000);
    }

    QList<FeedProfile> profiles;
    for (const QString &file : p.values(profileOpt)) {
        FeedProfile profile;
        QString perr;
        if (!FeedProfile::load(file, &profile, &perr)) {
            *error = QStringLiteral("pulseboard: --profile ") + perr;
            return false;
        }
        profiles.append(profile);
    }

    const QStringList urls = p.values(connectOpt);
    auto checkUrl = [error](const QString &text, QUrl *url) {
        const QUrl u(text, QUrl::StrictMode);
        const QString scheme = u.scheme().toLower();
        static const QStringList schemes{QStringLiteral("ws"), QStringLiteral("wss"), QStringLiteral("socketio"),
                                         QStringLiteral("socketios"), QStringLiteral("http"), QStringLiteral("https")};
        if (!u.isValid() || !schemes.contains(scheme) || u.host().isEmpty()) {
            *error = optionError(QStringLiteral("--connect"),
                                 QStringLiteral("'%1' is not a URL with a host and one of the schemes ws, wss, "
                                                "socketio, socketios, http, https").arg(text));
            return false;
        }
        *url = u;
        return true;
    };
    auto applyCommon = [&common](FeedEndpoint &e) {
        e.headers += common.headers;
        e.subprotocols += common.subprotocols;
        e.onConnect += common.onConnect;
        if (!common.pinnedSha256.isEmpty())
            e.pinnedSha256 = common.pinnedSha256;
        if (common.maxMessageBytes != FeedEndpoint{}.maxMessageBytes) {
            e.maxMessageBytes = common.maxMessageBytes;
            e.maxFrameBytes = common.maxFrameBytes;
        }
        if (common.pingIntervalMs != FeedEndpoint{}.pingIntervalMs)
            e.pingIntervalMs = common.pingIntervalMs;
    };

    if (!urls.isEmpty() && !profiles.isEmpty() && urls.size() != profiles.size()) {
        *error = optionError(QStringLiteral("--profile"),
                             QStringLiteral("%1 profiles for %2 --connect URLs: give one profile per URL, or none")
                                 .arg(profiles.size()).arg(urls.size()));
        return false;
    }
    if (urls.isEmpty()) {
        for (FeedProfile &profile : profiles) {
            if (profile.endpoint.url.isEmpty()) {
                *error = optionError(QStringLiteral("--profile ") + profile.sourceFile,
                                     QStringLiteral("the profile has no \"url\"; add one or pass --connect URL"));
                return false;
            }
            applyCommon(profile.endpoint);
            out->feeds.append(profile);
        }
    } else {
        for (int i = 0; i < urls.size(); ++i) {
            FeedProfile profile = profiles.isEmpty() ? FeedProfile{} : profiles.at(i);
            if (!checkUrl(urls.at(i), &profile.endpoint.url))
                return false;
            if (profile.name.isEmpty())
                profile.name = profile.endpoint.url.host() + (profile.endpoint.url.port() > 0
                               ? QStringLiteral(":%1").arg(profile.endpoint.url.port()) : QString());
            applyCommon(profile.endpoint);
            out->feeds.append(profile);
        }
    }
    if (!applyProxies(p.values(proxyOpt), out, error))
        return false;
    const QString record = p.value(recordOpt), replay = p.value(replayOpt), speed = p.value(replaySpeedOpt);
    if (!parseRecordReplay(p.isSet(recordOpt) ? &record : nullptr, p.isSet(replayOpt) ? &replay : nullptr,
                           p.isSet(replaySpeedOpt) ? &speed : nullptr, !urls.isEmpty() || !profiles.isEmpty(), out, error))
        return false;
    out->shares = p.values(shareOpt);
    if (!checkShares(*out, error))
        return false;
    if (out->headless && out->feeds.isEmpty() && !out->host) {
        *error = QStringLiteral("pulseboard: --headless needs something to do: --connect URL, --profile FILE or --host PORT");
        return false;
    }
    return true;
}
