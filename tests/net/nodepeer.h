// NodePeer: runs a Node script from tests/peers (socketio_server.js on the npm socket.io
// server, http_feed_server.js), waits for its {"event":"listening","port":N} line, collects
// the JSON lines it prints and writes JSON commands to its stdin. Test-only helper.
#pragma once
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <functional>

class NodePeer
{
public:
    static QString node() { return QStandardPaths::findExecutable(QStringLiteral("node")); }
    static QString peersDir() { return QStringLiteral(PULSEBOARD_PEERS_DIR); }
    // Empty when usable, else why not (the test then QSKIPs with it).
    static QString unavailable(const QString &module)
    {
        if (node().isEmpty())
            return QStringLiteral("node is not installed");
        if (!module.isEmpty() && !QDir(peersDir() + QStringLiteral("/node_modules/") + module).exists())
            return QStringLiteral("tests/peers/node_modules/%1 missing: run npm install in tests/peers").arg(module);
        return {};
    }

    ~NodePeer() { stop(); }

    bool start(const QString &script, const QStringList &args = {})
    {
        stop();
        m_lines.clear();
        m_buffer.clear();
        m_port = 0;
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setWorkingDirectory(peersDir());
        QObject::disconnect(&m_process, nullptr, nullptr, nullptr);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, [this] { readLines(); });
        m_process.start(node(), QStringList{peersDir() + QLatin1Char('/') + script} + args);
        if (!m_process.waitForStarted(10000))
            return false;
        QDeadlineTimer deadline(15000);
        while (m_port == 0 && !deadline.hasExpired() && m_process.state() == QProcess::Running)
            QTest::qWait(10);
        return m_port != 0;
    }

    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    quint16 port() const { return m_port; }
    void command(const QJsonObject &cmd)
    {
        m_process.write(QJsonDocument(cmd).toJson(QJsonDocument::Compact) + '\n');
    }
    // Sends cmd and waits for the peer's {"event":"done"} for it.
    bool commandAndWait(const QJsonObject &cmd)
    {
        const int before = count(QStringLiteral("done"));
        command(cmd);
        return QTest::qWaitFor([&] { return count(QStringLiteral("done")) > before; }, 10000);
    }
    const QList<QJsonObject> &lines() const { return m_lines; }
    int count(const QString &event) const
    {
        int n = 0;
        for (const QJsonObject &o : m_lines)
            n += o.value(QLatin1String("event")).toString() == event;
        return n;
    }
    QList<QJsonObject> events(const QString &event) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &o : m_lines) {
            if (o.value(QLatin1String("event")).toString() == event)
                out.append(o);
        }
        return out;
    }
    bool waitFor(const QString &event, int atLeast = 1, int ms = 10000)
    {
        return QTest::qWaitFor([&] { return count(event) >= atLeast; }, ms);
    }

private:
    void readLines()
    {
        m_buffer += m_process.readAllStandardOutput();
        qsizetype nl;
        while ((nl = m_buffer.indexOf('\n')) >= 0) {
            const QJsonObject o = QJsonDocument::fromJson(m_buffer.left(nl)).object();
            m_buffer.remove(0, nl + 1);
            if (o.value(QLatin1String("event")).toString() == QLatin1String("listening"))
                m_port = quint16(o.value(QLatin1String("port")).toInt());
            m_lines.append(o);
        }
    }

    QProcess m_process;
    QByteArray m_buffer;
    QList<QJsonObject> m_lines;
    quint16 m_port = 0;
};
