// FeedSharer: publishes one connection's samples to a topic of the hub this desktop hosts,
// so session peers chart the feed with no credentials of their own (docs/protocol.md §7,
// "Shared feeds"). It sits in front of the connection's other sink (NDJSON, alerts):
// consume() runs on the ingest thread at wire rate and only queues the samples; a timer on
// the hub's thread publishes what is queued at most every intervalMs, in messages of at
// most kSamplesPerMessage samples:
//   {"feed":"coinbase","samples":[{"series":"BTC-USD.price","t":1700000000123,"v":64321.5},...]}
// Peers read it as a raw topic stream (ws://host:port/topics/NAME) or through the hub's
// subscribe, and map it with resources/profiles/pulseboard-share.json.
// Bounds: kMaxQueued samples wait between two publications; beyond that the oldest are
// dropped and counted (dropped()), so a slow hub never holds more than that per share.
// Created by the headless runner (--share NAME) and the window's connection card.
#pragma once
#include "samplesink.h"

#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>

class HubServer;

class FeedSharer : public QObject, public SampleSink
{
    Q_OBJECT
public:
    static constexpr int kMaxQueued = 16'384;
    static constexpr int kSamplesPerMessage = 400;   // ~25 KiB of JSON: below the hub's 64 KiB message limit

    // Lives on the hub's thread (hub's thread = this object's thread). `next` receives
    // every batch unchanged (may be null).
    FeedSharer(HubServer *hub, QString topic, QString feedName, SampleSink *next = nullptr,
               int intervalMs = 100, QObject *parent = nullptr);
    ~FeedSharer() override;

    const QString &topic() const { return m_topic; }
    qint64 published() const;   // samples handed to the hub
    qint64 dropped() const;     // samples dropped because kMaxQueued were waiting

    // SampleSink, called on the ingest thread.
    void consume(const QString &connection, const SampleBatch &batch) override;
    void connectionState(const QString &connection, FeedState state, const QString &reason) override;

    // Publishes everything queued now (the timer calls it; tests may too). Hub's thread.
    void flush();

    // The JSON of one publication; public for tests.
    static QByteArray encode(const QString &feedName, const Sample *samples, qsizetype count);

Q_SIGNALS:
    void publishFailed(const QString &error);

private:
    QPointer<HubServer> m_hub;
    QString m_topic;
    QString m_feedName;
    SampleSink *m_next = nullptr;
    QTimer m_timer;
    mutable QMutex m_lock;            // guards the three below (ingest thread vs hub's thread)
    std::deque<Sample> m_queue;
    qint64 m_published = 0;
    qint64 m_dropped = 0;
};
