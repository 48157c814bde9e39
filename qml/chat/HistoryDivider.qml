import QtQuick
import QtQuick.Controls
import Pulseboard

// The line under the history the hub replayed on join: what is above it was said
// before I joined, what follows is live.
Item {
    id: divider
    property int count: 0
    implicitHeight: label.implicitHeight + 16

    Rectangle {
        anchors.verticalCenter: parent.verticalCenter
        x: 12
        width: parent.width - 24
        height: 1
        color: Theme.border
    }
    Rectangle {
        anchors.centerIn: parent
        width: label.implicitWidth + 20
        height: label.implicitHeight + 6
        radius: height / 2
        color: Theme.panel
        border.color: Theme.border
        Label {
            id: label
            objectName: "historyLabel"
            anchors.centerIn: parent
            text: divider.count === 1 ? qsTr("▲ history · 1 earlier message")
                : divider.count > 1 ? qsTr("▲ history · %1 earlier messages").arg(divider.count) : qsTr("▲ history")
            textFormat: Text.PlainText
            color: Theme.muted
            font.pointSize: Theme.smallSize
        }
    }
}
