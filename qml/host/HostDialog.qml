import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "../chat/ChatFormat.js" as ChatFormat

// "Host a session": session name, who can reach it (all interfaces or this computer
// only), port, optional room password and TLS (on by default unless loopback-only).
// Once hosting: the address to give colleagues and the certificate fingerprint they
// will be asked to compare. Esc closes.
Dialog {
    id: dialog
    required property HubHost host
    property string error: ""
    property bool tlsTouched: false
    property bool joinAfter: true

    signal hosted(string loopbackUrl, string fingerprint)

    title: host.hosting ? qsTr("Hosting “%1”").arg(host.sessionName) : qsTr("Host a session")
    modal: true
    focus: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 60 : 600, 600)
    padding: 16
    closePolicy: Popup.CloseOnEscape
    background: Rectangle {
        color: Theme.panel
        radius: Theme.radius
        border.color: Theme.border
    }
    Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, Theme.dark ? 0.55 : 0.32) }
    header: Label {
        text: dialog.title
        textFormat: Text.PlainText
        font.bold: true
        font.pointSize: Qt.application.font.pointSize + 1
        color: Theme.text
        elide: Text.ElideRight
        padding: 16
        bottomPadding: 2
    }

    LocalAddresses { id: addresses }

    readonly property var addressChoices: {
        const out = [{ value: "0.0.0.0", label: qsTr("Everyone on the network (all interfaces)") },
                     { value: "127.0.0.1", label: qsTr("This computer only (127.0.0.1)") }]
        for (const a of addresses.lan)
            out.push({ value: a, label: qsTr("Only via %1").arg(a) })
        return out
    }
    readonly property string chosenAddress: addressChoices[Math.max(0, addressBox.currentIndex)].value
    readonly property bool loopbackOnly: addresses.isLoopback(chosenAddress)

    function openDialog() {
        error = ""
        addresses.refresh()
        if (!host.hosting) {
            nameField.text = host.sessionName
            portBox.value = host.port
            passwordField.text = ""
            tlsTouched = false
            tlsSwitch.checked = !loopbackOnly
            announceBox.checked = host.announce
        }
        open()
        if (!host.hosting)
            nameField.forceActiveFocus()
    }

    function start() {
        const name = nameField.text.trim()
        if (name.length === 0 || name.length > 64) {
            error = qsTr("Give the session a name of 1-64 characters; colleagues see it in their Join list.")
            return
        }
        host.sessionName = name
        host.address = chosenAddress
        host.port = portBox.value
        host.password = passwordField.text
        host.tlsMode = tlsSwitch.checked ? HubHost.On : HubHost.Off
        host.announce = announceBox.checked
        if (!host.start()) {
            error = host.lastError
            return
        }
        error = ""
        if (joinAfter)
            hosted(addresses.loopbackUrl(host.url), host.fingerprint)
    }

    onLoopbackOnlyChanged: if (!tlsTouched) tlsSwitch.checked = !loopbackOnly

    contentItem: Item {
        implicitWidth: 540
        implicitHeight: (dialog.host.hosting ? summary : settings).implicitHeight

        ColumnLayout {   // the settings
            id: settings
            width: parent.width
            visible: !dialog.host.hosting
            spacing: 10
            GridLayout {
                columns: 2
                columnSpacing: 12
                rowSpacing: 8
                Layout.fillWidth: true

                Label { text: qsTr("Session name"); color: Theme.muted; Layout.alignment: Qt.AlignRight }
                TextField {
                    id: nameField
                    objectName: "sessionNameField"
                    Layout.fillWidth: true
                    maximumLength: 64
                    selectByMouse: true
                    placeholderText: qsTr("e.g. Lab bench")
                    onAccepted: dialog.start()
                }
                Label { text: qsTr("Reachable by"); color: Theme.muted; Layout.alignment: Qt.AlignRight }
                ComboBox {
                    id: addressBox
                    objectName: "addressBox"
                    Layout.fillWidth: true
                    model: dialog.addressChoices
                    textRole: "label"
                }
                Label { text: qsTr("Port"); color: Theme.muted; Layout.alignment: Qt.AlignRight }
                RowLayout {
                    SpinBox {
                        id: portBox
                        objectName: "portBox"
                        from: 0
                        to: 65535
                        editable: true
                        textFromValue: (v) => String(v)
                        valueFromText: (t) => parseInt(t, 10) || 0
                    }
                    Label {
                        text: portBox.value === 0 ? qsTr("any free port") : ""
                        color: Theme.muted
                        font.pointSize: Theme.smallSize
                    }
                }
                Label { text: qsTr("Password"); color: Theme.muted; Layout.alignment: Qt.AlignRight }
                TextField {
                    id: passwordField
                    objectName: "hostPasswordField"
                    Layout.fillWidth: true
                    echoMode: TextInput.Password
                    selectByMouse: true
                    placeholderText: qsTr("optional: anyone who can reach the port may join without one")
                }
                Label { text: qsTr("Encryption"); color: Theme.muted; Layout.alignment: Qt.AlignRight }
                Switch {
                    id: tlsSwitch
                    objectName: "tlsSwitch"
                    text: checked ? qsTr("TLS (wss://), self-signed certificate") : qsTr("Off (ws://)")
                    onToggled: dialog.tlsTouched = true
                }
                Item { width: 1; height: 1 }
                CheckBox {
                    id: announceBox
                    objectName: "announceBox"
                    text: qsTr("Announce on the local network (Join lists it)")
                    enabled: !dialog.loopbackOnly
                }
            }
            Label {
                visible: !tlsSwitch.checked && !dialog.loopbackOnly
                text: qsTr("Without TLS, anyone on the network can read the messages; with a password they can also "
                           + "try to guess it offline from a recorded login. Keep TLS on outside a lab you trust.")
                wrapMode: Text.Wrap
                color: Theme.warning
                font.pointSize: Theme.smallSize
                Layout.fillWidth: true
            }
            Label {
                visible: tlsSwitch.checked
                text: qsTr("Joiners compare the certificate fingerprint with yours on their first visit; it is shown once hosting starts.")
                wrapMode: Text.Wrap
                color: Theme.muted
                font.pointSize: Theme.smallSize
                Layout.fillWidth: true
            }
            CheckBox {
                objectName: "joinAfterBox"
                text: qsTr("Join the session myself")
                checked: dialog.joinAfter
                onToggled: dialog.joinAfter = checked
            }
            Label {
                objectName: "hostError"
                visible: dialog.error.length > 0
                text: dialog.error
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: Theme.danger
                Layout.fillWidth: true
            }
        }

        HostingSummary {   // while hosting
            id: summary
            width: parent.width
            visible: dialog.host.hosting
            host: dialog.host
            addresses: addresses
        }
    }

    footer: DialogButtonBox {
        background: null
        padding: 12
        Button {
            text: dialog.host.hosting ? qsTr("Close") : qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: dialog.close()
        }
        PrimaryButton {
            objectName: "startHostingButton"
            visible: !dialog.host.hosting
            text: qsTr("Start hosting")
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: dialog.start()
        }
    }
}
