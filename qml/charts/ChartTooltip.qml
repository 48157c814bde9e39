import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "../common/Format.js" as Format

// The crosshair's tooltip: the time under the pointer and each series' nearest stored
// sample (name, value with unit; the sample's own time when it is not at the cursor).
Rectangle {
    id: tip
    property real timeMs: NaN
    property var values: []
    property string unit: ""

    width: column.implicitWidth + 16
    height: column.implicitHeight + 10
    radius: 4
    color: Theme.raised
    border.color: Theme.border
    opacity: 0.96

    function timeText(ms) {
        return isFinite(ms) ? Qt.formatDateTime(new Date(ms), "yyyy-MM-dd HH:mm:ss.zzz") : ""
    }

    ColumnLayout {
        id: column
        anchors.centerIn: parent
        spacing: 2
        Label {
            objectName: "tooltipTime"
            text: tip.timeText(tip.timeMs)
            color: Theme.muted
            font.pointSize: Theme.smallSize
            font.family: Theme.monoFamily
        }
        Repeater {
            model: tip.values
            delegate: RowLayout {
                required property var modelData
                spacing: 6
                Rectangle { width: 8; height: 8; radius: 4; color: modelData.color }
                Label {
                    text: modelData.name
                    textFormat: Text.PlainText
                    color: Theme.text
                    font.pointSize: Theme.smallSize
                    Layout.maximumWidth: 220
                    elide: Text.ElideMiddle
                }
                Item { Layout.fillWidth: true; Layout.minimumWidth: 8 }
                Label {
                    objectName: "tooltipValue"
                    text: modelData.value === undefined ? "–" : Format.number(modelData.value, tip.unit)
                    textFormat: Text.PlainText
                    color: Theme.text
                    font.bold: true
                    font.family: Theme.monoFamily
                    font.pointSize: Theme.smallSize
                }
            }
        }
    }
}
