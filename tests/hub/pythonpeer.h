// PythonPeer: runs tests/peers/hub_client.py (an independent client written from
// docs/protocol.md with Python `websockets`) under /usr/bin/python3, or its Node `ws`
// twin hub_client_node.js (startNode), and collects the JSON lines it prints.
// Test code only.
#pragma once
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QStandardPaths>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTimer>
#include <functional>

class PythonPeer : public QObject
{
    Q_OBJECT
public:
    static QString python() { return QStringLiteral("/usr/bin/python3"); }

    bool start(const QString &url, const QString &nick, const QString &password = QString())
    {
        return run(python(), QStringLiteral(PULSEBOARD_PEERS_DIR "/hub_client.py"), url, nick, password);
    }
    static bool nodeAvailable()
    {
        return !QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty()
               && QFile::exists(QStringLiteral(PULSEBOARD_PEERS_DIR "/node_modules/ws/package.json"));
    }
    bool startNode(const QString &url, const QString &nick, const QString &password = QString())
    {
        return run(QStandardPaths::findExecutable(QStringLiteral("node")),
                   QStringLiteral(PULSEBOARD_PEERS_DIR "/hub_client_node.js"), url, nick, password);
    }
    bool run(const QString &program, const QString &script, const QString &url, const QString &nick,
             const QString &password)
    {
        QStringList args{script, url, nick};
        if (!password.isEmpty())
            args << QStringLiteral("--password") << password;
        connect(&proc, &QProcess::readyReadStandardOutput, this, [this] {
            while (proc.canReadLine())
                lines.append(QJsonDocument::fromJson(proc.readLine()).object());
        });
        proc.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        proc.start(program, args);
        return proc.waitForStarted(5000);
    }
    void command(const QJsonObject &c)
    {
        proc.write(QJsonDocument(c).toJson(QJsonDocument::Compact) + '\n');
    }
    // First line at or after `from` matching `pred`, waiting (event-driven) up to timeoutMs.
    int waitFor(const std::function<bool(const QJsonObject &)> &pred, int from = 0, int timeoutMs = 10000)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            for (int i = from; i < lines.size(); ++i) {
                if (pred(lines.at(i)))
                    return i;
            }
            from = int(lines.size());
            if (t.elapsed() >= timeoutMs || proc.state() == QProcess::NotRunning)
                return -1;
            QEventLoop loop;
            QTimer stop;
            connect(&proc, &QProcess::readyReadStandardOutput, &loop, &QEventLoop::quit);
            connect(&proc, &QProcess::finished, &loop, &QEventLoop::quit);
            connect(&stop, &QTimer::timeout, &loop, &QEventLoop::quit);
            stop.start(int(timeoutMs - t.elapsed()));
            loop.exec();
        }
    }
    int waitRx(const QString &type, int from = 0, int timeoutMs = 10000)
    {
        return waitFor([type](const QJsonObject &o) {
            return o.value("rx").toObject().value("type").toString() == type;
        }, from, timeoutMs);
    }
    int waitEvent(const QString &event, int from = 0, int timeoutMs = 10000)
    {
        return waitFor([event](const QJsonObject &o) { return o.value("event").toString() == event; },
                       from, timeoutMs);
    }
    QList<QJsonObject> rx(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &l : lines) {
            if (l.value("rx").toObject().value("type").toString() == type)
                out << l.value("rx").toObject();
        }
        return out;
    }
    int events(const QString &event) const
    {
        int n = 0;
        for (const QJsonObject &l : lines)
            n += l.value("event").toString() == event;
        return n;
    }
    ~PythonPeer() override
    {
        if (proc.state() != QProcess::NotRunning) {
            proc.closeWriteChannel();
            if (!proc.waitForFinished(3000))
                proc.kill();
            proc.waitForFinished(1000);
        }
    }

    QProcess proc;
    QList<QJsonObject> lines;
};
