import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Pulseboard

// "Replay a recording…": choose an .mcap file (what it holds is shown before anything
// starts), a speed (1x as recorded, 10x, or as fast as possible), then Start. Each
// recorded connection comes back as a connection card whose data flows through the
// normal pipeline; the progress bar follows the file, Pause holds the clock.
Dialog {
    id: dialog
    objectName: "replayDialog"
    required property Workspace workspace
    property string speed: "1"
    property string error: ""

    title: qsTr("Replay a recording")
    modal: true
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(520, (parent ? parent.width : 560) - 40)

    SessionReplay {
        id: replay
        workspace: dialog.workspace
    }
    FileDialog {
        id: fileDialog
        title: qsTr("Choose a recording")
        nameFilters: [qsTr("MCAP recording (*.mcap)"), qsTr("All files (*)")]
        onAccepted: dialog.error = replay.inspect(selectedFile)
    }

    contentItem: ColumnLayout {
        spacing: Theme.gap
        RowLayout {
            Layout.fillWidth: true
            TextField {
                objectName: "replayPath"
                Layout.fillWidth: true
                readOnly: true
                placeholderText: qsTr("No recording chosen")
                text: replay.file
            }
            Button {
                text: qsTr("Choose…")
                enabled: !replay.running
                onClicked: fileDialog.open()
            }
        }
        Label {
            objectName: "replaySummary"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: text.length > 0
            text: replay.summary + (replay.connections.length > 0 ? "\n" + replay.connections.join(", ") : "")
            color: Theme.muted
        }
        RowLayout {
            Label { text: qsTr("Speed"); color: Theme.muted }
            Repeater {
                model: [["1", qsTr("1x")], ["10", qsTr("10x")], ["max", qsTr("Max")]]
                delegate: RadioButton {
                    required property var modelData
                    objectName: "speed_" + modelData[0]
                    text: modelData[1]
                    checked: dialog.speed === modelData[0]
                    enabled: !replay.running
                    onToggled: if (checked) dialog.speed = modelData[0]
                }
            }
        }
        ProgressBar {
            objectName: "replayProgress"
            Layout.fillWidth: true
            value: replay.progress
            visible: replay.running || replay.progress > 0
        }
        Label {
            objectName: "replayStatus"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: text.length > 0
            text: dialog.error.length > 0 ? dialog.error : replay.status
            color: dialog.error.length > 0 ? Theme.danger : Theme.muted
        }
    }
    footer: DialogButtonBox {
        Button {
            objectName: "replayStart"
            text: replay.running ? (replay.paused ? qsTr("Resume") : qsTr("Pause")) : qsTr("Start")
            enabled: replay.running || replay.connections.length > 0
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: {
                if (replay.running)
                    replay.setPaused(!replay.paused)
                else
                    dialog.error = replay.start(dialog.speed)
            }
        }
        Button {
            text: replay.running ? qsTr("Stop") : qsTr("Close")
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: replay.running ? replay.stop() : dialog.close()
        }
    }
}
