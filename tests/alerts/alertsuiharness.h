// AlertsUiHarness: what the QML tests of the alert components (tests/alerts/ui) need
// from C++: fresh AlertServices with a clock the test sets, and a way to feed samples
// the way an ingest thread would (through the service's SampleSink), delivered at once.
// Registered as the singleton "Harness" of the test-only module "AlertsTest".
#pragma once
#include "alertservice.h"

#include <QFile>
#include <QObject>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QUrl>

class AlertsUiHarness : public QObject
{
    Q_OBJECT
    Q_PROPERTY(qint64 now READ now WRITE setNow NOTIFY nowChanged)
public:
    qint64 now() const { return m_now; }
    void setNow(qint64 t)
    {
        if (t != m_now) {
            m_now = t;
            Q_EMIT nowChanged();
        }
    }

    Q_INVOKABLE AlertService *createService()
    {
        auto *service = new AlertService(this);
        service->setClock([this] { return m_now; });
        service->notifier()->setWindowActive(true);
        return service;
    }
    Q_INVOKABLE void feed(AlertService *service, const QString &series, qint64 t, double v)
    {
        service->sampleSink()->consume(QStringLiteral("test"), SampleBatch{Sample{series, t, v}});
        service->deliverPending();
    }
    // A file URL in a directory that lives as long as the harness; optionally with content.
    Q_INVOKABLE QUrl tempUrl(const QString &name, const QString &content = QString())
    {
        const QString path = m_dir.filePath(name);
        if (!content.isNull()) {
            QFile f(path);
            if (f.open(QIODevice::WriteOnly))
                f.write(content.toUtf8());
        }
        return QUrl::fromLocalFile(path);
    }

Q_SIGNALS:
    void nowChanged();

private:
    qint64 m_now = 1'700'000'000'000;
    QTemporaryDir m_dir;
};
