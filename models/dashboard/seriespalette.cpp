#include "seriespalette.h"

namespace {

// Light theme on white, dark theme on #1e2228: same hue, contrast kept on both.
constexpr const char *Light[SeriesPalette::Hues] = {"#2463d1", "#e08600", "#0f9a55", "#d23a3a", "#7b4fd6",
                                                    "#0a9aa8", "#c4448f", "#8a9410", "#8c5a2b", "#5b6b8c"};
constexpr const char *Dark[SeriesPalette::Hues] = {"#4d9bff", "#f5a524", "#2fcf86", "#ff6b6b", "#b18cff",
                                                   "#22c7d6", "#ff8fcf", "#c7d13a", "#d69a63", "#9fb0cf"};

} // namespace

SeriesPalette::SeriesPalette(QObject *parent)
    : QObject(parent)
{
}

int SeriesPalette::hueOf(const QString &name)
{
    // FNV-1a over the UTF-16 code units: stable across runs and platforms (qHash is
    // seeded per process).
    quint32 h = 2166136261u;
    for (QChar c : name) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return int(h % Hues);
}

QColor SeriesPalette::hueColor(int hue, bool dark)
{
    hue = ((hue % Hues) + Hues) % Hues;
    return QColor(QLatin1String(dark ? Dark[hue] : Light[hue]));
}

int SeriesPalette::hueFor(const QString &name) const
{
    return m_overrides.value(name, hueOf(name));
}

QColor SeriesPalette::color(const QString &name, bool dark) const
{
    return hueColor(hueFor(name), dark);
}

bool SeriesPalette::setHue(const QString &name, int hue)
{
    if (name.isEmpty())
        return false;
    if (hue < 0 || hue >= Hues) {
        if (m_overrides.remove(name) == 0)
            return true;
    } else {
        if (!m_overrides.contains(name) && m_overrides.size() >= MaxOverrides)
            return false;
        if (m_overrides.value(name, -1) == hue)
            return true;
        m_overrides.insert(name, hue);
    }
    ++m_revision;
    Q_EMIT overridesChanged();
    return true;
}
