// NatsServerProcess: a real `nats-server` (Debian package) for bridge tests, started on
// 127.0.0.1 with a free port and JetStream in a temporary store dir; stop() and start()
// again keep the port and the store (a NATS restart). Test code only.
#pragma once
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>

class NatsServerProcess
{
public:
    static QString program()
    {
        QString p = QStandardPaths::findExecutable(QStringLiteral("nats-server"));
        if (p.isEmpty())
            p = QStandardPaths::findExecutable(QStringLiteral("nats-server"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
        return p;
    }
    static quint16 freePort()
    {
        QTcpServer probe;
        return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
    }
    // false + the server's output in log() when it did not say it is ready within 10 s.
    bool start(const QStringList &extra = {})
    {
        if (!port)
            port = freePort();
        m_log.clear();
        proc.setProcessChannelMode(QProcess::MergedChannels);
        proc.start(program(), QStringList{"-a", "127.0.0.1", "-p", QString::number(port), "-js", "-sd",
                                          store.path(), "-n", "pb-test"} + extra);
        if (!proc.waitForStarted(5000))
            return false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000 && proc.state() == QProcess::Running) {
            m_log += proc.readAll();
            if (m_log.contains("Server is ready"))
                return true;
            QSignalSpy more(&proc, &QProcess::readyRead);
            more.wait(200);
        }
        m_log += proc.readAll();
        return false;
    }
    void stop()
    {
        if (proc.state() == QProcess::NotRunning)
            return;
        proc.terminate();
        if (!proc.waitForFinished(5000)) {
            proc.kill();
            proc.waitForFinished(2000);
        }
    }
    ~NatsServerProcess() { stop(); }
    QString url() const { return QStringLiteral("nats://127.0.0.1:%1").arg(port); }
    QByteArray log() const { return m_log; }

    QProcess proc;
    QTemporaryDir store;
    quint16 port = 0;

private:
    QByteArray m_log;
};
