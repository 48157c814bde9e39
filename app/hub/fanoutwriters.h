// FanoutWriters: a few threads that help the hub's thread write one fan-out. When an
// event-loop turn has queued frames on many plain ws:// links (a publication to hundreds
// of subscribers), HubServer::flushWritten() splits the links into contiguous shares: the
// hub's thread writes the first share while each worker writes one of the others, and
// run() returns once all are written. Each link is touched by exactly one thread while
// the hub's thread is inside run(), and only through RawWsLink::writeQueued(), which makes
// system calls and moves its own queue (QByteArray reference counts are atomic); the
// QObject side of each link is finished on the hub's thread afterwards. Idle workers
// wait on a semaphore and cost no CPU. Bench figure 5: one loopback write costs 5-9 us
// here, so 1,000 deliveries in one thread take 5-9 ms; two threads halve the writing.
#pragma once
#include <QtGlobal>
#include <atomic>
#include <functional>
#include <memory>
#include <semaphore>
#include <thread>
#include <vector>

class FanoutWriters
{
public:
    explicit FanoutWriters(int workers);
    ~FanoutWriters();
    FanoutWriters(const FanoutWriters &) = delete;
    FanoutWriters &operator=(const FanoutWriters &) = delete;

    int workers() const { return int(m_workers.size()); }
    quint64 runs() const { return m_runs; }
    // Calls job(i) once for every i in [0, count), spread over the calling thread and the
    // workers; returns when every call has returned.
    void run(size_t count, const std::function<void(size_t)> &job);

private:
    struct Worker
    {
        std::thread thread;
        std::binary_semaphore go{0};
        size_t begin = 0, end = 0;
    };
    void loop(Worker *w);

    std::vector<std::unique_ptr<Worker>> m_workers;
    std::counting_semaphore<> m_done{0};   // std, not QSemaphore: visible to ThreadSanitizer
    const std::function<void(size_t)> *m_job = nullptr;
    std::atomic<bool> m_stop{false};
    quint64 m_runs = 0;
};
