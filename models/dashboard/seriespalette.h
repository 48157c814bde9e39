// SeriesPalette: a series' colour as a function of its name, so a series has the same
// colour in every chart, after a theme switch and back, and across runs. A fixed palette
// of 10 hues, each with a light-theme and a dark-theme variant (same hue, lighter on
// dark backgrounds); the hue is an FNV-1a hash of the name, not its position in a chart.
// A person can pick another hue for a series (the chart's series menu): the choice holds
// for every chart of this window, for this run (at most MaxOverrides names).
// A QML singleton because the colour choice is one service for the whole window: every
// ChartCard, legend and the ticker read the same answer. Nothing per message.
#pragma once
#include <QColor>
#include <QHash>
#include <QObject>
#include <QtQml/qqmlregistration.h>

class SeriesPalette : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(int size READ size CONSTANT)
    Q_PROPERTY(int revision READ revision NOTIFY overridesChanged)   // bind to recolour
public:
    static constexpr int Hues = 10;
    static constexpr int MaxOverrides = 1024;

    explicit SeriesPalette(QObject *parent = nullptr);

    static int hueOf(const QString &name);
    static QColor hueColor(int hue, bool dark);
    int size() const { return Hues; }
    int revision() const { return m_revision; }

    Q_INVOKABLE QColor color(const QString &name, bool dark) const;
    Q_INVOKABLE QColor swatch(int hue, bool dark) const { return hueColor(hue, dark); }
    Q_INVOKABLE int hueFor(const QString &name) const;
    Q_INVOKABLE int ownHue(const QString &name) const { return hueOf(name); }
    // hue < 0 restores the name's own hue. False when the table is full.
    Q_INVOKABLE bool setHue(const QString &name, int hue);

Q_SIGNALS:
    void overridesChanged();

private:
    QHash<QString, int> m_overrides;
    int m_revision = 0;
};
