import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import Pulseboard

// Workspace files for the File menu: Open…, Save as…, New, recent files. The Workspace
// does the work (it checks a whole file before changing anything); this shows the file
// dialogs, says what went wrong in a dialog, and when an opened file's connections lack
// their secrets (never saved in files) opens the connection editor for the first of them.
Item {
    id: files
    required property Workspace workspace
    signal secretsNeeded(int row)        // Main opens the editor for that row
    property string error: ""

    function open() { openDialog.open() }
    function saveAs() { saveDialog.open() }
    function openRecent(path) { show(workspace.openFile("file://" + path)) }
    function newWorkspace() { confirmNew.open() }
    function show(message) {
        error = message
        if (message.length > 0)
            errorDialog.open()
    }

    FileDialog {
        id: openDialog
        title: qsTr("Open workspace")
        nameFilters: [qsTr("Pulseboard workspace (*.json)"), qsTr("All files (*)")]
        onAccepted: files.show(files.workspace.openFile(selectedFile))
    }
    FileDialog {
        id: saveDialog
        title: qsTr("Save workspace as")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "json"
        nameFilters: [qsTr("Pulseboard workspace (*.json)")]
        onAccepted: files.show(files.workspace.saveFileAs(selectedFile))
    }
    Dialog {
        id: confirmNew
        objectName: "confirmNewWorkspace"
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        title: qsTr("New workspace")
        standardButtons: Dialog.Ok | Dialog.Cancel
        Label {
            width: Math.min(420, files.Window.width - 80)
            wrapMode: Text.Wrap
            text: qsTr("Close the saved connections and start with one empty dashboard? "
                       + "Save the workspace as a file first to come back to it.")
        }
        onAccepted: files.workspace.newWorkspace()
    }
    Dialog {
        id: errorDialog
        objectName: "workspaceFileError"
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        title: qsTr("Workspace file")
        standardButtons: Dialog.Ok
        Label {
            width: Math.min(480, files.Window.width - 80)
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
            text: files.error
        }
    }
    Connections {
        target: files.workspace
        function onSecretsNeeded(rows) { if (rows.length > 0) files.secretsNeeded(rows[0]) }
    }
}
