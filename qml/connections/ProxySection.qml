import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The connection editor's proxy choice: the system's (default), none, or a manual
// http://host:port with an optional user and password (the login is a secret: it goes to
// the system keychain, never to the workspace file). Holds the values of ConnectionSpec's
// proxy fields; the Workspace checks them with the rest (ProxySetting).
ColumnLayout {
    id: section
    signal edited()
    spacing: 6

    readonly property var modes: [
        { value: "system", text: qsTr("System proxy") },
        { value: "none", text: qsTr("No proxy") },
        { value: "manual", text: qsTr("Manual") }
    ]
    readonly property string mode: modes[modeBox.currentIndex].value
    property string unknownMode: ""   // from a file, until a mode is picked: the check names it

    function load(spec) {
        const i = modes.findIndex(m => m.value === (spec.proxyMode || "system"))
        modeBox.currentIndex = i < 0 ? 0 : i
        unknownMode = i < 0 ? String(spec.proxyMode).slice(0, 40) : ""
        addressField.text = spec.proxyUrl || ""
        userField.text = spec.proxyUser || ""
        passwordField.text = spec.proxyPassword || ""
    }
    function values() {
        return {
            proxyMode: unknownMode || mode,
            proxyUrl: mode === "manual" ? addressField.text : "",
            proxyUser: mode === "manual" ? userField.text : "",
            proxyPassword: mode === "manual" ? passwordField.text : ""
        }
    }

    ComboBox {
        id: modeBox
        objectName: "proxyModeBox"
        model: section.modes
        textRole: "text"
        Layout.preferredWidth: 240
        onActivated: { section.unknownMode = ""; section.edited() }
        Accessible.name: qsTr("Proxy")
    }

    GridLayout {
        visible: section.mode === "manual"
        columns: 2
        columnSpacing: 8
        rowSpacing: 6
        Layout.fillWidth: true
        Label { text: qsTr("Address") }
        TextField {
            id: addressField
            objectName: "proxyAddressField"
            Layout.fillWidth: true
            placeholderText: "http://proxy.example:3128"
            selectByMouse: true
            onTextChanged: section.edited()
            Accessible.name: qsTr("Proxy address")
        }
        Label { text: qsTr("User") }
        TextField {
            id: userField
            objectName: "proxyUserField"
            Layout.fillWidth: true
            placeholderText: qsTr("optional")
            selectByMouse: true
            onTextChanged: section.edited()
            Accessible.name: qsTr("Proxy user")
        }
        Label { text: qsTr("Password") }
        TextField {
            id: passwordField
            objectName: "proxyPasswordField"
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: qsTr("optional")
            onTextChanged: section.edited()
            Accessible.name: qsTr("Proxy password")
        }
    }

    Label {
        text: ({
            system: qsTr("The desktop's proxy settings (or http_proxy / https_proxy / no_proxy), when there are any."),
            none: qsTr("Connects directly, whatever the system settings say."),
            manual: qsTr("Every transport goes through it: WebSocket and Socket.IO with HTTP CONNECT (wss:// stays encrypted end to end), SSE and polling as HTTP requests. The user and password are kept like the credential headers: in the system keychain, never in the workspace file.")
        })[section.mode]
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: Theme.muted
        font.pointSize: Theme.smallSize
        Layout.fillWidth: true
    }
}
