import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The LAN chat: rooms and private conversations (with unread counts) on the left, the
// messages of the current one in the middle with the composer under them, the people
// in the room on the right. Everything comes from ChatClient and its models; errors
// from the hub (nickname taken, wrong password, rate limits…) show in a banner.
// Ctrl+K jumps to a room.
Item {
    id: pane
    required property ChatClient client
    property bool showParticipants: width > 760

    signal joinRequested()
    signal hostRequested()

    function focusComposer() { composer.focusField() }

    ChatHistoryMarker { id: marker; client: pane.client }

    Shortcut {
        sequence: "Ctrl+K"
        enabled: pane.visible && pane.client.connected
        onActivated: switcher.open()
    }

    // An error stays until dismissed or replaced by another one.
    property string dismissedError: ""
    readonly property string bannerText: client.certificateWarning.length > 0 ? client.certificateWarning : client.lastError
    readonly property bool bannerIsCertificate: client.certificateWarning.length > 0

    Rectangle {
        anchors.fill: parent
        color: Theme.panel
        radius: Theme.radius
        border.color: Theme.border
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 1
        spacing: 0

        RoomList {
            id: roomList
            client: pane.client
            Layout.preferredWidth: Math.round(Theme.em * 14)
            Layout.fillWidth: false
            Layout.fillHeight: true
        }
        Rectangle { Layout.fillHeight: true; Layout.preferredWidth: 1; color: Theme.border }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            RowLayout {   // room header
                Layout.fillWidth: true
                Layout.preferredHeight: Math.round(Theme.em * 2.4)
                Layout.leftMargin: 14
                Layout.rightMargin: 8
                spacing: 8
                Label {
                    objectName: "roomTitle"
                    text: pane.client.currentRoom.length === 0 ? qsTr("Chat")
                          : pane.client.currentRoom.startsWith("@") ? pane.client.currentRoom
                          : "#" + pane.client.currentRoom
                    textFormat: Text.PlainText
                    font.bold: true
                    font.pointSize: Qt.application.font.pointSize + 1
                    color: Theme.text
                }
                Label {
                    text: pane.client.connected && pane.client.currentRoom.length > 0 && !pane.client.currentRoom.startsWith("@")
                          ? (pane.client.participants.count === 1 ? qsTr("1 member")
                             : qsTr("%1 members").arg(pane.client.participants.count)) : ""
                    color: Theme.muted
                    font.pointSize: Theme.smallSize
                }
                Item { Layout.fillWidth: true }
                ToolButton {
                    text: qsTr("Jump…")
                    enabled: pane.client.connected
                    font.pointSize: Theme.smallSize
                    onClicked: switcher.open()
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Jump to a room or conversation (Ctrl+K)")
                }
                ToolButton {
                    text: pane.showParticipants ? qsTr("Hide people") : qsTr("People")
                    font.pointSize: Theme.smallSize
                    onClicked: pane.showParticipants = !pane.showParticipants
                }
            }
            Rectangle { Layout.fillWidth: true; Layout.preferredHeight: 1; color: Theme.border }

            Rectangle {   // error banner
                id: banner
                objectName: "errorBanner"
                visible: pane.bannerText.length > 0 && pane.bannerText !== pane.dismissedError
                Layout.fillWidth: true
                Layout.margins: 8
                implicitHeight: bannerRow.implicitHeight + 14
                radius: Theme.radius
                readonly property color tint: pane.bannerIsCertificate ? Theme.danger : Theme.warning
                color: Qt.rgba(tint.r, tint.g, tint.b, 0.13)
                border.color: tint
                RowLayout {
                    id: bannerRow
                    anchors.fill: parent
                    anchors.margins: 7
                    spacing: 8
                    Label {
                        text: pane.bannerIsCertificate ? "⚠" : "!"
                        font.bold: true
                        color: banner.tint
                    }
                    Label {
                        objectName: "errorText"
                        text: pane.bannerText
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        color: Theme.text
                        Layout.fillWidth: true
                    }
                    ToolButton {
                        text: "×"
                        onClicked: pane.dismissedError = pane.bannerText
                    }
                }
            }

            MessageList {
                id: messageList
                objectName: "messageList"
                client: pane.client
                marker: marker
                Layout.fillWidth: true
                Layout.fillHeight: true
                visible: !emptyState.visible
            }
            Item {   // nothing to show yet
                id: emptyState
                visible: pane.client.currentRoom.length === 0
                         || (!pane.client.connected && pane.client.messages.count === 0)
                Layout.fillWidth: true
                Layout.fillHeight: true
                Column {
                    anchors.centerIn: parent
                    width: Math.min(parent.width - 40, 460)
                    spacing: 10
                    Label {
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        wrapMode: Text.Wrap
                        text: pane.client.connected ? qsTr("Join a room to start chatting")
                                                    : qsTr("Chat with colleagues on your network")
                        font.bold: true
                        font.pointSize: Qt.application.font.pointSize + 2
                        color: Theme.text
                    }
                    Label {
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        wrapMode: Text.Wrap
                        text: pane.client.connected ? qsTr("Type a room name on the left, or press Ctrl+K.")
                                                    : qsTr("Join a session someone hosts on the LAN, or host one yourself.")
                        color: Theme.muted
                    }
                    Row {
                        visible: !pane.client.connected
                        anchors.horizontalCenter: parent.horizontalCenter
                        spacing: 8
                        PrimaryButton { text: qsTr("Join a session…"); onClicked: pane.joinRequested() }
                        Button { text: qsTr("Host a session…"); onClicked: pane.hostRequested() }
                    }
                }
            }

            ChatComposer {
                id: composer
                objectName: "composer"
                client: pane.client
                Layout.fillWidth: true
                Layout.leftMargin: 12
                Layout.rightMargin: 12
                Layout.bottomMargin: 8
                Layout.topMargin: 4
            }
        }

        Rectangle {
            visible: pane.showParticipants
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            color: Theme.border
        }
        ParticipantList {
            objectName: "peopleColumn"
            visible: pane.showParticipants
            client: pane.client
            // At most a quarter of the pane, so the column always ends inside the window.
            Layout.preferredWidth: Math.min(Math.round(Theme.em * 14), Math.round(pane.width / 4))
            Layout.maximumWidth: Math.round(pane.width / 4)
            Layout.fillWidth: false
            Layout.fillHeight: true
        }
    }

    RoomSwitcher {
        id: switcher
        objectName: "roomSwitcher"
        client: pane.client
        parent: pane
        onClosed: composer.focusField()
    }
}
