// SignalWatcher: turns SIGINT/SIGTERM (Unix) or Ctrl+C/close (Windows console) into a
// Qt signal on the main thread, so headless runs end cleanly: connections are closed,
// output flushed, the hub stops and says why. Uses the self-pipe trick on Unix.
#pragma once
#include <QObject>

class QSocketNotifier;

class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};
