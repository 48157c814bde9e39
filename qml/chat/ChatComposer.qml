import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "ChatFormat.js" as ChatFormat

// Writes a message to the current room or conversation. Enter sends, Shift+Enter starts
// a new line. The hub takes at most maxBytes of UTF-8 per message (docs/protocol.md §1):
// the counter appears near the limit and sending is refused beyond it. Typing is
// reported to the room (ChatClient rate-limits it to one notice per 3 s).
ColumnLayout {
    id: composer
    required property ChatClient client
    property int maxBytes: 4000
    readonly property int bytes: ChatFormat.utf8Bytes(field.text)
    readonly property bool tooLong: bytes > maxBytes
    readonly property bool canSend: client.connected && client.currentRoom.length > 0
                                    && field.text.trim().length > 0 && !tooLong
    property string status: ""
    property alias text: field.text
    spacing: 2

    function send() {
        if (!canSend)
            return false
        if (!client.sendMessage(field.text)) {
            status = client.lastError.length > 0 ? client.lastError : qsTr("Not sent: the hub is not connected.")
            return false
        }
        status = ""
        field.text = ""
        return true
    }
    function focusField() { field.forceActiveFocus() }

    Rectangle {
        Layout.fillWidth: true
        implicitHeight: Math.min(scroll.implicitHeight, Theme.em * 8) + 2
        radius: Theme.radius
        color: Theme.raised
        border.color: composer.tooLong ? Theme.danger : field.activeFocus ? Theme.accent : Theme.border

        RowLayout {
            anchors.fill: parent
            anchors.margins: 1
            spacing: 0

            ScrollView {
                id: scroll
                Layout.fillWidth: true
                Layout.fillHeight: true
                TextArea {
                    id: field
                    objectName: "composerField"
                    textFormat: TextEdit.PlainText
                    wrapMode: TextEdit.Wrap
                    selectByMouse: true
                    enabled: composer.client.connected && composer.client.currentRoom.length > 0
                    placeholderText: !composer.client.connected ? qsTr("Not connected")
                                   : composer.client.currentRoom.startsWith("@")
                                     ? qsTr("Message %1 privately").arg(composer.client.currentRoom.slice(1))
                                   : composer.client.currentRoom.length > 0 ? qsTr("Message #%1").arg(composer.client.currentRoom)
                                   : qsTr("Join a room first")
                    background: null
                    color: Theme.text
                    Keys.onPressed: (event) => {
                        if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                                && !(event.modifiers & Qt.ShiftModifier)) {
                            composer.send()
                            event.accepted = true
                        }
                    }
                    onTextChanged: {
                        composer.status = ""
                        composer.client.setTyping(text.length > 0)
                    }
                }
            }
            Button {
                objectName: "sendButton"
                text: qsTr("Send")
                enabled: composer.canSend
                flat: !enabled
                highlighted: enabled
                Layout.alignment: Qt.AlignBottom
                Layout.margins: 4
                onClicked: composer.send()
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Layout.leftMargin: 4
        Layout.rightMargin: 4
        Label {
            objectName: "typingLabel"
            text: composer.client.typingText
            textFormat: Text.PlainText
            color: Theme.muted
            font.italic: true
            font.pointSize: Theme.smallSize
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Label {
            objectName: "composerStatus"
            visible: composer.status.length > 0
            text: composer.status
            textFormat: Text.PlainText
            color: Theme.danger
            font.pointSize: Theme.smallSize
            elide: Text.ElideRight
            Layout.maximumWidth: composer.width * 0.6
        }
        Label {
            objectName: "byteCounter"
            visible: composer.bytes > composer.maxBytes * 0.8
            text: composer.tooLong ? qsTr("%1 / %2 bytes — too long to send").arg(composer.bytes).arg(composer.maxBytes)
                                   : qsTr("%1 / %2 bytes").arg(composer.bytes).arg(composer.maxBytes)
            color: composer.tooLong ? Theme.danger : Theme.muted
            font.pointSize: Theme.smallSize
        }
        Label {
            visible: composer.status.length === 0 && composer.bytes <= composer.maxBytes * 0.8
            text: qsTr("Enter to send · Shift+Enter for a new line")
            color: Theme.faint
            font.pointSize: Theme.smallSize
        }
    }
}
