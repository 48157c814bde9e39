import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The messages of the current room, oldest first. Follows the newest message while the
// view is at the bottom; scrolled up, it stays put and offers a "new messages" jump.
// The history the hub replayed on join ends with a divider (ChatHistoryMarker).
ListView {
    id: list
    required property ChatClient client
    required property ChatHistoryMarker marker
    property bool stick: true
    property int unseen: 0

    readonly property int boundary: marker.currentBoundary
    readonly property int historyCount: marker.currentHistoryCount
    readonly property bool isPrivate: client.currentRoom.startsWith("@")

    clip: true
    model: client.messages
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { id: scrollBar }

    delegate: ChatMessageRow {
        showHistoryDivider: !list.isPrivate && list.boundary > 0 && seq === list.boundary + 1
        historyCount: list.historyCount
    }
    footer: Item {
        width: list.width
        height: historyFooter.visible ? historyFooter.implicitHeight + 4 : 8
        HistoryDivider {
            id: historyFooter
            objectName: "historyFooter"
            width: parent.width
            count: list.historyCount
            visible: !list.isPrivate && list.boundary > 0 && list.count > 0 && list.count <= list.historyCount
        }
    }

    function toEnd() {
        positionViewAtEnd()
        stick = true
        unseen = 0
    }

    onMovementEnded: { stick = atYEnd; if (stick) unseen = 0 }
    onCountChanged: {
        if (stick || count === 0)
            Qt.callLater(toEnd)
        else
            ++unseen
    }
    onContentHeightChanged: if (stick) Qt.callLater(positionViewAtEnd)
    onHeightChanged: if (stick) Qt.callLater(positionViewAtEnd)
    Connections {
        target: list.client
        function onCurrentRoomChanged() { Qt.callLater(list.toEnd) }
    }
    Connections {
        target: scrollBar
        function onPressedChanged() { if (!scrollBar.pressed) list.stick = list.atYEnd }
    }
    WheelHandler {
        onWheel: Qt.callLater(function() { list.stick = list.atYEnd; if (list.stick) list.unseen = 0 })
    }

    Button {
        objectName: "jumpToNewButton"
        visible: !list.stick && list.unseen > 0
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 10
        text: list.unseen === 1 ? qsTr("↓ 1 new message") : qsTr("↓ %1 new messages").arg(list.unseen)
        highlighted: true
        onClicked: list.toEnd()
    }

    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - 40, 360)
        spacing: 6
        visible: list.count === 0 && list.client.currentRoom.length > 0
        Label {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: list.isPrivate ? qsTr("Private conversation with %1").arg(list.client.currentRoom.slice(1))
                                 : qsTr("#%1 is quiet").arg(list.client.currentRoom)
            textFormat: Text.PlainText
            font.bold: true
            color: Theme.text
        }
        Label {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: list.isPrivate ? qsTr("Only the two of you see these messages; the hub does not store them.")
                                 : qsTr("Say hello. Messages are kept by the host, so people joining later see the history.")
            color: Theme.muted
        }
    }
}
