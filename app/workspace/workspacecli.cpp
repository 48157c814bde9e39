// Workspace: charts for connections given on the command line (`--connect URL`). They go
// on a dashboard of their own ("Command line", not saved unless renamed), or on the first
// run's default dashboard, whose demo charts would stay empty since the demo does not
// start when a feed is given. Each connection's series, as the SeriesOriginTap notes them,
// are grouped by unit (when the workspace knows one) or else by their last name segment
// ("lab-1.cpu" and "roof.cpu" share "cpu"); each group gets one chart titled
// "<connection> · <group>" with its first CliSeriesPerChart series, while charts remain
// (ChartListModel::MaxCharts). A chart the user removed or renamed is not filled again.
#include "workspace.h"

#include "seriesorigintap.h"

ChartListModel *Workspace::cliCharts()
{
    if (m_cliCharts)
        return m_cliCharts;
    if (m_freshDefaults) {
        m_freshDefaults = false;
        ChartListModel *charts = m_dashboards->currentCharts();
        while (charts->count() > 0)
            charts->removeChart(charts->count() - 1);
        m_cliCharts = charts;
    } else {
        const int row = m_dashboards->addTransient(tr("Command line"));
        m_cliCharts = row >= 0 ? m_dashboards->chartsAt(row) : m_dashboards->currentCharts();
    }
    return m_cliCharts;
}

static QString groupOf(const QString &series, const QString &unit)
{
    if (!unit.isEmpty())
        return unit;
    const qsizetype cut = std::max(series.lastIndexOf(QLatin1Char('.')), series.lastIndexOf(QLatin1Char('/')));
    const QString field = cut >= 0 ? series.mid(cut + 1) : series;
    return field.isEmpty() ? series : field;
}

void Workspace::fillCliCharts()
{
    ChartListModel *charts = m_cliCharts;
    if (!charts || m_cliGroups.isEmpty()) {
        m_cliTimer.stop();
        return;
    }
    for (auto it = m_cliGroups.begin(); it != m_cliGroups.end(); ++it) {
        const QString &connection = it.key();
        for (const QString &series : m_tap->takeNew(connection)) {
            const QString title = QStringLiteral("%1 · %2").arg(connection, groupOf(series, unitFor(series)));
            int row = -1;
            for (int i = 0; i < charts->count() && row < 0; ++i)
                if (charts->chart(i).title == title.left(200))
                    row = i;
            if (row < 0) {
                if (it->contains(title))
                    continue;   // its chart was removed or renamed: the user decided
                row = charts->addChart(title, {});
                if (row < 0)
                    continue;   // MaxCharts charts: the rest stay in the series list
                it->insert(title);
            }
            const QStringList has = charts->seriesOf(row);
            if (has.size() < CliSeriesPerChart && !has.contains(series))
                charts->setSeries(row, has + QStringList{series});
        }
    }
}
