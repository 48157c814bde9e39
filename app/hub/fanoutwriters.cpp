#include "fanoutwriters.h"

FanoutWriters::FanoutWriters(int workers)
{
    for (int i = 0; i < workers; ++i) {
        auto w = std::make_unique<Worker>();
        Worker *raw = w.get();
        w->thread = std::thread([this, raw] { loop(raw); });
        m_workers.push_back(std::move(w));
    }
}

FanoutWriters::~FanoutWriters()
{
    m_stop.store(true);
    for (auto &w : m_workers)
        w->go.release();
    for (auto &w : m_workers)
        w->thread.join();
}

void FanoutWriters::loop(Worker *w)
{
    for (;;) {
        w->go.acquire();
        if (m_stop.load())
            return;
        for (size_t i = w->begin; i < w->end; ++i)
            (*m_job)(i);
        m_done.release();
    }
}

void FanoutWriters::run(size_t count, const std::function<void(size_t)> &job)
{
    ++m_runs;
    const size_t shares = m_workers.size() + 1;
    const size_t chunk = (count + shares - 1) / shares;
    m_job = &job;
    int started = 0;
    for (size_t k = 0; k < m_workers.size(); ++k) {
        const size_t begin = (k + 1) * chunk;
        if (begin >= count)
            break;
        Worker &w = *m_workers[k];
        w.begin = begin;
        w.end = std::min(count, begin + chunk);
        w.go.release();   // publishes m_job and the range (the semaphore orders memory)
        ++started;
    }
    for (size_t i = 0; i < std::min(count, chunk); ++i)
        job(i);
    for (int i = 0; i < started; ++i)
        m_done.acquire();
    m_job = nullptr;
}
