import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The charts: one ChartCard per row of the workspace's ChartListModel, stacked in one
// column or tiled in two.
Item {
    id: pane
    required property Workspace workspace
    clip: true
    property bool tiled: true
    readonly property int columns: tiled && width > 560 && workspace.charts.count > 1 ? 2 : 1
    readonly property int rows: Math.max(1, Math.ceil(workspace.charts.count / columns))

    GridLayout {
        id: grid
        anchors.fill: parent
        columns: pane.columns
        rowSpacing: Theme.gap
        columnSpacing: Theme.gap

        Repeater {
            id: repeater
            objectName: "chartRepeater"
            model: pane.workspace.charts
            delegate: ChartCard {
                workspace: pane.workspace
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 100
                Layout.preferredHeight: 100
                Layout.minimumHeight: Math.min(Theme.em * 7, (pane.height - Theme.gap * (pane.rows - 1)) / pane.rows)
                // A lone last chart in a tiled grid spans both columns.
                Layout.columnSpan: pane.columns === 2 && index === pane.workspace.charts.count - 1
                                   && pane.workspace.charts.count % 2 === 1 ? 2 : 1
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
