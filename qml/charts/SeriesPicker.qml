import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// Chooses which series one chart plots: a filterable, checkable list of every series.
Popup {
    id: picker
    required property Workspace workspace
    required property int chartIndex
    required property var chosen

    modal: true
    width: 320
    height: 380
    padding: 8
    onOpened: { filter.text = ""; filter.forceActiveFocus() }

    contentItem: ColumnLayout {
        spacing: 6
        Label {
            text: qsTr("Series on this chart (%1 of at most 32)").arg(picker.chosen.length)
            font.bold: true
            color: Theme.text
        }
        TextField {
            id: filter
            Layout.fillWidth: true
            placeholderText: qsTr("Filter…")
            selectByMouse: true
        }
        ListView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: SeriesListModel { store: picker.workspace.store; refreshIntervalMs: 500 }
            ScrollBar.vertical: ScrollBar {}
            delegate: CheckDelegate {
                required property string name
                readonly property bool matches: filter.text.length === 0
                    || name.toLowerCase().indexOf(filter.text.toLowerCase()) >= 0
                width: ListView.view.width
                height: matches ? implicitHeight : 0
                visible: matches
                text: name
                checked: picker.chosen.indexOf(name) >= 0
                onToggled: picker.workspace.charts.toggleSeries(picker.chartIndex, name)
                contentItem: Label {
                    text: parent.text
                    textFormat: Text.PlainText
                    color: Theme.text
                    elide: Text.ElideRight
                    rightPadding: parent.indicator.width + 8
                }
            }
        }
        Button {
            Layout.alignment: Qt.AlignRight
            text: qsTr("Done")
            onClicked: picker.close()
        }
    }
}
