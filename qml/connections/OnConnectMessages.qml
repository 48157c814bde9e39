import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The connection editor's on-connect messages: one message per row, sent in this order
// after every (re)connect (a subscription, a login). A row that starts with { or [ is
// JSON and is checked as it is typed, the problem shown under it; anything else is sent
// as plain text, which the hint under the row says. Add, remove and move rows.
ColumnLayout {
    id: editor
    required property Workspace workspace
    readonly property int count: messages.count
    signal edited()
    spacing: 6

    function load(list) {
        messages.clear()
        for (const text of (list || []))
            messages.append({ text: text })
    }
    function values() {
        const out = []
        for (let i = 0; i < messages.count; ++i)
            out.push(messages.get(i).text)
        return out
    }
    // "" when the row can be sent; else what is wrong (the form shows the same from C++).
    function problem(text) {
        const t = text.trim()
        if (t.length === 0)
            return qsTr("Empty: type the message or remove the row.")
        if (t[0] === "{" || t[0] === "[") {
            const e = workspace.checkJson(t)
            return e   // Workspace.checkJson: "Not valid JSON: <what> at line L, column C." or ""
        }
        return ""
    }
    function add(text) {
        messages.append({ text: text || "" })
        edited()
    }
    function remove(i) { messages.remove(i); edited() }
    function move(i, to) {
        if (to < 0 || to >= messages.count)
            return
        // Texts move, rows stay: no delegate is re-created under the user's cursor.
        const v = values()
        const moved = v.splice(i, 1)[0]
        v.splice(to, 0, moved)
        for (let k = 0; k < v.length; ++k)
            messages.setProperty(k, "text", v[k])
        edited()
    }

    ListModel { id: messages }

    Repeater {
        model: messages
        delegate: ColumnLayout {
            id: row
            required property int index
            required property string text
            readonly property string error: editor.problem(text)
            readonly property bool json: text.trim().startsWith("{") || text.trim().startsWith("[")
            objectName: "messageRow" + index
            Layout.fillWidth: true
            onTextChanged: if (area.text !== text) area.text = text
            spacing: 2

            RowLayout {
                Layout.fillWidth: true
                spacing: 4
                Label {
                    text: (row.index + 1) + "."
                    color: Theme.muted
                    Layout.alignment: Qt.AlignTop
                    Layout.topMargin: 6
                }
                TextArea {
                    id: area
                    objectName: "messageText"
                    Layout.fillWidth: true
                    Component.onCompleted: text = row.text   // kept in step by the row, not a binding
                    textFormat: TextEdit.PlainText
                    font.family: Theme.monoFamily
                    wrapMode: TextEdit.Wrap
                    selectByMouse: true
                    placeholderText: "{\"type\": \"subscribe\", \"channel\": \"ticker\"}"
                    onTextChanged: if (text !== row.text) { messages.setProperty(row.index, "text", text); editor.edited() }
                    background: Rectangle {
                        color: Theme.raised
                        radius: 3
                        border.color: row.error ? Theme.danger : area.activeFocus ? Theme.accent : Theme.border
                    }
                    Accessible.name: qsTr("On-connect message %1").arg(row.index + 1)
                }
                ToolButton {
                    objectName: "upButton"
                    text: "↑"
                    enabled: row.index > 0
                    onClicked: editor.move(row.index, row.index - 1)
                    ToolTip.text: qsTr("Send earlier")
                    ToolTip.visible: hovered
                }
                ToolButton {
                    objectName: "downButton"
                    text: "↓"
                    enabled: row.index < messages.count - 1
                    onClicked: editor.move(row.index, row.index + 1)
                    ToolTip.text: qsTr("Send later")
                    ToolTip.visible: hovered
                }
                ToolButton {
                    objectName: "removeButton"
                    text: "✕"
                    onClicked: editor.remove(row.index)
                    ToolTip.text: qsTr("Remove this message")
                    ToolTip.visible: hovered
                }
            }
            Label {
                objectName: "messageHint"
                Layout.fillWidth: true
                Layout.leftMargin: 20
                text: row.error || (row.json ? qsTr("JSON, sent as typed.")
                                             : qsTr("Plain text (not JSON): sent exactly as typed, for servers that "
                                                    + "expect text. Start with { or [ to send JSON."))
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: row.error ? Theme.danger : Theme.muted
                font.pointSize: Theme.smallSize
            }
        }
    }

    RowLayout {
        spacing: 8
        Button {
            objectName: "addMessage"
            text: qsTr("Add message")
            onClicked: editor.add("")
        }
        Label {
            Layout.fillWidth: true
            text: editor.count === 0
                  ? qsTr("Sent after every (re)connect, in order, e.g. the subscription a server waits for.")
                  : qsTr("Sent after every (re)connect, in this order.")
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.muted
            font.pointSize: Theme.smallSize
        }
    }
}
