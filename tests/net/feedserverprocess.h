// FeedServerProcess: runs tests/peers/ws_feed_server.py (Python `websockets`, a peer this
// project did not write) under /usr/bin/python3, or another peer script with the same
// line protocol (startScript: tests/peers/ws_node_peer.js on Node `ws`), and collects the
// event lines it prints (PORT, CONNECT {...}, RECV ..., FROZEN, CLOSED ...). Test-only helper.
#pragma once
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStringList>
#include <QTest>

class FeedServerProcess
{
public:
    static QString python() { return QStringLiteral("/usr/bin/python3"); }
    static QString script() { return QStringLiteral(PULSEBOARD_PEERS_DIR "/ws_feed_server.py"); }

    static bool available(QString *why)
    {
        if (!QFile::exists(python())) {
            *why = QStringLiteral("/usr/bin/python3 not found");
            return false;
        }
        QProcess p;
        p.start(python(), {QStringLiteral("-c"), QStringLiteral("import websockets")});
        if (!p.waitForFinished(15000) || p.exitCode() != 0) {
            *why = QStringLiteral("python3-websockets is not importable by /usr/bin/python3");
            return false;
        }
        return true;
    }

    ~FeedServerProcess() { kill(); }

    // Starts the server and waits for its PORT line. port 0 = any free port.
    bool start(const QStringList &args, quint16 port = 0)
    {
        return startScript(python(), script(), args, port);
    }

    // Another peer speaking the same line protocol (e.g. node tests/peers/ws_node_peer.js).
    bool startScript(const QString &program, const QString &scriptPath, const QStringList &args, quint16 port = 0)
    {
        kill();
        m_lines.clear();
        m_buffer.clear();
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QObject::disconnect(&m_process, nullptr, nullptr, nullptr);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, [this] { readLines(); });
        QStringList all{scriptPath, QStringLiteral("--port"), QString::number(port)};
        all += args;
        m_process.start(program, all);
        if (!m_process.waitForStarted(10000))
            return false;
        QDeadlineTimer deadline(15000);
        while (m_port == 0 && !deadline.hasExpired() && m_process.state() == QProcess::Running)
            QTest::qWait(20);
        return m_port != 0;
    }

    void kill()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
        m_port = 0;
    }

    quint16 port() const { return m_lastPort; }
    QUrl url(const QString &path = QStringLiteral("/feed"), const QString &scheme = QStringLiteral("ws"),
             const QString &host = QStringLiteral("127.0.0.1")) const
    {
        return QUrl(QStringLiteral("%1://%2:%3%4").arg(scheme, host).arg(m_lastPort).arg(path));
    }

    const QStringList &lines() const { return m_lines; }
    QStringList linesStartingWith(const QString &prefix) const
    {
        QStringList out;
        for (const QString &l : m_lines) {
            if (l.startsWith(prefix))
                out.append(l);
        }
        return out;
    }
    int count(const QString &line) const { return int(m_lines.count(line)); }
    QJsonObject lastConnect() const
    {
        const QStringList c = linesStartingWith(QStringLiteral("CONNECT "));
        return c.isEmpty() ? QJsonObject()
                           : QJsonDocument::fromJson(c.last().mid(8).toUtf8()).object();
    }

private:
    void readLines()
    {
        m_buffer += m_process.readAllStandardOutput();
        int nl;
        while ((nl = m_buffer.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(m_buffer.left(nl)).trimmed();
            m_buffer.remove(0, nl + 1);
            if (line.startsWith(QLatin1String("PORT "))) {
                m_port = quint16(line.mid(5).toUInt());
                m_lastPort = m_port;
            }
            m_lines.append(line);
        }
    }

    QProcess m_process;
    QByteArray m_buffer;
    QStringList m_lines;
    quint16 m_port = 0;
    quint16 m_lastPort = 0;
};
