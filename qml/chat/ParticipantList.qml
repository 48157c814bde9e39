import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "ChatFormat.js" as ChatFormat

// Who is in the current room (presence from the hub: joins and leaves as they happen),
// who is typing, and a private conversation with anyone in one click.
ColumnLayout {
    id: people
    required property ChatClient client
    readonly property bool isPrivate: client.currentRoom.startsWith("@")
    spacing: 0
    clip: true     // a long nickname or list never draws past the column

    Label {
        text: people.isPrivate ? qsTr("PRIVATE CONVERSATION")
                               : qsTr("IN THIS ROOM — %1").arg(people.client.participants.count)
        color: Theme.faint
        font.pointSize: Theme.smallSize
        font.bold: true
        font.letterSpacing: 0.6
        elide: Text.ElideRight
        Layout.fillWidth: true
        Layout.leftMargin: 12
        Layout.rightMargin: 8
        Layout.topMargin: 10
        Layout.bottomMargin: 4
    }

    Label {
        visible: people.isPrivate
        text: qsTr("Messages to %1 go through the hub but are not stored there. They reach %1 only while connected.")
              .arg(people.client.currentRoom.slice(1))
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: Theme.muted
        font.pointSize: Theme.smallSize
        Layout.fillWidth: true
        Layout.margins: 12
    }

    ListView {
        id: view
        objectName: "participantList"
        visible: !people.isPrivate
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: people.client.participants
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        delegate: ItemDelegate {
            id: person
            required property string nick
            required property bool typing
            required property bool isMe
            width: ListView.view.width
            height: Math.round(Theme.em * 1.9)
            leftPadding: 12
            rightPadding: 8
            onClicked: if (!isMe) people.client.openPrivate(nick)
            ToolTip.visible: hovered && !isMe
            ToolTip.delay: 400
            ToolTip.text: qsTr("Send %1 a private message").arg(nick)
            background: Rectangle { color: person.hovered ? Theme.hover : "transparent" }

            contentItem: RowLayout {
                spacing: 8
                Item {
                    implicitWidth: Math.round(Theme.em * 1.3)
                    implicitHeight: implicitWidth
                    Rectangle {
                        anchors.fill: parent
                        radius: width / 2
                        color: Theme.seriesColor(ChatFormat.nickIndex(person.nick))
                        Label {
                            anchors.centerIn: parent
                            text: ChatFormat.initial(person.nick)
                            textFormat: Text.PlainText
                            color: "white"
                            font.pointSize: Theme.smallSize
                            font.bold: true
                        }
                    }
                    Rectangle {   // presence: online (everyone listed is connected and in the room)
                        width: 8
                        height: 8
                        radius: 4
                        anchors.right: parent.right
                        anchors.bottom: parent.bottom
                        anchors.margins: -1
                        color: Theme.ok
                        border.color: Theme.panel
                        border.width: 1.5
                    }
                }
                Label {
                    text: person.nick
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    color: Theme.text
                    // Always takes the room left and elides: a long nickname beside
                    // "(you)" or "typing…" used to push the row past the window's edge.
                    Layout.fillWidth: true
                    Layout.minimumWidth: 0
                }
                Label {
                    visible: person.isMe
                    text: qsTr("(you)")
                    color: Theme.faint
                    font.pointSize: Theme.smallSize
                }
                Label {
                    visible: person.typing
                    text: qsTr("typing…")
                    color: Theme.accent
                    font.italic: true
                    font.pointSize: Theme.smallSize
                }
            }
        }
    }
}
