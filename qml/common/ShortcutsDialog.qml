import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// Help > Keyboard shortcuts.
Dialog {
    id: dialog
    title: qsTr("Keyboard shortcuts")
    modal: true
    anchors.centerIn: parent
    standardButtons: Dialog.Close
    width: Math.min(parent ? parent.width - 40 : 520, 520)
    readonly property var rows: [
        ["Ctrl+N", qsTr("New connection")],
        ["Ctrl+E", qsTr("Edit the selected connection")],
        ["Space / Ctrl+P", qsTr("Pause or resume the charts")],
        ["Esc", qsTr("Back to live charts")],
        ["Ctrl+1 … Ctrl+5", qsTr("Time window: 10 s, 1 min, 5 min, 1 h, all")],
        ["Ctrl+T", qsTr("Add a chart")],
        ["Ctrl+PgUp / Ctrl+PgDn", qsTr("Previous / next dashboard")],
        ["Ctrl+Shift+PgUp / PgDn", qsTr("Move the dashboard left / right")],
        ["F2", qsTr("Rename the dashboard")],
        ["Ctrl+F", qsTr("Filter the inspector")],
        ["Ctrl+Shift+P", qsTr("Pause or resume the inspector")],
        ["Ctrl+L", qsTr("Clear the inspector")],
        ["Ctrl+Shift+A", qsTr("Notifications and alert rules")],
        ["Ctrl+Shift+C", qsTr("Switch between the inspector and the chat")],
        ["F1", qsTr("This list")],
        ["Ctrl+Q", qsTr("Quit")]
    ]
    contentItem: GridLayout {
        columns: 2
        columnSpacing: 24
        rowSpacing: 6
        Repeater {
            model: dialog.rows.length * 2
            delegate: Label {
                required property int index
                text: dialog.rows[Math.floor(index / 2)][index % 2]
                font.family: index % 2 === 0 ? Theme.monoFamily : Qt.application.font.family
                font.bold: index % 2 === 0
                color: index % 2 === 0 ? Theme.accent : Theme.text
            }
        }
    }
}
