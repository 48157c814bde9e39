// SeriesExportJob: writes chosen series of a SeriesStore to a CSV or NDJSON file. Runs
// synchronously on the caller's thread (SeriesExporter puts it on a worker thread; the
// benchmark and tests call it directly). It reads the store in chunks of ChunkPoints
// (one short lock per chunk, SeriesStore::copyChunk) and formats and writes outside the
// lock, so ingest never waits on the disk. Output goes through QSaveFile: the target
// appears whole when the job succeeds and is left untouched when it fails or is
// cancelled. Rows are series by series (all of the first series, then the next), each
// in time order.
// Bounds: one chunk copy (ChunkPoints x 16 B = 1 MiB) plus a write buffer flushed at
// WriteBufferBytes (1 MiB).
#pragma once
#include "exportformat.h"

#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <limits>

class SeriesStore;

struct ExportRequest
{
    QString path;                       // local file; validated by checkPath()
    ExportFormat::Kind kind = ExportFormat::Kind::Csv;
    QStringList series;                 // in this order; unknown names export nothing
    qint64 fromMs = std::numeric_limits<qint64>::min();
    qint64 toMs = std::numeric_limits<qint64>::max();
};

struct ExportResult
{
    bool ok = false;
    bool cancelled = false;
    QString error;                      // what happened and what to do ("" when ok)
    qint64 points = 0;
    qint64 bytes = 0;
};

class SeriesExportJob
{
public:
    static constexpr qsizetype ChunkPoints = 65'536;
    static constexpr qsizetype WriteBufferBytes = 1 << 20;

    // progress(fraction 0..1) is called at most once per chunk; cancel is polled per chunk.
    using Progress = std::function<void(double)>;
    static ExportResult run(const SeriesStore &store, const ExportRequest &request,
                            const std::atomic<bool> *cancel = nullptr, const Progress &progress = {});

    // "" when a file may be written at path, else why not (empty, a folder, a device,
    // a missing folder, a NUL in the name...).
    static QString checkPath(const QString &path);
};
