import QtQuick
import QtQuick.Controls
import Pulseboard

// The chart's context menu (right-click on the plot, or the card's "⋯" button): view
// (fit, live, link), series (add, and per series: hide, remove, copy name, colour),
// export, and the chart itself (rename, Y range, move, remove).
Menu {
    id: menu
    required property var card   // the ChartCard
    readonly property ChartFeeder feeder: card.feeder

    // "Export…": a dialog per use (keep's ExportDialog) for this chart's series, the
    // visible range and the plot itself; it is freed when it closes.
    function openExport() {
        const colors = menu.card.series.map((n) => SeriesPalette.color(n, Theme.dark))
        const dialog = exportComponent.createObject(menu.card, {
            workspace: menu.card.workspace, seriesNames: menu.card.series,
            fromMs: menu.feeder.xStartMs, toMs: menu.feeder.xEndMs,
            chartItem: menu.card.chartItem, chartTitle: menu.card.title, seriesColors: colors })
        dialog.closed.connect(() => dialog.destroy())
        dialog.open()
        return dialog
    }
    Component { id: exportComponent; ExportDialog {} }

    MenuItem { objectName: "menuFit"; text: qsTr("Zoom to fit"); onTriggered: menu.feeder.zoomToFit() }
    MenuItem { objectName: "menuLive"; text: qsTr("Back to live"); enabled: menu.feeder.paused; onTriggered: menu.card.goLive() }
    MenuItem {
        objectName: "menuLink"
        text: qsTr("Share the time axis with other charts")
        checkable: true
        checked: menu.feeder.linked
        onTriggered: menu.feeder.linked = checked
    }
    MenuSeparator {}
    MenuItem { text: qsTr("Add or remove series…"); onTriggered: menu.card.openPicker() }
    Menu {
        id: seriesMenu
        title: qsTr("Series")
        enabled: menu.card.series.length > 0
        Instantiator {
            model: menu.card.series
            delegate: SeriesMenu {
                required property string modelData
                name: modelData
                hidden: menu.card.hiddenSeries[modelData] === true
                onToggleHidden: menu.card.toggleHidden(modelData)
                onRemoveRequested: menu.card.removeSeries(modelData)
                onCopyRequested: menu.card.copyText(modelData)
            }
            onObjectAdded: (i, m) => seriesMenu.insertMenu(i, m)
            onObjectRemoved: (i, m) => seriesMenu.removeMenu(m)
        }
    }
    MenuSeparator {}
    MenuItem {
        objectName: "menuExport"
        text: qsTr("Export…")
        enabled: menu.card.series.length > 0
        onTriggered: menu.openExport()
    }
    MenuItem { text: qsTr("Rename…"); onTriggered: menu.card.openRename() }
    MenuItem { text: qsTr("Fixed Y range…"); onTriggered: menu.card.openRange() }
    MenuItem { text: qsTr("Move up"); enabled: menu.card.index > 0; onTriggered: menu.card.workspace.charts.moveChart(menu.card.index, menu.card.index - 1) }
    MenuItem { text: qsTr("Move down"); enabled: menu.card.index < menu.card.workspace.charts.count - 1; onTriggered: menu.card.workspace.charts.moveChart(menu.card.index, menu.card.index + 1) }
    MenuSeparator {}
    MenuItem { text: qsTr("Remove chart"); onTriggered: menu.card.workspace.charts.removeChart(menu.card.index) }
}
