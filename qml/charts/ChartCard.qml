import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Pulseboard
import "../common/Format.js" as Format

// One chart: a QtCharts ChartView whose LineSeries are filled by a ChartFeeder at frame
// rate (never per message). Header: title, paused badge, Y and series choices, menu.
// Legend: per series last value and min/max/mean of the visible range. The tick labels
// are ChartAxisLabels (QtCharts draws the grid on the same ticks), the pointer and keys
// are ChartInspector, the context menus ChartMenu and SeriesMenu. A series' colour is
// SeriesPalette's for its name, so it is the same in every chart and after a theme switch.
Rectangle {
    id: card

    required property int index
    required property string title
    required property var series
    required property bool autoScale
    required property real manualMin
    required property real manualMax
    required property Workspace workspace
    property ChartTimeSync timeSync: null

    readonly property ChartFeeder feeder: feeder
    readonly property string unit: series.length > 0 ? workspace.unitFor(series[0]) : ""
    readonly property bool useGL: GraphicsInfo.api === GraphicsInfo.OpenGL
    property var hiddenSeries: ({})
    readonly property Item chartItem: chart   // what "Export…" captures as PNG

    color: Theme.panel
    radius: Theme.radius
    border.color: Theme.border
    clip: true

    FontMetrics { id: axisMetrics; font.pointSize: Theme.smallSize }

    ChartFeeder {
        id: feeder
        store: card.workspace.store
        windowMs: card.workspace.windowMs
        timeSync: card.timeSync
        autoScale: card.autoScale
        manualMin: card.manualMin
        manualMax: card.manualMax
        plotWidth: Math.max(1, Math.round(chart.plotArea.width))
        plotHeight: Math.max(1, Math.round(chart.plotArea.height))
        fontHeight: axisMetrics.height
        charWidth: axisMetrics.averageCharacterWidth
        unit: card.unit
        // The feeder sets the axis ranges and ticks itself, in the order that makes
        // QtCharts project each frame's points once.
        axisX: xAxis
        axisY: yAxis
        active: card.visible
    }

    function goLive() {
        feeder.goLive()
        if (card.timeSync && feeder.linked)
            card.timeSync.goLive()
    }
    function openPicker() { picker.open() }
    function openRename() { renamePopup.open() }
    function openRange() { rangePopup.open() }
    function removeSeries(name) { card.workspace.charts.toggleSeries(card.index, name) }
    function toggleHidden(name) {
        const h = Object.assign({}, hiddenSeries)
        h[name] = !h[name]
        hiddenSeries = h
        if (lineFor[name])
            lineFor[name].visible = !h[name]
    }
    function copyText(text) { clipboard.text = text; clipboard.selectAll(); clipboard.copy() }
    TextEdit { id: clipboard; visible: false }

    // Keeps the ChartView's LineSeries in step with the chosen series names.
    property var lineFor: ({})
    function syncSeries() {
        const wanted = card.series
        for (const name in lineFor) {
            if (wanted.indexOf(name) < 0) {
                feeder.detach(name)
                chart.removeSeries(lineFor[name])
                delete lineFor[name]
            }
        }
        for (let i = 0; i < wanted.length; ++i) {
            const name = wanted[i]
            if (lineFor[name])
                continue
            const line = chart.createSeries(ChartView.SeriesTypeLine, name, xAxis, yAxis)
            line.useOpenGL = card.useGL
            line.width = 1.6
            line.color = SeriesPalette.color(name, Theme.dark)
            lineFor[name] = line
            feeder.attach(name, line)
        }
        lineFor = lineFor   // notify
    }
    function recolor() {
        for (const name in lineFor)
            lineFor[name].color = SeriesPalette.color(name, Theme.dark)
    }
    Connections { target: Theme; function onDarkChanged() { card.recolor() } }
    Connections { target: SeriesPalette; function onOverridesChanged() { card.recolor() } }
    onSeriesChanged: syncSeries()
    Component.onCompleted: syncSeries()

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 4
            Layout.topMargin: 4
            spacing: 10

            Label {
                text: card.title || qsTr("Chart %1").arg(card.index + 1)
                textFormat: Text.PlainText
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
                Layout.maximumWidth: card.width * 0.3
            }
            // Paused / zoomed: said in the header, never over the legend's values.
            Rectangle {
                objectName: "pausedBadge"
                visible: feeder.paused
                Layout.preferredWidth: pausedRow.implicitWidth + 14
                Layout.preferredHeight: pausedRow.implicitHeight + 4
                radius: height / 2
                color: Theme.raised
                border.color: Theme.warning
                RowLayout {
                    id: pausedRow
                    anchors.centerIn: parent
                    spacing: 6
                    Label {
                        text: feeder.linked ? qsTr("Paused") : qsTr("Paused · own time")
                        color: Theme.warning
                        font.pointSize: Theme.smallSize
                    }
                    Label {
                        objectName: "goLiveLink"
                        text: "<a href='live'>" + qsTr("Go live") + "</a>"
                        textFormat: Text.StyledText
                        linkColor: Theme.accent
                        font.pointSize: Theme.smallSize
                        onLinkActivated: card.goLive()
                    }
                }
            }
            Item { Layout.fillWidth: true }
            ToolButton {
                text: card.autoScale ? qsTr("Auto Y") : qsTr("Fixed Y")
                checkable: true
                checked: !card.autoScale
                font.pointSize: Theme.smallSize
                onClicked: card.autoScale ? rangePopup.open() : card.workspace.charts.setAutoScale(card.index, true)
                ToolTip.visible: hovered
                ToolTip.text: card.autoScale ? qsTr("Y follows the data; click to fix a range") : qsTr("Y range fixed; click to follow the data")
            }
            ToolButton {
                text: qsTr("Series…")
                font.pointSize: Theme.smallSize
                onClicked: picker.open()
            }
            ToolButton {
                text: "⋯"
                onClicked: chartMenu.popup()
            }
        }

        Flow {
            id: legendFlow
            objectName: "legend"
            readonly property Item owner: card
            Layout.fillWidth: true
            Layout.fillHeight: false
            Layout.leftMargin: 12
            Layout.rightMargin: 12
            // Wraps on roomy cards; a small card keeps one line for the plot's sake.
            Layout.maximumHeight: card.height > Theme.em * 16 ? implicitHeight : Theme.em * 1.4
            clip: true
            spacing: 14
            Repeater {
                model: feeder.legend
                delegate: ChartLegendRow {
                    card: legendFlow.owner
                }
            }
        }

        ChartView {
            id: chart
            objectName: "chartView"
            Layout.fillWidth: true
            Layout.fillHeight: true
            antialiasing: true
            legend.visible: false
            backgroundColor: "transparent"
            plotAreaColor: "transparent"
            backgroundRoundness: 0
            // Room for ChartAxisLabels: the widest Y label on the left, one or two lines
            // of time below, half a label above the top tick.
            margins {
                left: Math.ceil(axisLabels.widestY) + 6
                right: Math.ceil(axisMetrics.averageCharacterWidth * 3)
                top: Math.ceil(axisMetrics.height / 2) + 2
                bottom: Math.ceil(axisMetrics.height * (axisLabels.twoLines ? 2 : 1)) + 2
            }
            animationOptions: ChartView.NoAnimation

            ValueAxis {
                id: xAxis   // epoch ms; the feeder sets range and dynamic ticks
                labelsVisible: false
                gridLineColor: Theme.grid
                color: Theme.border
                minorGridVisible: false
            }
            ValueAxis {
                id: yAxis
                labelsVisible: false
                gridLineColor: Theme.grid
                color: Theme.border
            }

            ChartAxisLabels {
                id: axisLabels
                anchors.fill: parent
                feeder: feeder
                plotArea: chart.plotArea
                font: axisMetrics.font
                color: Theme.muted
                readonly property real widestY: {
                    let w = axisMetrics.averageCharacterWidth * 3
                    for (const t of feeder.yTicks)
                        w = Math.max(w, axisMetrics.advanceWidth(t.label))
                    return w
                }
                readonly property bool twoLines: feeder.xTicks.some(t => t.label.indexOf("\n") >= 0)
            }
            ChartInspector {
                id: inspector
                objectName: "chartInspector"
                anchors.fill: parent
                feeder: feeder
                plotArea: chart.plotArea
                unit: card.unit
                onMenuRequested: (x, y) => chartMenu.popup(inspector, x, y)
            }
        }
    }

    Label {
        anchors.centerIn: parent
        visible: !feeder.hasData
        text: card.series.length === 0 ? qsTr("No series on this chart — use “Series…” or click one in the sidebar.")
                                       : qsTr("Waiting for data…")
        color: Theme.muted
    }

    ChartMenu { id: chartMenu; objectName: "chartMenu"; card: card }

    SeriesPicker {
        id: picker
        workspace: card.workspace
        chartIndex: card.index
        chosen: card.series
        anchors.centerIn: parent
    }

    Popup {
        id: renamePopup
        anchors.centerIn: parent
        modal: true
        onOpened: { renameField.text = card.title; renameField.selectAll(); renameField.forceActiveFocus() }
        contentItem: RowLayout {
            TextField {
                id: renameField
                Layout.preferredWidth: 240
                onAccepted: { card.workspace.charts.setTitle(card.index, text); renamePopup.close() }
            }
            Button { text: qsTr("Rename"); onClicked: renameField.accepted() }
        }
    }

    ChartRangePopup {
        id: rangePopup
        anchors.centerIn: parent
        feeder: feeder
        workspace: card.workspace
        chartIndex: card.index
    }
}
