#include "headlessrunner.h"

#include "feedconnection.h"
#include "ndjsonwriter.h"
#include "seriesstore.h"
#include "signalwatcher.h"

#include <QCoreApplication>

HeadlessRunner::HeadlessRunner(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_flushTimer(this)
{
}

HeadlessRunner::~HeadlessRunner()
{
    shutdown();
}

bool HeadlessRunner::start(QString *error, int *exitCode)
{
    Q_UNUSED(error)
    Q_UNUSED(exitCode)
    m_signals = new SignalWatcher(this);
    connect(m_signals, &SignalWatcher::terminationRequested, this, [this](int) {
        shutdown();
        Q_EMIT finished(0);
    });

    m_store = std::make_unique<SeriesStore>();
    m_writer = std::make_unique<NdjsonWriter>(stdout, stderr, m_options.print);
    m_flushTimer.setInterval(100);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { m_writer->flush(); });
    m_flushTimer.start();

    int index = 0;
    for (const FeedProfile &profile : std::as_const(m_options.feeds)) {
        const QString name = profile.name.isEmpty() ? QStringLiteral("feed%1").arg(++index) : profile.name;
        auto connection = std::make_unique<FeedConnection>(name, profile, m_store.get(), m_writer.get());
        connection->start();
        m_connections.push_back(std::move(connection));
    }
    return true;
}

void HeadlessRunner::shutdown()
{
    // Connections first (joins ingest threads, so nothing writes any more), then flush.
    m_connections.clear();
    if (m_writer)
        m_writer->flush();
    m_flushTimer.stop();
}
