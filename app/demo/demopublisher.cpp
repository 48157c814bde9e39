#include "demopublisher.h"

#include <QDateTime>
#include <QtMath>
#include <cmath>

namespace {
QByteArray fixed(double v, double tick)
{
    // Quote on the tick grid with as many decimals as the tick size needs.
    int decimals = 0;
    for (double t = tick; t < 1.0 - 1e-12 && decimals < 8; t *= 10)
        ++decimals;
    return QByteArray::number(std::round(v / tick) * tick, 'f', decimals);
}
} // namespace

DemoPublisher::DemoPublisher(QObject *parent, quint32 seed)
    : QObject(parent)
    , m_rng(seed ? seed : QRandomGenerator::global()->generate())
    , m_timer(this)
{
    m_instruments = {
        {"BTCUSD", 64250.0, 0.5, 25.0, 45, 0},
        {"ETHUSD", 3420.0, 0.05, 1.8, 40, 0},
        {"AAPL", 227.40, 0.01, 0.05, 30, 0},
        {"MSFT", 431.20, 0.01, 0.08, 25, 0},
        {"EURUSD", 1.0842, 0.00001, 0.00004, 50, 0},
        {"XAUUSD", 2391.5, 0.1, 0.35, 20, 0},
    };
    for (Instrument &i : m_instruments)
        i.open = i.price;
    m_sensors = {
        {"lab-1", 21.5, 44.0, 0.22, 0},
        {"lab-2", 23.1, 51.0, 0.41, 0},
        {"roof", 8.4, 78.0, 0.09, 0},
    };
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const qint64 elapsed = m_clock.elapsed();
        const int dt = int(elapsed - m_lastStepMs);
        m_lastStepMs = elapsed;
        step(QDateTime::currentMSecsSinceEpoch(), qMax(1, dt));
    });
}

void DemoPublisher::start(int tickIntervalMs)
{
    m_clock.start();
    m_lastStepMs = 0;
    m_timer.start(tickIntervalMs);
}

void DemoPublisher::stop()
{
    m_timer.stop();
}

void DemoPublisher::step(qint64 nowMs, int dtMs)
{
    const double dt = dtMs / 1000.0;
    for (Instrument &ins : m_instruments) {
        // Poisson-ish arrivals: expected ticksPerSec*dt ticks in this step.
        const double expected = ins.ticksPerSec * dt;
        int n = int(expected);
        if (m_rng.generateDouble() < expected - n)
            ++n;
        for (int k = 0; k < n; ++k) {
            const double z = std::sqrt(-2.0 * std::log(qMax(1e-12, m_rng.generateDouble())))
                           * std::cos(2 * M_PI * m_rng.generateDouble());
            const double sigma = ins.volPerSqrtSec * std::sqrt(1.0 / ins.ticksPerSec);
            // Weak pull towards the open keeps the demo on screen for hours.
            ins.price += z * sigma - 0.0005 * (ins.price - ins.open);
            ins.price = qMax(ins.tick, ins.price);
            const double qty = std::round((0.001 + m_rng.generateDouble() * 2.0) * 1000) / 1000;
            QByteArray json;
            json.reserve(128);
            json += "{\"type\":\"tick\",\"symbol\":\"" + ins.symbol + "\",\"price\":\"" + fixed(ins.price, ins.tick)
                  + "\",\"qty\":" + QByteArray::number(qty) + ",\"ts\":" + QByteArray::number(nowMs)
                  + ",\"seq\":" + QByteArray::number(++m_seq) + "}";
            Q_EMIT message(QStringLiteral("market"), json);
        }
    }
    for (Sensor &s : m_sensors) {
        if (nowMs < s.nextAt)
            continue;
        s.nextAt = nowMs + 250 + m_rng.bounded(250); // 2-4 Hz
        s.temperature += (m_rng.generateDouble() - 0.5) * 0.08;
        s.humidity = qBound(5.0, s.humidity + (m_rng.generateDouble() - 0.5) * 0.3, 99.0);
        s.cpu = qBound(0.0, s.cpu + (m_rng.generateDouble() - 0.5) * 0.06, 1.0);
        const QByteArray time = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
        const QByteArray json = "{\"type\":\"reading\",\"sensor\":\"" + s.id + "\",\"time\":\"" + time
                              + "\",\"data\":{\"temperature\":" + QByteArray::number(s.temperature, 'f', 2)
                              + ",\"humidity\":" + QByteArray::number(s.humidity, 'f', 1)
                              + ",\"cpu\":" + QByteArray::number(s.cpu, 'f', 3) + "}}";
        Q_EMIT message(QStringLiteral("sensors"), json);
    }
}
