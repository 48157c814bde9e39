import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "../common/Format.js" as Format

// One line of the message log: time, direction, a one-line preview. Plain text only:
// a message saying <b>bold</b> shows those characters.
Rectangle {
    id: row
    required property int index
    required property var time
    required property int direction
    required property int kind
    required property string text
    required property string preview
    required property bool truncated
    property bool current: false
    signal clicked()
    signal menuRequested()          // right-click: the pane's one shared message menu

    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: line.implicitHeight + 6
    color: current ? Theme.selected : hover.hovered ? Theme.hover : index % 2 ? Theme.raised : "transparent"

    readonly property color directionColor: direction === MessageLog.Outgoing ? Theme.accent
        : direction === MessageLog.Event ? (kind === MessageLog.Error ? Theme.danger : Theme.warning) : Theme.up

    HoverHandler { id: hover }
    TapHandler { onTapped: row.clicked() }
    TapHandler { acceptedButtons: Qt.RightButton; onTapped: row.menuRequested() }

    RowLayout {
        id: line
        anchors.fill: parent
        anchors.leftMargin: 8
        anchors.rightMargin: 8
        spacing: 8
        Label {
            text: Format.clock(row.time)
            textFormat: Text.PlainText
            color: Theme.faint
            font.family: Theme.monoFamily
            font.pointSize: Theme.smallSize
        }
        Label {
            text: row.direction === MessageLog.Outgoing ? "↑" : row.direction === MessageLog.Event ? "●" : "↓"
            color: row.directionColor
            font.bold: true
            font.pointSize: Theme.smallSize
            Layout.preferredWidth: 12
            horizontalAlignment: Text.AlignHCenter
        }
        Label {
            objectName: "previewLabel"
            text: row.preview
            textFormat: Text.PlainText
            color: row.direction === MessageLog.Event ? row.directionColor : Theme.text
            font.family: Theme.monoFamily
            font.pointSize: Theme.smallSize
            elide: Text.ElideRight
            maximumLineCount: 1
            Layout.fillWidth: true
        }
        Label {
            visible: row.truncated
            text: qsTr("cut")
            color: Theme.warning
            font.pointSize: Theme.smallSize
        }
    }
}
