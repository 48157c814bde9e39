import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The chat tab of the window: connection state and the Join / Host actions on top, the
// ChatPane below, and while hosting a second tab with the HostView. Owns the Join and
// Host dialogs; the window only provides the ChatClient and the HubHost.
Item {
    id: page
    required property ChatClient client
    required property HubHost host
    property int tab: 0                     // 0: chat, 1: host view (while hosting)
    property alias joinDialog: joinDialog   // e.g. joinDialog.openFor(url, fingerprint)
    property alias hostDialog: hostDialog

    function openJoin() { joinDialog.openDialog() }
    function openHost() {
        if (host.hosting)
            tab = 1
        else
            hostDialog.openDialog()
    }

    HubJoinCheck { id: check; knownHostsFile: page.client.knownHostsFile }

    // Joining one's own session: its certificate is ours, so it is pinned without asking,
    // and the session's password is handed over in memory (HubHost::lendCredential).
    function joinOwn(url, fingerprint) {
        if (fingerprint.length > 0)
            check.trust(url, fingerprint)
        if (check.nickError(client.nickname).length > 0 || client.connected) {
            joinDialog.openFor(url, fingerprint)
            return
        }
        client.url = url
        host.lendCredential(client)   // our own session: no password to type
        client.expectedFingerprint = fingerprint
        client.connectToHub()
        if (client.rooms.count === 0)
            client.join("general")
    }

    readonly property var stateInfo: {
        switch (client.state) {
        case ChatClient.Connected:
            return { text: qsTr("%1 in “%2”").arg(client.nickname).arg(client.sessionName), tint: Theme.ok, pulse: false }
        case ChatClient.Connecting:
        case ChatClient.Authenticating:
            return { text: qsTr("connecting…"), tint: Theme.accent, pulse: true }
        case ChatClient.Reconnecting:
            return { text: qsTr("reconnecting…"), tint: Theme.warning, pulse: true }
        case ChatClient.Failed:
            return { text: qsTr("not connected"), tint: Theme.danger, pulse: false }
        }
        return { text: qsTr("not connected"), tint: Theme.muted, pulse: false }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            spacing: 6
            Row {   // Chat | Host view, while hosting
                visible: page.host.hosting
                spacing: 0
                Repeater {
                    model: [page.client.rooms.totalUnread > 0 ? qsTr("Chat (%1)").arg(page.client.rooms.totalUnread) : qsTr("Chat"),
                            qsTr("Host view (%1)").arg(page.host.server.connectionCount)]
                    delegate: Button {
                        required property int index
                        required property string modelData
                        objectName: index === 0 ? "chatTab" : "hostViewTab"
                        text: modelData
                        checkable: true
                        checked: page.tab === index
                        flat: !checked
                        onClicked: page.tab = index
                    }
                }
            }
            Pill {
                objectName: "chatState"
                text: page.stateInfo.text
                tint: page.stateInfo.tint
                pulsing: page.stateInfo.pulse
                Layout.maximumWidth: page.width * 0.4
            }
            Item { Layout.fillWidth: true }
            Button {
                text: qsTr("Join…")
                flat: true
                onClicked: page.openJoin()
            }
            Button {
                visible: !page.host.hosting
                text: qsTr("Host a session…")
                flat: true
                onClicked: page.openHost()
            }
            Button {
                visible: page.client.state !== ChatClient.Disconnected && page.client.state !== ChatClient.Failed
                text: qsTr("Disconnect")
                flat: true
                onClicked: page.client.disconnectFromHub()
            }
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: page.host.hosting ? page.tab : 0

            ChatPane {
                id: chatPane
                objectName: "chatPane"
                client: page.client
                onJoinRequested: page.openJoin()
                onHostRequested: page.openHost()
            }
            HostView {
                objectName: "hostView"
                host: page.host
                onHostRequested: hostDialog.openDialog()
            }
        }
    }

    JoinDialog {
        id: joinDialog
        objectName: "joinDialog"
        client: page.client
        parent: Overlay.overlay
        onJoined: { page.tab = 0; chatPane.focusComposer() }
    }
    HostDialog {
        id: hostDialog
        objectName: "hostDialog"
        host: page.host
        parent: Overlay.overlay
        onHosted: (url, fingerprint) => page.joinOwn(url, fingerprint)
    }
}
