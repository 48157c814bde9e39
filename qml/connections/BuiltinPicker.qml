import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// "Start from": the built-in profiles for public feeds (BuiltinProfiles: Coinbase,
// Binance, Kraken, ...). Picking one hands the editor its fields: URL, transport,
// on-connect messages (moved out of the profile into the editor's list, so they are
// sent once) and the profile text, through ProfileBuilder.editorFields.
ColumnLayout {
    id: picker
    required property ProfileBuilder builder
    signal picked(var fields, string id)
    signal problem(string text)
    spacing: 2

    readonly property var entries: [{ id: "", name: qsTr("Nothing: an empty form"), description: "" }]
                                   .concat(BuiltinProfiles.profiles)
    function reset() { box.currentIndex = 0 }

    ComboBox {
        id: box
        objectName: "builtinBox"
        Layout.fillWidth: true
        model: picker.entries
        textRole: "name"
        Accessible.name: qsTr("Start from a built-in profile")
        onActivated: index => {
            if (index <= 0)
                return
            const entry = picker.entries[index]
            const fields = picker.builder.editorFields(entry.fileText)
            if (fields.error)
                picker.problem(fields.error)
            else
                picker.picked(fields, entry.id)
        }
    }
    Label {
        Layout.fillWidth: true
        visible: text.length > 0
        text: picker.entries && picker.entries[box.currentIndex] ? picker.entries[box.currentIndex].description || "" : ""
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: Theme.muted
        font.pointSize: Theme.smallSize
    }
}
