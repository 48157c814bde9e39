import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The hub's rejection log (RejectionLog, newest last, bounded by the hub): every refused
// connection, message or peer with its address, reason and close code.
ListView {
    id: view
    required property HubHost host
    clip: true
    model: host.server.rejections
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}
    onCountChanged: Qt.callLater(positionViewAtEnd)

    delegate: Rectangle {
        id: row
        required property int index
        required property var time
        required property string address
        required property string reason
        required property int closeCode
        width: ListView.view.width
        implicitHeight: line.implicitHeight + 6
        color: index % 2 ? Theme.raised : "transparent"
        RowLayout {
            id: line
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12
            spacing: 12
            Label {
                text: Qt.formatTime(row.time, "hh:mm:ss")
                color: Theme.faint
                font.family: Theme.monoFamily
                font.pointSize: Theme.smallSize
            }
            Label {
                text: row.address
                textFormat: Text.PlainText
                font.family: Theme.monoFamily
                font.pointSize: Theme.smallSize
                color: Theme.text
                Layout.preferredWidth: Math.round(Theme.em * 9)
                elide: Text.ElideRight
            }
            Label {
                objectName: "rejectionReason"
                text: row.reason
                textFormat: Text.PlainText
                color: Theme.text
                font.pointSize: Theme.smallSize
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Pill {
                visible: row.closeCode > 0
                text: qsTr("close %1").arg(row.closeCode)
                tint: row.closeCode === 1000 || row.closeCode === 1001 ? Theme.muted : Theme.warning
            }
        }
    }

    Label {
        anchors.centerIn: parent
        visible: view.count === 0
        text: qsTr("Nothing refused so far.")
        color: Theme.faint
    }
}
