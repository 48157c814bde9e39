// DemoPublisher: the simulated data behind the default run. A market of six instruments
// (random-walk prices on realistic tick sizes, ~20-50 ticks/s each, prices sent as
// strings like many exchanges do) and three IoT sensors (temperature, humidity, CPU load
// at a few Hz, ISO 8601 timestamps). It only produces JSON text; the hub publishes it on
// the topics "market" and "sensors", and the dashboard reads them back through the
// ordinary feed client and a profile, exactly like an external feed.
#pragma once
#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

class DemoPublisher : public QObject
{
    Q_OBJECT
public:
    explicit DemoPublisher(QObject *parent = nullptr, quint32 seed = 0);

    void start(int tickIntervalMs = 20);
    void stop();

    // Advances the simulation by one step of dtMs at wall time nowMs; public for tests.
    void step(qint64 nowMs, int dtMs);

Q_SIGNALS:
    void message(const QString &topic, const QByteArray &json);

private:
    struct Instrument { QByteArray symbol; double price; double tick; double volPerSqrtSec; double ticksPerSec; double open; };
    struct Sensor { QByteArray id; double temperature; double humidity; double cpu; qint64 nextAt; };

    QRandomGenerator m_rng;
    QList<Instrument> m_instruments;
    QList<Sensor> m_sensors;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastStepMs = 0;
    quint64 m_seq = 0;
};
