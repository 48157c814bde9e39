import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Pulseboard

// Record and replay controls, self-contained (for the main toolbar): "● Record" asks for
// a file and records every connection (or the one chosen in its menu) until "■ Stop";
// while recording it shows messages and bytes written (refreshed every 100 ms by
// SessionRecorder, never per frame) and any error. "Replay…" opens ReplayDialog.
RowLayout {
    id: bar
    required property Workspace workspace
    property string only: ""                  // a connection name, or "" for all
    readonly property alias recorder: recorder
    spacing: 4

    SessionRecorder {
        id: recorder
        workspace: bar.workspace
    }
    FileDialog {
        id: fileDialog
        title: bar.only.length > 0 ? qsTr("Record \"%1\" to").arg(bar.only) : qsTr("Record all connections to")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "mcap"
        nameFilters: [qsTr("MCAP recording (*.mcap)"), qsTr("All files (*)")]
        onAccepted: bar.startRecording(selectedFile)
    }
    ReplayDialog {
        id: replayDialog
        workspace: bar.workspace
    }

    property string message: ""
    function startRecording(file) {
        message = recorder.start(file, only.length > 0 ? [only] : [])
    }
    function formatBytes(n) {
        return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : n >= 1024 ? Math.round(n / 1024) + " kB" : n + " B"
    }

    Button {
        id: recordButton
        objectName: "recordButton"
        text: recorder.recording ? qsTr("■ Stop") : qsTr("● Record")
        palette.buttonText: recorder.recording ? Theme.danger : Theme.text
        onClicked: {
            if (recorder.recording)
                bar.message = recorder.stop()
            else if (bar.workspace.connections.count === 0)
                bar.message = qsTr("There is no connection to record.")
            else
                recordMenu.open()
        }
        ToolTip.visible: hovered && !recordMenu.visible
        ToolTip.delay: 600
        ToolTip.text: recorder.recording ? recorder.file : qsTr("Record every frame with its arrival time (MCAP)")
        Menu {
            id: recordMenu
            y: recordButton.height
            MenuItem {
                text: qsTr("All connections…")
                onTriggered: { bar.only = ""; fileDialog.open() }
            }
            MenuSeparator {}
            Instantiator {
                model: bar.workspace.connections
                delegate: MenuItem {
                    required property string name
                    text: name + "…"
                    onTriggered: { bar.only = name; fileDialog.open() }
                }
                onObjectAdded: (i, item) => recordMenu.insertItem(i + 2, item)
                onObjectRemoved: (i, item) => recordMenu.removeItem(item)
            }
        }
    }
    Label {
        objectName: "recordStatus"
        visible: recorder.recording || bar.message.length > 0 || recorder.error.length > 0
        color: recorder.error.length > 0 ? Theme.danger : Theme.muted
        font.pointSize: Theme.smallSize
        elide: Text.ElideRight
        Layout.maximumWidth: Theme.em * 18
        text: recorder.error.length > 0 ? recorder.error
            : recorder.recording ? qsTr("%L1 msgs · %2").arg(recorder.messages).arg(bar.formatBytes(recorder.bytes))
            : bar.message
        ToolTip.visible: statusArea.containsMouse && truncated
        ToolTip.text: text
        MouseArea { id: statusArea; anchors.fill: parent; hoverEnabled: true }
    }
    Button {
        objectName: "replayButton"
        text: qsTr("Replay…")
        flat: true
        onClicked: replayDialog.open()
        ToolTip.visible: hovered
        ToolTip.delay: 600
        ToolTip.text: qsTr("Replay a recording through the same charts, at 1x, 10x or full speed")
    }
}
