// SeriesPalette: a series' colour as a function of its name, so a series has the same
// colour in every chart, after a theme switch and back, and across runs. A fixed palette
// of 10 hues, each with a light-theme and a dark-theme variant (same hue, lighter on
// dark backgrounds); the hue is an FNV-1a hash of the name, not its position in a chart.
// A person can pick another hue for a series (the chart's series menu): the choice holds
// for every chart of this window (at most MaxOverrides names), and is kept in the
// workspace file ("seriesColours", name -> hue: Workspace::seriesColours, synced by
// Main.qml), so it comes back on open and restart.
// A QML singleton because the colour choice is one service for the whole window: every
// ChartCard, legend and the ticker read the same answer. Nothing per message.
#pragma once
#include <QColor>
#include <QHash>
#include <QObject>
#include <QVariantMap>
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
    static constexpr int MaxNameLength = 1024;   // as SeriesStore::MaxNameLength

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
    // Every choice as {name: hue}; setOverrides replaces them all (what readOverrides
    // refuses is dropped), signalling only when something changed.
    Q_INVOKABLE QVariantMap overrides() const;
    Q_INVOKABLE void setOverrides(const QVariantMap &hues);
    // Checks choices read from a file: a name of 1..MaxNameLength characters without
    // control characters -> a whole number 0..Hues-1, at most MaxOverrides of them. The
    // usable ones go to *out; returns a sentence per kind of problem (none: empty).
    static QStringList readOverrides(const QVariantMap &in, QHash<QString, int> *out);

Q_SIGNALS:
    void overridesChanged();

private:
    QHash<QString, int> m_overrides;
    int m_revision = 0;
};
