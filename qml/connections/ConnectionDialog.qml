import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Pulseboard

// Add or edit a connection: URL, headers, subprotocols, TLS pin and a profile (opened
// from a file or edited in place). Every change is validated by the Workspace (the same
// checks the connection will run with); the problem is shown under the form in words.
Dialog {
    id: dialog
    required property Workspace workspace
    property int editRow: -1            // -1 = new connection
    readonly property string error: validation.error
    property string submitError: ""

    title: editRow < 0 ? qsTr("New connection") : qsTr("Edit connection")
    modal: true
    focus: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 80 : 720, 760)
    height: Math.min(implicitHeight, parent ? parent.height - 60 : 720)
    padding: 16

    function openNew() {
        workspace.checkKeychain()   // the notice below says whether secrets will be kept
        editRow = -1
        nameField.text = ""
        urlField.text = ""
        headersField.text = ""
        protocolsField.text = ""
        pinField.text = ""
        profileField.text = ""
        profileSource = ""
        autoMode.checked = true
        submitError = ""
        open()
        urlField.forceActiveFocus()
    }
    function openEdit(row) {
        workspace.checkKeychain()   // the notice below says whether secrets will be kept
        const spec = workspace.connectionSpec(row)
        editRow = row
        nameField.text = spec.name || ""
        urlField.text = spec.url || ""
        headersField.text = spec.headers || ""
        protocolsField.text = spec.subprotocols || ""
        pinField.text = spec.pinSha256 || ""
        profileField.text = spec.profileText || ""
        profileSource = spec.profileSource || ""
        profileMode.checked = profileField.text.length > 0
        autoMode.checked = !profileMode.checked
        submitError = ""
        open()
        urlField.forceActiveFocus()
    }
    function spec() {
        return {
            name: nameField.text,
            url: urlField.text,
            headers: headersField.text,
            subprotocols: protocolsField.text,
            pinSha256: pinField.text,
            profileText: profileMode.checked ? profileField.text : "",
            profileSource: profileMode.checked ? profileSource : ""
        }
    }
    function submit() {
        const e = editRow < 0 ? workspace.addConnection(spec()) : workspace.editConnection(editRow, spec())
        submitError = e
        if (e.length === 0)
            close()
    }

    property string profileSource: ""

    // Validates while typing, a moment after the last key.
    QtObject {
        id: validation
        property string error: ""
    }
    Timer {
        id: validateTimer
        interval: 250
        onTriggered: validation.error = dialog.workspace.validateConnection(dialog.spec())
    }
    function revalidate() { submitError = ""; validateTimer.restart() }
    onOpened: validation.error = workspace.validateConnection(spec())

    FileDialog {
        id: fileDialog
        title: qsTr("Open a feed profile")
        nameFilters: [qsTr("Feed profiles (*.json)"), qsTr("All files (*)")]
        onAccepted: {
            const result = dialog.workspace.readProfileFile(selectedFile)
            if (result.error) {
                dialog.submitError = result.error
                return
            }
            profileField.text = result.text
            dialog.profileSource = result.source
            profileMode.checked = true
        }
    }

    contentItem: ScrollView {
        id: scroll
        clip: true
        contentWidth: availableWidth

        GridLayout {
            width: scroll.availableWidth
            columns: 2
            columnSpacing: 12
            rowSpacing: 10

            Label { text: qsTr("URL"); Layout.alignment: Qt.AlignRight }
            TextField {
                id: urlField
                objectName: "urlField"
                Layout.fillWidth: true
                placeholderText: "wss://example.com/stream"
                selectByMouse: true
                onTextChanged: dialog.revalidate()
                Accessible.name: qsTr("URL")
            }

            Label { text: qsTr("Name"); Layout.alignment: Qt.AlignRight }
            TextField {
                id: nameField
                objectName: "nameField"
                Layout.fillWidth: true
                placeholderText: qsTr("optional — defaults to the profile's name or the host")
                selectByMouse: true
                onTextChanged: dialog.revalidate()
            }

            Label { text: qsTr("Headers"); Layout.alignment: Qt.AlignRight | Qt.AlignTop; Layout.topMargin: 6 }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 4
                TextArea {
                    id: headersField
                    objectName: "headersField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.max(implicitHeight, 56)
                    placeholderText: "Authorization: Bearer …\nX-Client: pulseboard"
                    textFormat: TextEdit.PlainText
                    font.family: Theme.monoFamily
                    selectByMouse: true
                    wrapMode: TextEdit.NoWrap
                    onTextChanged: dialog.revalidate()
                    background: Rectangle { color: Theme.raised; border.color: headersField.activeFocus ? Theme.accent : Theme.border; radius: 3 }
                }
                Label {
                    objectName: "secretsNotice"
                    text: qsTr("One “Name: value” per line.") + " " + dialog.workspace.secretsNotice
                    textFormat: Text.PlainText   // the reason comes from the keychain service
                    wrapMode: Text.Wrap
                    color: Theme.muted
                    font.pointSize: Theme.smallSize
                    Layout.fillWidth: true
                }
            }

            Label { text: qsTr("Subprotocols"); Layout.alignment: Qt.AlignRight }
            TextField {
                id: protocolsField
                objectName: "protocolsField"
                Layout.fillWidth: true
                placeholderText: qsTr("optional, comma separated, e.g. v1.json")
                selectByMouse: true
                onTextChanged: dialog.revalidate()
            }

            Label { text: qsTr("TLS pin"); Layout.alignment: Qt.AlignRight }
            TextField {
                id: pinField
                objectName: "pinField"
                Layout.fillWidth: true
                placeholderText: qsTr("optional SHA-256 of the server certificate (wss:// only)")
                font.family: Theme.monoFamily
                selectByMouse: true
                onTextChanged: dialog.revalidate()
            }

            Label { text: qsTr("Mapping"); Layout.alignment: Qt.AlignRight | Qt.AlignTop; Layout.topMargin: 8 }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 4
                RowLayout {
                    spacing: 12
                    RadioButton {
                        id: autoMode
                        objectName: "autoMode"
                        text: qsTr("Discover every number")
                        checked: true
                        onToggled: dialog.revalidate()
                    }
                    RadioButton {
                        id: profileMode
                        objectName: "profileMode"
                        text: qsTr("Profile")
                        onToggled: dialog.revalidate()
                    }
                    Item { Layout.fillWidth: true }
                    Button {
                        text: qsTr("Open profile…")
                        onClicked: fileDialog.open()
                    }
                }
                TextArea {
                    id: profileField
                    objectName: "profileField"
                    visible: profileMode.checked
                    Layout.fillWidth: true
                    Layout.preferredHeight: 200
                    textFormat: TextEdit.PlainText
                    font.family: Theme.monoFamily
                    placeholderText: "{\n  \"name\": \"My feed\",\n  \"rules\": [ { \"values\": { \"price\": \"/p\" }, \"series\": \"{/s}\" } ]\n}"
                    selectByMouse: true
                    wrapMode: TextEdit.NoWrap
                    onTextChanged: { if (activeFocus) dialog.profileSource = ""; dialog.revalidate() }
                    background: Rectangle { color: Theme.raised; border.color: profileField.activeFocus ? Theme.accent : Theme.border; radius: 3 }
                }
                Label {
                    text: profileMode.checked
                          ? (dialog.profileSource ? qsTr("From %1 — edit freely; the text is what gets saved.").arg(dialog.profileSource)
                                                  : qsTr("Format: docs/profiles.md. Rules pick values by JSON Pointer and name the series."))
                          : qsTr("Every numeric field becomes a series named by its JSON Pointer (e.g. /price).")
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: Theme.muted
                    font.pointSize: Theme.smallSize
                    Layout.fillWidth: true
                }
            }
        }
    }

    footer: Item {
        implicitHeight: footerRow.implicitHeight + 24
        RowLayout {
            id: footerRow
            anchors.fill: parent
            anchors.margins: 12
            spacing: 10
            Label {
                id: errorLabel
                objectName: "errorLabel"
                text: dialog.submitError || dialog.error
                textFormat: Text.PlainText
                color: Theme.danger
                wrapMode: Text.Wrap
                maximumLineCount: 4
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Button {
                text: qsTr("Cancel")
                onClicked: dialog.reject()
            }
            PrimaryButton {
                objectName: "okButton"
                text: dialog.editRow < 0 ? qsTr("Connect") : qsTr("Apply")
                enabled: dialog.error.length === 0 && !validateTimer.running
                onClicked: dialog.submit()
            }
        }
    }
}
