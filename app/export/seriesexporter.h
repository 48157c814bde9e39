// SeriesExporter: the export dialog's engine (QML_ELEMENT). start() runs a
// SeriesExportJob on a worker thread; progress (0..1) is sampled by a 100 ms timer on
// the GUI thread (never one signal per chunk), cancel() stops it between chunks and
// leaves no file. One export at a time per exporter. Talks to: the SeriesStore it is
// given (read in chunks), QML (ExportDialog.qml).
#pragma once
#include "seriesexportjob.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>
#include <atomic>
#include <memory>

#include "seriesstore.h"

class SeriesExporter : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(SeriesStore *store READ store WRITE setStore NOTIFY storeChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString error READ error NOTIFY finished)
    Q_PROPERTY(qint64 points READ points NOTIFY finished)
public:
    explicit SeriesExporter(QObject *parent = nullptr);
    ~SeriesExporter() override;   // cancels and joins a running export

    SeriesStore *store() const { return m_store; }
    void setStore(SeriesStore *store);
    bool busy() const { return m_thread != nullptr; }
    double progress() const { return m_progress; }
    QString error() const { return m_error; }
    qint64 points() const { return m_points; }

    // file: a file:// URL (from a FileDialog) or a local path. format: "csv" or "ndjson".
    // fromMs/toMs: the range; both 0 = everything. Returns "" when started, else why not
    // (finished is not emitted then).
    Q_INVOKABLE QString start(const QVariant &file, const QString &format, const QStringList &series,
                              qint64 fromMs = 0, qint64 toMs = 0);
    Q_INVOKABLE void cancel();
    // The local path a file dialog's value stands for ("" when it is not a local file).
    Q_INVOKABLE static QString localPath(const QVariant &file);

Q_SIGNALS:
    void storeChanged();
    void busyChanged();
    void progressChanged();
    void finished(bool ok, const QString &message);

private:
    void onDone(const ExportResult &result, const QString &path);
    void sampleProgress();

    QPointer<SeriesStore> m_store;
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<std::atomic<int>> m_permille;
    QTimer m_progressTimer;
    double m_progress = 0;
    QString m_error;
    qint64 m_points = 0;
};
