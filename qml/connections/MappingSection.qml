import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Pulseboard

// The connection editor's mapping: auto-discovery, or a profile edited in place, opened
// from a file (checked with FeedProfile::load, so problems name file:line:field), saved to
// a file, or built from a sample message (buildRequested opens the builder).
ColumnLayout {
    id: section
    required property ProfileBuilder builder
    property string profileSource: ""
    readonly property bool useProfile: profileMode.checked
    property alias profileText: profileField.text
    signal edited()
    signal buildRequested()
    signal problem(string text)
    spacing: 4

    function load(text, source) {
        profileField.text = text || ""
        profileSource = source || ""
        profileMode.checked = profileField.text.length > 0
        autoMode.checked = !profileMode.checked
    }
    function setProfile(text, source) {
        profileField.text = text
        profileSource = source
        profileMode.checked = true
        edited()
    }

    FileDialog {
        id: openDialog
        title: qsTr("Open a feed profile")
        nameFilters: [qsTr("Feed profiles (*.json)"), qsTr("All files (*)")]
        onAccepted: {
            const result = section.builder.readProfile(selectedFile)
            if (result.error) {
                section.problem(result.error)
                return
            }
            section.setProfile(result.text, result.source)
        }
    }
    FileDialog {
        id: saveDialog
        title: qsTr("Save the profile")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "json"
        nameFilters: [qsTr("Feed profiles (*.json)")]
        onAccepted: section.problem(section.builder.saveProfile(selectedFile, profileField.text))
    }

    RowLayout {
        spacing: 12
        RadioButton {
            id: autoMode
            objectName: "autoMode"
            text: qsTr("Discover every number")
            checked: true
            onToggled: section.edited()
        }
        RadioButton {
            id: profileMode
            objectName: "profileMode"
            text: qsTr("Profile")
            onToggled: section.edited()
        }
        Item { Layout.fillWidth: true }
    }
    Flow {
        Layout.fillWidth: true
        spacing: 8
        Button {
            objectName: "buildButton"
            text: qsTr("Build from a sample…")
            onClicked: section.buildRequested()
        }
        Button {
            text: qsTr("Open profile…")
            onClicked: openDialog.open()
        }
        Button {
            text: qsTr("Save profile…")
            enabled: profileMode.checked && profileField.text.trim().length > 0
            onClicked: saveDialog.open()
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
        onTextChanged: { if (activeFocus) section.profileSource = ""; section.edited() }
        background: Rectangle { color: Theme.raised; border.color: profileField.activeFocus ? Theme.accent : Theme.border; radius: 3 }
    }
    Label {
        text: profileMode.checked
              ? (section.profileSource ? qsTr("From %1 — edit freely; the text is what gets saved.").arg(section.profileSource)
                                       : qsTr("Format: docs/profiles.md. Rules pick values by JSON Pointer and name the series."))
              : qsTr("Every numeric field becomes a series named by its JSON Pointer (e.g. /price). To choose the "
                     + "fields and names yourself, build a profile from a sample message.")
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: Theme.muted
        font.pointSize: Theme.smallSize
        Layout.fillWidth: true
    }
}
