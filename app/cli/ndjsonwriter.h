// NdjsonWriter: the headless --print output. Every mapped sample becomes one line
//   {"series":"...","t":<epoch ms>,"v":<number>}
// on stdout; alert events are written as their own NDJSON lines; connection events go
// to stderr as plain text. Called from every ingest thread (a mutex serialises lines);
// output is block-buffered and flushed at least every 100 ms by flush().
#pragma once
#include "samplesink.h"

#include <QByteArray>
#include <QMutex>
#include <cstdio>

class NdjsonWriter : public SampleSink
{
public:
    explicit NdjsonWriter(FILE *out = stdout, FILE *events = stderr, bool printSamples = true);
    ~NdjsonWriter() override;

    void consume(const QString &connection, const SampleBatch &batch) override;
    void connectionState(const QString &connection, FeedState state, const QString &reason) override;
    void writeLine(const QByteArray &jsonLine);     // adds the newline
    void flush();

    static QByteArray sampleLine(const Sample &s);  // without newline

private:
    FILE *m_out;
    FILE *m_events;
    bool m_printSamples;
    QMutex m_mutex;
    QByteArray m_buffer;   // bounded: written out whenever it passes 64 KiB
};
