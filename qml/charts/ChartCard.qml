import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Pulseboard
import "../common/Format.js" as Format

// One chart: a QtCharts ChartView whose LineSeries are filled by a ChartFeeder at frame
// rate (never per message). Header: title, legend with last value and unit, Y-axis and
// series choices. Wheel or drag over the plot scrolls back in time (and pauses).
Rectangle {
    id: card

    required property int index
    required property string title
    required property var series
    required property bool autoScale
    required property real manualMin
    required property real manualMax
    required property Workspace workspace

    readonly property ChartFeeder feeder: feeder
    readonly property string unit: series.length > 0 ? workspace.unitFor(series[0]) : ""
    readonly property bool useGL: GraphicsInfo.api === GraphicsInfo.OpenGL

    color: Theme.panel
    radius: Theme.radius
    border.color: Theme.border
    clip: true

    ChartFeeder {
        id: feeder
        store: card.workspace.store
        windowMs: card.workspace.windowMs
        paused: card.workspace.chartsPaused
        autoScale: card.autoScale
        manualMin: card.manualMin
        manualMax: card.manualMax
        plotWidth: Math.max(1, Math.round(chart.plotArea.width))
        // The feeder sets the axis ranges itself, in the order that makes QtCharts
        // project each frame's points once (binding min/max here costs five projections).
        axisX: xAxis
        axisY: yAxis
        active: card.visible
        onPausedChanged: if (paused !== card.workspace.chartsPaused) card.workspace.chartsPaused = paused
    }

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
            line.color = Theme.seriesColor(i + card.index)
            lineFor[name] = line
            feeder.attach(name, line)
        }
        lineFor = lineFor   // notify
    }
    function recolor() {
        const names = card.series
        for (let i = 0; i < names.length; ++i)
            if (lineFor[names[i]])
                lineFor[names[i]].color = Theme.seriesColor(i + card.index)
    }
    Connections { target: Theme; function onDarkChanged() { card.recolor() } }
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
            Item { Layout.fillWidth: true }
            ToolButton {
                text: card.autoScale ? qsTr("Auto Y") : qsTr("Fixed Y")
                checkable: true
                checked: !card.autoScale
                font.pointSize: Theme.smallSize
                onClicked: card.autoScale ? rangePopup.openAt(this) : card.workspace.charts.setAutoScale(card.index, true)
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
                Menu {
                    id: chartMenu
                    MenuItem { text: qsTr("Rename…"); onTriggered: renamePopup.open() }
                    MenuItem { text: qsTr("Fixed Y range…"); onTriggered: rangePopup.open() }
                    MenuItem { text: qsTr("Move up"); enabled: card.index > 0; onTriggered: card.workspace.charts.moveChart(card.index, card.index - 1) }
                    MenuItem { text: qsTr("Move down"); enabled: card.index < card.workspace.charts.count - 1; onTriggered: card.workspace.charts.moveChart(card.index, card.index + 1) }
                    MenuSeparator {}
                    MenuItem { text: qsTr("Remove chart"); onTriggered: card.workspace.charts.removeChart(card.index) }
                }
            }
        }

        Flow {
            objectName: "legend"
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
                delegate: Row {
                    required property string name
                    required property color seriesColor
                    required property real last
                    required property real min
                    required property real max
                    required property bool hasData
                    spacing: 5
                    Rectangle {
                        width: 10; height: 3; radius: 1.5
                        color: seriesColor
                        anchors.verticalCenter: parent.verticalCenter
                    }
                    Label {
                        text: parent.name
                        textFormat: Text.PlainText
                        color: Theme.muted
                        font.pointSize: Theme.smallSize
                        anchors.verticalCenter: parent.verticalCenter
                    }
                    Label {
                        objectName: "legendValue"
                        text: parent.hasData ? Format.number(parent.last, card.workspace.unitFor(parent.name)) : "–"
                        textFormat: Text.PlainText
                        color: Theme.text
                        font.bold: true
                        font.family: Theme.monoFamily
                        font.pointSize: Theme.smallSize
                        anchors.verticalCenter: parent.verticalCenter
                        ToolTip.visible: legendHover.hovered
                        ToolTip.text: qsTr("In view: min %1, max %2").arg(Format.number(parent.min)).arg(Format.number(parent.max))
                        HoverHandler { id: legendHover }
                    }
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
            margins { left: 4; right: 8; top: 2; bottom: 2 }
            animationOptions: ChartView.NoAnimation

            DateTimeAxis {
                id: xAxis
                format: card.workspace.windowMs > 0 && card.workspace.windowMs <= 600000 ? "hh:mm:ss" : "hh:mm"
                tickCount: Math.max(2, Math.min(7, Math.floor(chart.plotArea.width / 110)))
                labelsColor: Theme.muted
                labelsFont.pointSize: Theme.smallSize
                gridLineColor: Theme.grid
                color: Theme.border
                minorGridVisible: false
            }
            ValueAxis {
                id: yAxis
                tickCount: Math.max(2, Math.min(6, Math.floor(chart.plotArea.height / 45)))
                labelFormat: Math.abs(feeder.yMax) >= 1000 ? "%.0f"
                           : Math.abs(feeder.yMax - feeder.yMin) < 0.01 ? "%.5f"
                           : Math.abs(feeder.yMax - feeder.yMin) < 1 ? "%.3f" : "%.2f"
                labelsColor: Theme.muted
                labelsFont.pointSize: Theme.smallSize
                gridLineColor: Theme.grid
                color: Theme.border
                titleText: card.unit
                titleBrush: Theme.muted
                titleFont.pointSize: Theme.smallSize
            }

            // Scroll back through history: the wheel moves a tenth of the window.
            WheelHandler {
                target: null
                onWheel: (event) => feeder.scrollBy(event.angleDelta.y > 0 ? 0.1 : -0.1)
            }
            DragHandler {
                target: null
                xAxis.enabled: true
                yAxis.enabled: false
                property real lastX: 0
                onActiveChanged: lastX = centroid.position.x
                onCentroidChanged: {
                    if (!active || chart.plotArea.width <= 0)
                        return
                    const dx = centroid.position.x - lastX
                    lastX = centroid.position.x
                    feeder.scrollBy(dx / chart.plotArea.width)
                }
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

    // Paused / scrolled back: say so, and offer the way back.
    Rectangle {
        visible: feeder.paused
        anchors.top: parent.top
        anchors.topMargin: 38
        anchors.horizontalCenter: parent.horizontalCenter
        width: pausedRow.implicitWidth + 16
        height: pausedRow.implicitHeight + 8
        radius: height / 2
        color: Theme.raised
        border.color: Theme.warning
        RowLayout {
            id: pausedRow
            anchors.centerIn: parent
            spacing: 8
            Label {
                text: feeder.scrollBackMs > 0 ? qsTr("Paused · %1 back").arg(Format.span(feeder.scrollBackMs)) : qsTr("Paused")
                color: Theme.warning
                font.pointSize: Theme.smallSize
            }
            Label {
                text: "<a href='live'>" + qsTr("Go live") + "</a>"
                textFormat: Text.StyledText
                linkColor: Theme.accent
                font.pointSize: Theme.smallSize
                onLinkActivated: { feeder.goLive(); card.workspace.chartsPaused = false }
            }
        }
    }

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

    Popup {
        id: rangePopup
        anchors.centerIn: parent
        modal: true
        function openAt() { open() }
        onOpened: {
            minField.text = Number(feeder.yMin.toPrecision(6)).toString()
            maxField.text = Number(feeder.yMax.toPrecision(6)).toString()
            minField.forceActiveFocus()
        }
        contentItem: GridLayout {
            columns: 2
            Label { text: qsTr("Y from") }
            TextField {
                id: minField
                selectByMouse: true
                validator: DoubleValidator {}
            }
            Label { text: qsTr("to") }
            TextField {
                id: maxField
                selectByMouse: true
                onAccepted: if (applyRange.enabled) applyRange.clicked()
                validator: DoubleValidator {}
            }
            Label {
                Layout.columnSpan: 2
                visible: Number(minField.text) >= Number(maxField.text)
                text: qsTr("“from” must be below “to”.")
                color: Theme.danger
            }
            Button {
                id: applyRange
                Layout.columnSpan: 2
                Layout.alignment: Qt.AlignRight
                text: qsTr("Fix range")
                enabled: minField.acceptableInput && maxField.acceptableInput && Number(minField.text) < Number(maxField.text)
                onClicked: {
                    card.workspace.charts.setManualRange(card.index, Number(minField.text), Number(maxField.text))
                    card.workspace.charts.setAutoScale(card.index, false)
                    rangePopup.close()
                }
            }
        }
    }
}
