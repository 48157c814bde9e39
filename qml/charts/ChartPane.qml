import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The charts: one ChartCard per row of the workspace's ChartListModel, stacked in one
// column or tiled in two. The cards share one ChartTimeSync (one paused/zoomed time
// axis and one crosshair, as in PlotJuggler); the workspace's "paused" follows it. A
// card never gets smaller than its axes need (4 Y labels, the time labels); when the
// charts do not fit at that size the pane scrolls instead of squeezing them.
Item {
    id: pane
    required property Workspace workspace
    clip: true
    property bool tiled: true
    readonly property int columns: tiled && width > 560 && workspace.charts.count > 1 ? 2 : 1
    readonly property int rows: Math.max(1, Math.ceil(workspace.charts.count / columns))
    readonly property real minCardHeight: Theme.em * 11
    readonly property ChartTimeSync timeSync: sync

    ChartTimeSync {
        id: sync
        objectName: "chartTimeSync"
        live: !(pane.workspace && pane.workspace.chartsPaused)
        onLiveChanged: if (pane.workspace && pane.workspace.chartsPaused === live) pane.workspace.chartsPaused = !live
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentWidth: width
        contentHeight: Math.max(height, pane.rows * pane.minCardHeight + Theme.gap * (pane.rows - 1))
        boundsBehavior: Flickable.StopAtBounds
        interactive: contentHeight > height   // wheel/drag inside a chart is the chart's
        ScrollBar.vertical: ScrollBar { policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff }

        GridLayout {
            id: grid
            width: flick.width - (flick.contentHeight > flick.height ? 10 : 0)
            height: flick.contentHeight
            columns: pane.columns
            rowSpacing: Theme.gap
            columnSpacing: Theme.gap

            Repeater {
                id: repeater
                objectName: "chartRepeater"
                model: pane.workspace.charts
                delegate: ChartCard {
                    workspace: pane.workspace
                    timeSync: sync
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    Layout.preferredWidth: 100
                    Layout.preferredHeight: 100
                    Layout.minimumHeight: pane.minCardHeight
                    // A lone last chart in a tiled grid spans both columns.
                    Layout.columnSpan: pane.columns === 2 && index === pane.workspace.charts.count - 1
                                       && pane.workspace.charts.count % 2 === 1 ? 2 : 1
                }
            }
        }
    }

    Rectangle {
        anchors.fill: parent
        visible: pane.workspace.charts.count === 0
        color: Theme.panel
        radius: Theme.radius
        border.color: Theme.border
        ColumnLayout {
            anchors.centerIn: parent
            spacing: 10
            Label {
                text: qsTr("No charts")
                font.bold: true
                color: Theme.text
                Layout.alignment: Qt.AlignHCenter
            }
            PrimaryButton {
                text: qsTr("Add a chart")
                Layout.alignment: Qt.AlignHCenter
                onClicked: pane.workspace.charts.addChart(qsTr("Chart"), [])
            }
        }
    }
}
