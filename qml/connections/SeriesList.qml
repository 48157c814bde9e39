import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "../common/Format.js" as Format

// Every series in the store with its last value; click or right-click one for its menu:
// add to (or remove from) a chart of the current dashboard, a new chart with it, copy
// its name.
ColumnLayout {
    id: list
    required property Workspace workspace
    spacing: 6
    Clipboard { id: clipboard; objectName: "seriesClipboard" }

    TextField {
        id: search
        Layout.fillWidth: true
        Layout.leftMargin: 8
        Layout.rightMargin: 8
        Layout.topMargin: 8
        placeholderText: qsTr("Find a series…")
        selectByMouse: true
    }
    ListView {
        id: view
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: SeriesListModel { id: seriesModel; store: list.workspace.store }
        objectName: "seriesListView"
        ScrollBar.vertical: ScrollBar {}
        delegate: ItemDelegate {
            id: row
            required property string name
            required property real last
            required property real rate
            readonly property bool matches: search.text.length === 0
                || name.toLowerCase().indexOf(search.text.toLowerCase()) >= 0
            width: ListView.view.width
            height: matches ? implicitHeight : 0
            visible: matches
            padding: 6
            leftPadding: 12
            rightPadding: 12
            contentItem: RowLayout {
                spacing: 8
                Label {
                    text: row.name
                    textFormat: Text.PlainText
                    color: Theme.text
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Label {
                    text: Format.number(row.last, list.workspace.unitFor(row.name))
                    textFormat: Text.PlainText
                    color: Theme.muted
                    font.family: Theme.monoFamily
                    font.pointSize: Theme.smallSize
                }
            }
            onClicked: chartMenu.popup()
            TapHandler { acceptedButtons: Qt.RightButton; onTapped: chartMenu.popup() }
            property alias menu: chartMenu
            ToolTip.visible: hovered
            ToolTip.delay: 600
            ToolTip.text: qsTr("%1 updates/s — click to chart it").arg(rate.toFixed(1))
            Menu {
                id: chartMenu
                objectName: "seriesMenu"
                Menu {
                    id: addMenu
                    title: qsTr("Add to chart")
                    enabled: list.workspace.charts.count > 0
                    Repeater {
                        model: list.workspace.charts
                        delegate: MenuItem {
                            required property int index
                            required property string title
                            required property var series
                            id: chartItem
                            text: (series.indexOf(row.name) >= 0 ? qsTr("Remove from “%1”") : qsTr("Add to “%1”")).arg(title || qsTr("Chart %1").arg(index + 1))
                            onTriggered: list.workspace.charts.toggleSeries(index, row.name)
                            contentItem: Label {
                                text: chartItem.text
                                textFormat: Text.PlainText
                                elide: Text.ElideRight
                                color: Theme.text
                                verticalAlignment: Text.AlignVCenter
                            }
                        }
                    }
                }
                MenuItem {
                    id: newChartItem
                    text: qsTr("New chart with %1").arg(row.name)
                    enabled: list.workspace.charts.count < 8
                    onTriggered: list.workspace.charts.addChart(row.name, [row.name])
                    // The series name came from the network: plain text, never markup.
                    contentItem: Label {
                        text: newChartItem.text
                        textFormat: Text.PlainText
                        elide: Text.ElideRight
                        color: newChartItem.enabled ? Theme.text : Theme.faint
                        verticalAlignment: Text.AlignVCenter
                    }
                }
                MenuSeparator {}
                MenuItem { objectName: "copySeriesName"; text: qsTr("Copy name"); onTriggered: clipboard.copy(row.name) }
            }
        }
        Label {
            anchors.centerIn: parent
            visible: view.count === 0
            text: qsTr("No series yet.\nThey appear as messages arrive.")
            horizontalAlignment: Text.AlignHCenter
            color: Theme.muted
        }
    }
}
