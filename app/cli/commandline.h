// CommandLine: turns argv into Options with QCommandLineParser, or a readable error
// (the caller prints it and exits with code 2). Profiles are loaded and validated here so
// a bad profile is reported before anything starts. Used only by main().
#pragma once
#include "natsbridgeconfig.h"
#include "feedprofile.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

struct Options
{
    enum class Exit { None, Help, Version };
    Exit exit = Exit::None;
    QString exitText;                 // help or version text

    bool headless = false;
    bool print = false;
    QList<FeedProfile> feeds;         // one per connection (URL + mapping)

    // Hub hosting (--host) and the demo publisher (--demo)
    bool host = false;
    QHostAddress hostAddress = QHostAddress::LocalHost;
    quint16 hostPort = 0;
    bool demo = false;
    QString passwordFile;
    QString tlsCert;
    QString tlsKey;
    QString dataDir;
    QString alertsFile;
    QString recordFile;               // --record: MCAP file every feed's frames go to
    QString replayFile;               // --replay: feeds are this recording's connections
    QString replayNote;               // --replay: where a cut recording stops ("" when whole)
    QString sessionName;              // --session-name; empty = the hub's default
    QStringList allowedOrigins;       // --allow-origin (repeatable): browser Origins the hub accepts
    bool rawTopics = false;           // --raw-topics: unauthenticated /topics/ streams on a password hub
    QStringList shares;               // --share: hub topic per feed (same order as feeds), or empty
    NatsBridgeConfig nats;            // --nats URL[,URL...], --nats-creds, --nats-ca (docs/nats.md)
};

class CommandLine
{
public:
    // Returns false with *error set ("pulseboard: --profile feed.json:12: ...").
    static bool parse(const QStringList &arguments, Options *out, QString *error);
    static bool parseHostSpec(const QString &spec, QHostAddress *address, quint16 *port, QString *error);
    static bool parseHeader(const QString &spec, QPair<QByteArray, QByteArray> *header, QString *error);
};
