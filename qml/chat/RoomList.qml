import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The rooms I am in and my private conversations, each with its unread count; a field
// to join (or create) a room by name; leave from the row.
ColumnLayout {
    id: rooms
    required property ChatClient client
    property string joinError: ""
    spacing: 0

    function joinRoom(name) {
        const room = name.trim().toLowerCase().replace(/^#/, "")
        if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(room)) {
            joinError = qsTr("Room names are 1-32 characters of a-z, 0-9, “_” or “-”, starting with a letter or digit.")
            return false
        }
        joinError = ""
        if (!client.join(room)) {
            joinError = client.lastError
            return false
        }
        client.currentRoom = room
        return true
    }

    component SectionLabel: Label {
        color: Theme.faint
        font.pointSize: Theme.smallSize
        font.bold: true
        font.letterSpacing: 0.6
        leftPadding: 12
        topPadding: 10
        bottomPadding: 4
    }

    component RoomRow: ItemDelegate {
        id: roomRow
        required property string name
        required property int unread
        required property bool isPrivate
        required property bool joined
        property bool privateGroup: false
        property ChatClient client
        readonly property bool current: roomRow.client.currentRoom === name
        objectName: isPrivate === privateGroup ? "room_" + name : ""
        visible: isPrivate === privateGroup
        width: parent ? parent.width : implicitWidth
        height: visible ? Math.round(Theme.em * 1.9) : 0
        leftPadding: 12
        rightPadding: 6
        highlighted: current
        onClicked: roomRow.client.currentRoom = name

        background: Rectangle {
            color: roomRow.current ? Theme.selected : roomRow.hovered ? Theme.hover : "transparent"
            Rectangle {
                visible: roomRow.current
                width: 3
                height: parent.height
                color: Theme.accent
            }
        }
        contentItem: RowLayout {
            spacing: 6
            Label {
                text: roomRow.isPrivate ? "@" : "#"
                color: Theme.faint
                font.bold: true
                Layout.preferredWidth: Math.round(Theme.em * 0.8)
            }
            Label {
                text: roomRow.isPrivate ? roomRow.name.slice(1) : roomRow.name
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: roomRow.unread > 0 || roomRow.current ? Theme.text : Theme.muted
                font.bold: roomRow.unread > 0
                opacity: roomRow.isPrivate || roomRow.joined || !roomRow.client.connected ? 1 : 0.6
                Layout.fillWidth: true
            }
            Rectangle {
                objectName: "unreadBadge"
                visible: roomRow.unread > 0
                implicitWidth: Math.max(height, unreadLabel.implicitWidth + 10)
                implicitHeight: unreadLabel.implicitHeight + 2
                radius: height / 2
                color: Theme.accent
                Label {
                    id: unreadLabel
                    objectName: "unreadCount"
                    anchors.centerIn: parent
                    text: roomRow.unread > 99 ? "99+" : String(roomRow.unread)
                    color: Theme.accentText
                    font.pointSize: Theme.smallSize
                    font.bold: true
                }
            }
            ToolButton {
                objectName: "leaveButton"
                opacity: roomRow.hovered || roomRow.current ? 1 : 0
                enabled: opacity > 0
                text: "×"
                implicitWidth: Math.round(Theme.em * 1.4)
                implicitHeight: implicitWidth
                onClicked: roomRow.client.leave(roomRow.name)
                ToolTip.visible: hovered
                ToolTip.text: roomRow.isPrivate ? qsTr("Close this conversation") : qsTr("Leave #%1").arg(roomRow.name)
            }
        }
    }

    // Rows of both groups come from one model; each Repeater shows its own group.
    property int privateCount: 0
    property int roomCount: 0
    function recount() {
        let p = 0
        for (let i = 0; i < roomRepeater.count; ++i) {
            const item = roomRepeater.itemAt(i)
            if (item && item.isPrivate)
                ++p
        }
        privateCount = p
        roomCount = roomRepeater.count - p
    }

    ScrollView {
        id: scroll
        objectName: "roomList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        contentWidth: availableWidth
        clip: true

        Column {
            width: scroll.availableWidth
            SectionLabel { text: qsTr("ROOMS") }
            Repeater {
                id: roomRepeater
                model: rooms.client.rooms
                delegate: RoomRow { client: rooms.client; privateGroup: false }
                onItemAdded: Qt.callLater(rooms.recount)
                onItemRemoved: Qt.callLater(rooms.recount)
            }
            Label {
                visible: rooms.roomCount === 0
                width: parent.width
                leftPadding: 12
                rightPadding: 12
                wrapMode: Text.Wrap
                text: rooms.client.connected ? qsTr("No rooms yet: join one below.") : qsTr("Not connected.")
                color: Theme.faint
                font.pointSize: Theme.smallSize
            }
            SectionLabel { text: qsTr("PRIVATE"); visible: rooms.privateCount > 0 }
            Repeater {
                model: rooms.client.rooms
                delegate: RoomRow { client: rooms.client; privateGroup: true }
            }
        }
    }

    Rectangle { Layout.fillWidth: true; Layout.preferredHeight: 1; color: Theme.border }

    TextField {
        id: joinField
        objectName: "joinRoomField"
        Layout.fillWidth: true
        Layout.margins: 8
        enabled: rooms.client.connected
        placeholderText: qsTr("Join or create a room…")
        maximumLength: 40
        selectByMouse: true
        onAccepted: if (rooms.joinRoom(text)) text = ""
        onTextChanged: rooms.joinError = ""
    }
    Label {
        visible: rooms.joinError.length > 0
        text: rooms.joinError
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: Theme.danger
        font.pointSize: Theme.smallSize
        Layout.fillWidth: true
        Layout.leftMargin: 8
        Layout.rightMargin: 8
        Layout.bottomMargin: 8
    }
}
