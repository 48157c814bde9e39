import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The fields of the sample message, indented as a tree (ProfileBuilder.fields). Clicking a
// number charts it (Value); the buttons on each row give a field its part in the profile:
// Value, Name (part of the series name), Time, Items (the list of records), Match (only
// messages where this field has this value). Keys and values come from the network:
// shown as plain text, on one line.
ListView {
    id: tree
    required property ProfileBuilder builder
    property string fieldError: ""   // why the last click was refused
    model: builder.fields
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

    function act(part, row) {
        const f = { value: builder.toggleValue, name: builder.toggleName, time: builder.toggleTime,
                    items: builder.toggleItems, match: builder.toggleMatch }[part]
        fieldError = f(row)
    }

    delegate: Rectangle {
        id: row
        required property int index
        required property string key
        required property string path
        required property int depth
        required property string kind
        required property string preview
        required property bool numeric
        required property string part
        readonly property bool container: kind === "object" || kind === "array"
        readonly property bool scalar: !container && kind !== "more"
        objectName: "field:" + path + (kind === "more" ? ":more" : "")
        width: ListView.view.width
        height: Math.round(Theme.em * 1.9)
        color: part ? Theme.selected : hover.hovered ? Theme.hover : "transparent"

        HoverHandler { id: hover }
        TapHandler {
            // A click on a number is the common case: chart it.
            onTapped: if (row.numeric && (row.part === "" || row.part === "value")) tree.act("value", row.index)
        }

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 6 + row.depth * 14
            anchors.rightMargin: 6
            spacing: 8
            Label {
                text: row.key
                textFormat: Text.PlainText
                font.bold: row.container
                font.italic: row.kind === "more"
                color: row.kind === "more" ? Theme.muted : Theme.text
                elide: Text.ElideRight
                Layout.maximumWidth: Math.max(80, row.width * 0.3)
            }
            Label {
                text: row.preview
                textFormat: Text.PlainText
                font.family: Theme.monoFamily
                color: row.numeric ? Theme.accent : Theme.muted
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Repeater {
                model: [
                    { part: "value", text: qsTr("Value"), shown: row.numeric || row.kind === "bool" },
                    { part: "name", text: qsTr("Name"), shown: row.scalar && row.kind !== "null" },
                    { part: "time", text: qsTr("Time"), shown: row.kind === "number" || row.kind === "string" },
                    { part: "items", text: qsTr("Items"), shown: row.container && row.path !== "" || row.kind === "array" },
                    { part: "match", text: qsTr("Match"), shown: row.scalar }
                ]
                delegate: Button {
                    required property var modelData
                    objectName: modelData.part + "Button"
                    visible: modelData.shown
                    text: modelData.text
                    checkable: true
                    checked: row.part === modelData.part
                    flat: !checked
                    highlighted: checked
                    font.pointSize: Theme.smallSize
                    padding: 3
                    leftPadding: 7
                    rightPadding: 7
                    onClicked: tree.act(modelData.part, row.index)
                    ToolTip.visible: hovered
                    ToolTip.delay: 600
                    ToolTip.text: ({
                        value: qsTr("Chart this number"),
                        name: qsTr("Use this field in the series name"),
                        time: qsTr("This field is the time of the record"),
                        items: qsTr("This is the list of records: map each element"),
                        match: qsTr("Only map messages where this field equals this value")
                    })[modelData.part]
                }
            }
        }
    }
}
