// BuiltinProfiles: the profiles Pulseboard ships for public feeds people already know
// (Coinbase, Binance, Kraken, OKX, Bitstamp, Finnhub, Home Assistant, Signal K). The files
// live in resources/profiles/ and are compiled into the core library as
// ":/pulseboard/builtin/<id>.json"; each is a normal profile (connection URL, on-connect
// subscribe messages, rules) checked by tst_builtinprofiles against a replay of the
// provider's documented messages. The connection editor lists them through the QML
// singleton; the command line and tests use entries().
// Bound: at most kMaxProfiles entries (the resource list is ours, the cap is a guard).
#pragma once
#include <QObject>
#include <QString>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

class BuiltinProfiles : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    // [{id, name, description, url, fileText}], sorted by name.
    Q_PROPERTY(QVariantList profiles READ profiles CONSTANT)
public:
    struct Entry
    {
        QString id;             // file base name, e.g. "coinbase-ticker"
        QString name;           // the profile's "name"
        QString description;    // the profile's "description"
        QString url;            // connection.url ("" when the profile has none)
        QString fileText;       // the whole file, UTF-8 decoded: what "Use this profile" loads
    };
    static constexpr int kMaxProfiles = 64;
    static constexpr const char *kResourceDir = ":/pulseboard/builtin";

    explicit BuiltinProfiles(QObject *parent = nullptr);
    static BuiltinProfiles *create(QQmlEngine *, QJSEngine *);

    // Read and checked once; profiles that fail to load are left out with a warning
    // (tst_builtinprofiles makes sure none does).
    static const QList<Entry> &entries();
    static const Entry *find(const QString &id);

    QVariantList profiles() const;
    Q_INVOKABLE QVariantMap profile(const QString &id) const;   // {} when unknown
};
