import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Pulseboard

// Add or edit a connection: URL, transport, headers, subprotocols, on-connect messages,
// TLS pin, proxy and a mapping (auto-discovery, or a profile edited in place, opened from a file
// or built from a sample message in ProfileBuilderDialog). Every change is validated by
// the Workspace (the same checks the connection will run with); the problem is shown
// under the form in words.
Dialog {
    id: dialog
    required property Workspace workspace
    property int editRow: -1            // -1 = new connection
    readonly property alias builderDialog: builderDialog
    readonly property string error: validation.error
    property string submitError: ""

    title: editRow < 0 ? qsTr("New connection") : qsTr("Edit connection")
    modal: true
    focus: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 80 : 720, 760)
    height: Math.min(implicitHeight, parent ? parent.height - 60 : 720)
    padding: 16

    function resetBuilder() {
        profileBuilder.sample = ""
        profileBuilder.clearParts()
        profileBuilder.profileName = ""
        profileBuilder.showProfile("")
    }
    function openNew() {
        workspace.checkKeychain()   // the notice below says whether secrets will be kept
        resetBuilder()
        editRow = -1
        nameField.text = ""
        urlField.text = ""
        headersField.text = ""
        protocolsField.text = ""
        pinField.text = ""
        builtin.reset()
        transport.load({})
        proxy.load({})
        onConnect.load([])
        mapping.load("", "")
        submitError = ""
        open()
        urlField.forceActiveFocus()
    }
    function openEdit(row) {
        workspace.checkKeychain()   // the notice below says whether secrets will be kept
        const spec = workspace.connectionSpec(row)
        resetBuilder()
        editRow = row
        nameField.text = spec.name || ""
        urlField.text = spec.url || ""
        headersField.text = spec.headers || ""
        protocolsField.text = spec.subprotocols || ""
        pinField.text = spec.pinSha256 || ""
        builtin.reset()
        transport.load(spec)
        proxy.load(spec)
        onConnect.load(spec.onConnect)
        mapping.load(spec.profileText, spec.profileSource)
        submitError = ""
        open()
        urlField.forceActiveFocus()
    }
    function spec() {
        return Object.assign({
            name: nameField.text,
            url: urlField.text,
            headers: headersField.text,
            subprotocols: protocolsField.text,
            pinSha256: pinField.text,
            onConnect: onConnect.values(),
            profileText: mapping.useProfile ? mapping.profileText : "",
            profileSource: mapping.useProfile ? mapping.profileSource : ""
        }, transport.values(), proxy.values())
    }
    // The inspector log of the connection being edited: where the builder takes its sample.
    function connectionLog() {
        if (editRow < 0)
            return null
        const model = workspace.connections
        const c = model.data(model.index(editRow, 0), ConnectionListModel.ConnectionRole)
        return c ? c.log : null
    }
    function submit() {
        const e = editRow < 0 ? workspace.addConnection(spec()) : workspace.editConnection(editRow, spec())
        submitError = e
        if (e.length === 0)
            close()
    }

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

    ProfileBuilder { id: profileBuilder }
    ProfileBuilderDialog {
        id: builderDialog
        builder: profileBuilder
        onAccepted: mapping.setProfile(profileBuilder.profileJson, "")
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

            Label { text: qsTr("Start from"); Layout.alignment: Qt.AlignRight | Qt.AlignTop; Layout.topMargin: 8 }
            BuiltinPicker {
                id: builtin
                builder: profileBuilder
                Layout.fillWidth: true
                onProblem: text => dialog.submitError = text
                onPicked: (fields, id) => {
                    urlField.text = fields.url
                    transport.load({ transport: fields.transport })
                    onConnect.load(fields.onConnect)
                    mapping.setProfile(fields.profileText, id + ".json")
                }
            }

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

            Label { text: qsTr("Transport"); Layout.alignment: Qt.AlignRight | Qt.AlignTop; Layout.topMargin: 10 }
            TransportSection {
                id: transport
                Layout.fillWidth: true
                onEdited: dialog.revalidate()
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

            Label { text: qsTr("On connect"); Layout.alignment: Qt.AlignRight | Qt.AlignTop; Layout.topMargin: 8 }
            OnConnectMessages {
                id: onConnect
                objectName: "onConnectMessages"
                workspace: dialog.workspace
                Layout.fillWidth: true
                onEdited: dialog.revalidate()
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

            Label { text: qsTr("Proxy"); Layout.alignment: Qt.AlignRight | Qt.AlignTop; Layout.topMargin: 10 }
            ProxySection {
                id: proxy
                Layout.fillWidth: true
                onEdited: dialog.revalidate()
            }

            Label { text: qsTr("Mapping"); Layout.alignment: Qt.AlignRight | Qt.AlignTop; Layout.topMargin: 8 }
            MappingSection {
                id: mapping
                builder: profileBuilder
                Layout.fillWidth: true
                onEdited: dialog.revalidate()
                onProblem: text => dialog.submitError = text
                onBuildRequested: builderDialog.openFor(dialog.connectionLog(), nameField.text,
                                                        mapping.useProfile ? mapping.profileText : "")
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
