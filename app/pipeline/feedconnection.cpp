#include "feedconnection.h"

#include "feedpipeline.h"
#include "messagelog.h"

FeedConnection::FeedConnection(QString name, FeedProfile profile, SeriesStore *store,
                               SampleSink *sink, QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_profile(std::move(profile))
    , m_log(new MessageLog(this))
{
    qRegisterMetaType<FeedStats>();
    qRegisterMetaType<FeedState>();
    m_thread.setObjectName(QStringLiteral("ingest:") + m_name);
    m_pipeline = new FeedPipeline(m_name, m_profile, store, m_log, sink);
    m_pipeline->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_pipeline, &QObject::deleteLater);
    connect(m_pipeline, &FeedPipeline::statsChanged, this, [this](const FeedStats &stats) {
        m_stats = stats;
        Q_EMIT statsChanged();
    });
    connect(m_pipeline, &FeedPipeline::stateChanged, this, &FeedConnection::stateChanged);
    m_thread.start();
}

FeedConnection::~FeedConnection()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_pipeline, &FeedPipeline::stop, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
}

void FeedConnection::start()
{
    QMetaObject::invokeMethod(m_pipeline, &FeedPipeline::start, Qt::QueuedConnection);
}

void FeedConnection::stop()
{
    QMetaObject::invokeMethod(m_pipeline, &FeedPipeline::stop, Qt::QueuedConnection);
}

void FeedConnection::send(const QString &text)
{
    QMetaObject::invokeMethod(m_pipeline, [p = m_pipeline, text] { p->sendText(text); }, Qt::QueuedConnection);
}

void FeedConnection::reconnectNow()
{
    QMetaObject::invokeMethod(m_pipeline, [p = m_pipeline] { p->client()->reconnectNow(); }, Qt::QueuedConnection);
}
