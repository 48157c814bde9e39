#include "seriespalette.h"

#include <algorithm>
#include <cmath>

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

QVariantMap SeriesPalette::overrides() const
{
    QVariantMap out;
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

void SeriesPalette::setOverrides(const QVariantMap &hues)
{
    QHash<QString, int> clean;
    readOverrides(hues, &clean);
    if (clean == m_overrides)
        return;
    m_overrides = std::move(clean);
    ++m_revision;
    Q_EMIT overridesChanged();
}

QStringList SeriesPalette::readOverrides(const QVariantMap &in, QHash<QString, int> *out)
{
    out->clear();
    int badNames = 0, badHues = 0, over = 0;
    for (auto it = in.cbegin(); it != in.cend(); ++it) {
        const QString &name = it.key();
        const bool control = std::any_of(name.cbegin(), name.cend(),
                                         [](QChar c) { return c.category() == QChar::Other_Control; });
        if (name.isEmpty() || name.size() > MaxNameLength || control) {
            ++badNames;
            continue;
        }
        // A number, whole and in range: "#ff0000", 2.5, -1 or 10 name no hue of ours.
        const QVariant &v = it.value();
        const bool number = v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Int
            || v.typeId() == QMetaType::LongLong;
        const double hue = number ? v.toDouble() : -1;
        if (!number || hue != std::floor(hue) || hue < 0 || hue >= Hues) {
            ++badHues;
            continue;
        }
        if (out->size() >= MaxOverrides) {
            ++over;
            continue;
        }
        out->insert(name, int(hue));
    }
    QStringList problems;
    if (badNames > 0)
        problems.append(tr("%n series colour(s) were ignored: the series name is empty, longer than %1 "
                           "characters or holds control characters.", nullptr, badNames).arg(MaxNameLength));
    if (badHues > 0)
        problems.append(tr("%n series colour(s) were ignored: a colour is a palette number from 0 to %1.",
                           nullptr, badHues).arg(Hues - 1));
    if (over > 0)
        problems.append(tr("%n series colour(s) were ignored: at most %1 series can have a chosen colour.",
                           nullptr, over).arg(MaxOverrides));
    return problems;
}
