import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Pulseboard

// "Build a profile from a sample": opened from the connection editor with the inspector
// log of the connection being edited (null for a new one). "Use this profile" hands the
// generated profile back (accepted; the editor reads builder.profileJson); it can also be
// saved to a file. What is missing or wrong is said in the footer.
Dialog {
    id: dialog
    required property ProfileBuilder builder
    property var log: null
    property string takeError: ""
    property string saveError: ""

    title: qsTr("Build a profile from a sample")
    modal: true
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 40 : 1100, 1200)
    height: Math.min(parent ? parent.height - 40 : 760, 860)
    padding: 14

    // profileText: the editor's profile, shown as its clicks on the sample ("" = none).
    function openFor(connectionLog, name, profileText) {
        log = connectionLog
        takeError = ""
        saveError = ""
        if (name && !builder.profileName)
            builder.profileName = name
        open()
        if (log)
            take()   // the newest message; choices that still apply are kept
        if (profileText)
            takeError = builder.showProfile(profileText) || takeError
    }
    function take() { takeError = builder.takeNewest(log) }

    FileDialog {
        id: saveDialog
        title: qsTr("Save the profile")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "json"
        nameFilters: [qsTr("Feed profiles (*.json)")]
        onAccepted: dialog.saveError = dialog.builder.saveProfile(selectedFile, dialog.builder.profileJson)
    }

    contentItem: ProfileBuilderPane {
        builder: dialog.builder
        canTake: dialog.log !== null
        takeError: dialog.takeError
        onTakeRequested: dialog.take()
    }

    footer: Item {
        implicitHeight: footerRow.implicitHeight + 24
        RowLayout {
            id: footerRow
            anchors.fill: parent
            anchors.margins: 12
            spacing: 10
            Label {
                objectName: "builderProblem"
                text: dialog.saveError || dialog.builder.problem
                textFormat: Text.PlainText
                color: dialog.saveError || dialog.builder.sampleError ? Theme.danger : Theme.muted
                wrapMode: Text.Wrap
                maximumLineCount: 3
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Button {
                text: qsTr("Start over")
                onClicked: dialog.builder.clearParts()
            }
            Button {
                text: qsTr("Save profile…")
                enabled: dialog.builder.profileJson.length > 0
                onClicked: saveDialog.open()
            }
            Button {
                text: qsTr("Cancel")
                onClicked: dialog.reject()
            }
            PrimaryButton {
                objectName: "useProfileButton"
                text: qsTr("Use this profile")
                enabled: dialog.builder.profileJson.length > 0 && dialog.builder.previewTotal > 0
                onClicked: dialog.accept()
            }
        }
    }
}
