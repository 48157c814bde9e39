import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// While hosting: the session's address and fingerprint, the connected peers (address,
// nickname, connected since, messages/s, unsent bytes) with kick and block, and the
// hub's rejection log. "Stop hosting" closes every peer with a reason, then the port.
Item {
    id: view
    required property HubHost host
    signal hostRequested()

    LocalAddresses { id: addresses }

    function stop(reason) { host.stop(reason) }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        visible: view.host.hosting

        Rectangle {   // the session
            Layout.fillWidth: true
            implicitHeight: head.implicitHeight + 20
            radius: Theme.radius
            color: Theme.panel
            border.color: Theme.border

            ColumnLayout {
                id: head
                anchors.fill: parent
                anchors.margins: 10
                spacing: 8
                RowLayout {
                    spacing: 8
                    Layout.fillWidth: true
                    Label {
                        objectName: "hostTitle"
                        text: qsTr("Hosting “%1”").arg(view.host.sessionName)
                        textFormat: Text.PlainText
                        font.bold: true
                        font.pointSize: Qt.application.font.pointSize + 1
                        color: Theme.text
                        elide: Text.ElideRight
                        Layout.maximumWidth: view.width * 0.4
                    }
                    Pill {
                        text: view.host.fingerprint.length > 0 ? "wss" : "ws"
                        tint: view.host.fingerprint.length > 0 ? Theme.ok : Theme.warning
                    }
                    Pill {
                        objectName: "peerCount"
                        text: view.host.server.connectionCount === 1 ? qsTr("1 connected")
                              : qsTr("%1 connected").arg(view.host.server.connectionCount)
                        tint: Theme.accent
                        pulsing: false
                    }
                    Pill {
                        visible: view.host.password.length > 0
                        text: qsTr("password")
                        tint: Theme.muted
                    }
                    Item { Layout.fillWidth: true }
                    Button {
                        objectName: "stopHostingButton"
                        text: qsTr("Stop hosting…")
                        palette.buttonText: Theme.danger
                        onClicked: stopDialog.open()
                    }
                }
                HostingSummary {
                    host: view.host
                    addresses: addresses
                    compact: true
                    Layout.fillWidth: true
                }
            }
        }

        SplitView {
            orientation: Qt.Vertical
            Layout.fillWidth: true
            Layout.fillHeight: true

            Panel {
                title: qsTr("Connected peers")
                subtitle: qsTr("refreshed every second")
                SplitView.fillHeight: true
                SplitView.minimumHeight: 140
                PeerTable {
                    id: peers
                    objectName: "peerTable"
                    anchors.fill: parent
                    host: view.host
                    onKickRequested: (peerId, nickname, address) => view.host.server.kick(peerId, "")
                    onBlockRequested: (peerId, nickname, address) => blockDialog.ask(peerId, nickname, address)
                }
            }
            Panel {
                title: qsTr("Rejection log")
                subtitle: view.host.server.rejections.count === 1 ? qsTr("1 entry")
                          : qsTr("%1 entries (newest last)").arg(view.host.server.rejections.count)
                SplitView.preferredHeight: Math.max(100, view.height * 0.28)
                SplitView.minimumHeight: 100
                RejectionTable {
                    objectName: "rejectionTable"
                    anchors.fill: parent
                    host: view.host
                }
            }
        }
    }

    ColumnLayout {   // not hosting
        anchors.centerIn: parent
        visible: !view.host.hosting
        spacing: 10
        Label {
            text: qsTr("Not hosting")
            font.bold: true
            font.pointSize: Qt.application.font.pointSize + 2
            color: Theme.text
            Layout.alignment: Qt.AlignHCenter
        }
        Label {
            text: qsTr("Host a session and colleagues on the LAN can join your rooms.")
            color: Theme.muted
            Layout.alignment: Qt.AlignHCenter
        }
        PrimaryButton {
            text: qsTr("Host a session…")
            Layout.alignment: Qt.AlignHCenter
            onClicked: view.hostRequested()
        }
    }

    Dialog {
        id: blockDialog
        objectName: "blockDialog"
        property var peerId
        property string nickname
        property string address
        function ask(id, nick, addr) { peerId = id; nickname = nick; address = addr; open() }
        readonly property string ip: address.replace(/:\d+$/, "").replace(/^\[|\]$/g, "")
        title: qsTr("Block %1?").arg(ip)
        modal: true
        anchors.centerIn: parent
        width: Math.min(view.width - 40, 460)
        closePolicy: Popup.CloseOnEscape
        background: Rectangle {
            color: Theme.panel
            radius: Theme.radius
            border.color: Theme.border
        }
        Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, Theme.dark ? 0.55 : 0.32) }
        header: Label {
            text: blockDialog.title
            textFormat: Text.PlainText
            font.bold: true
            font.pointSize: Qt.application.font.pointSize + 1
            color: Theme.text
            elide: Text.ElideRight
            padding: 16
            bottomPadding: 2
        }
        ColumnLayout {
            width: parent.width
            spacing: 8
            Label {
                text: qsTr("Every connection from %1 (%2) is closed, and new ones are refused until you stop hosting.")
                      .arg(blockDialog.ip).arg(blockDialog.nickname.length > 0 ? blockDialog.nickname : qsTr("no nickname yet"))
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label {
                visible: addresses.isLoopback(blockDialog.ip)
                text: qsTr("This is an address of this computer: blocking it also disconnects your own chat.")
                wrapMode: Text.Wrap
                color: Theme.warning
                Layout.fillWidth: true
            }
        }
        footer: DialogButtonBox {
            background: null
            padding: 12
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button {
                objectName: "confirmBlockButton"
                text: qsTr("Block")
                palette.buttonText: Theme.danger
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
        }
        onAccepted: view.host.server.block(peerId, "")
    }

    Dialog {
        id: stopDialog
        objectName: "stopDialog"
        title: qsTr("Stop hosting “%1”?").arg(view.host.sessionName)
        modal: true
        anchors.centerIn: parent
        width: Math.min(view.width - 40, 460)
        closePolicy: Popup.CloseOnEscape
        background: Rectangle {
            color: Theme.panel
            radius: Theme.radius
            border.color: Theme.border
        }
        Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, Theme.dark ? 0.55 : 0.32) }
        header: Label {
            text: stopDialog.title
            textFormat: Text.PlainText
            font.bold: true
            font.pointSize: Qt.application.font.pointSize + 1
            color: Theme.text
            elide: Text.ElideRight
            padding: 16
            bottomPadding: 2
        }
        onOpened: reasonField.forceActiveFocus()
        ColumnLayout {
            width: parent.width
            spacing: 8
            Label {
                text: qsTr("Everyone is disconnected with this message:")
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            TextField {
                id: reasonField
                objectName: "stopReasonField"
                text: qsTr("The host ended the session")
                maximumLength: 120
                selectByMouse: true
                Layout.fillWidth: true
                onAccepted: stopDialog.accept()
            }
        }
        footer: DialogButtonBox {
            background: null
            padding: 12
            Button { text: qsTr("Keep hosting"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button {
                objectName: "confirmStopButton"
                text: qsTr("Stop hosting")
                palette.buttonText: Theme.danger
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
        }
        onAccepted: view.stop(reasonField.text)
    }
}
