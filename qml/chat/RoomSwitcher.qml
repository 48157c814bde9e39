import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// Ctrl+K: type part of a room or nickname, Enter jumps there. A valid room name that
// matches nothing is joined (created). Up/Down choose, Esc closes.
Popup {
    id: switcher
    required property ChatClient client
    property var matches: []
    property int current: 0

    modal: true
    focus: true
    padding: 8
    width: Math.min(420, parent ? parent.width - 40 : 420)
    x: parent ? Math.round((parent.width - width) / 2) : 0
    y: parent ? Math.round(parent.height * 0.15) : 0
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, Theme.dark ? 0.45 : 0.2) }

    readonly property string typed: filter.text.trim().toLowerCase().replace(/^[#@]/, "")
    readonly property bool canCreate: client.connected && /^[a-z0-9][a-z0-9_-]{0,31}$/.test(typed)
                                      && matches.indexOf(typed) < 0

    function refresh() {
        const starts = [], contains = []
        for (let i = 0; i < names.count; ++i) {
            const name = names.itemAt(i).name
            const at = name.toLowerCase().replace(/^@/, "").indexOf(typed)
            if (at === 0)
                starts.push(name)
            else if (at > 0)
                contains.push(name)
        }
        matches = starts.concat(contains).slice(0, 10)
        current = Math.min(current, Math.max(0, matches.length - 1))
    }
    function choose(i) {
        if (i >= 0 && i < matches.length)
            client.currentRoom = matches[i]
        else if (canCreate && client.join(typed))
            client.currentRoom = typed
        else
            return
        close()
    }

    onOpened: { filter.text = ""; current = 0; refresh(); filter.forceActiveFocus() }

    Repeater {   // the names of the rooms model, read by refresh()
        id: names
        model: switcher.client.rooms
        delegate: Item { required property string name; visible: false }
        onCountChanged: if (switcher.opened) switcher.refresh()
    }

    background: Rectangle {
        color: Theme.panel
        radius: Theme.radius
        border.color: Theme.border
    }

    contentItem: ColumnLayout {
        spacing: 6
        TextField {
            id: filter
            objectName: "switcherField"
            Layout.fillWidth: true
            placeholderText: qsTr("Jump to a room or conversation…")
            selectByMouse: true
            onTextChanged: { switcher.current = 0; switcher.refresh() }
            Keys.onDownPressed: switcher.current = Math.min(switcher.current + 1, switcher.matches.length - 1)
            Keys.onUpPressed: switcher.current = Math.max(switcher.current - 1, 0)
            onAccepted: switcher.choose(switcher.matches.length > 0 ? switcher.current : -1)
        }
        Repeater {
            model: switcher.matches
            delegate: ItemDelegate {
                required property string modelData
                required property int index
                Layout.fillWidth: true
                highlighted: index === switcher.current
                text: modelData.startsWith("@") ? modelData : "#" + modelData
                onClicked: switcher.choose(index)
            }
        }
        Label {
            visible: switcher.matches.length === 0
            text: switcher.canCreate ? qsTr("Enter: join or create #%1").arg(switcher.typed)
                                     : qsTr("No room or conversation matches.")
            textFormat: Text.PlainText
            color: Theme.muted
            Layout.fillWidth: true
            Layout.margins: 6
        }
    }
}
