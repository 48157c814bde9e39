import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Pulseboard
import "AlertStyle.js" as AlertStyle

// AlertRuleEditor: the alert rules of the workspace: a list with quick switches
// (AlertRuleRow), a form to create or edit one (AlertRuleForm, validated by the C++
// parser), delete with confirmation, import/export of the rules file (docs/alerts.md)
// through file dialogs, and the notification settings (AlertSettings). All changes go
// through the AlertService; its rulesChanged/settingsChanged let the Workspace save.
Pane {
    id: editor

    required property AlertService service
    property int editingIndex: -2          // -2: no form, -1: a new rule, else the row
    property string message: ""            // the last import/export result
    property bool messageIsError: false
    readonly property bool dark: AlertStyle.isDark(palette.window)
    readonly property alias form: ruleForm

    function newRule() {
        editingIndex = -1
        ruleForm.open({ kind: "above", severity: "warning" }, -1)
    }
    function editRule(row) {
        if (row < 0 || row >= editor.service.ruleCount)
            return
        editor.editingIndex = row
        ruleForm.open(editor.service.rules[row], row)
    }
    function closeForm() { editingIndex = -2 }
    function importFrom(url) {
        const error = editor.service.importRules(url)
        messageIsError = error !== ""
        message = error !== "" ? error : qsTr("Imported %1 rule(s).").arg(editor.service.ruleCount)
        closeForm()
    }
    function exportTo(url) {
        const error = editor.service.exportRules(url)
        messageIsError = error !== ""
        message = error !== "" ? error : qsTr("Exported %1 rule(s).").arg(editor.service.ruleCount)
    }

    padding: 0

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 10
            spacing: 8
            Label {
                text: qsTr("Alert rules")
                textFormat: Text.PlainText
                font.bold: true
                font.pixelSize: 15
            }
            Label {
                text: String(editor.service.ruleCount)
                textFormat: Text.PlainText
                opacity: 0.6
            }
            Item { Layout.fillWidth: true }
            Button { objectName: "newRuleButton"; text: qsTr("New rule"); highlighted: true; onClicked: editor.newRule() }
            Button { objectName: "importButton"; text: qsTr("Import…"); onClicked: importDialog.open() }
            Button {
                objectName: "exportButton"
                text: qsTr("Export…")
                enabled: editor.service.ruleCount > 0
                onClicked: exportDialog.open()
            }
        }

        Label {
            objectName: "messageLabel"
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            Layout.bottomMargin: 6
            visible: editor.message !== ""
            text: editor.message
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: editor.messageIsError ? AlertStyle.severityColor("critical", editor.dark) : editor.palette.windowText
        }

        Rectangle { Layout.fillWidth: true; height: 1; color: editor.palette.mid }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            ListView {
                id: list
                objectName: "ruleList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumWidth: 260
                clip: true
                model: editor.service.rules
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}
                delegate: AlertRuleRow {
                    id: ruleRow
                    width: ListView.view.width
                    service: editor.service
                    current: ruleRow.index === editor.editingIndex
                    onEditClicked: editor.editRule(ruleRow.index)
                    onDeleteClicked: {
                        confirmDelete.row = ruleRow.index
                        confirmDelete.name = ruleRow.rule.name
                        confirmDelete.open()
                    }
                }
                Label {
                    anchors.centerIn: parent
                    width: parent.width - 40
                    visible: editor.service.ruleCount === 0
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    text: qsTr("No rules yet. “New rule” creates one; “Import…” reads a rules file.")
                    textFormat: Text.PlainText
                    opacity: 0.6
                }
            }

            Rectangle {
                visible: ruleForm.visible
                Layout.fillHeight: true
                width: 1
                color: editor.palette.mid
            }

            ScrollView {
                visible: editor.editingIndex > -2
                Layout.fillHeight: true
                Layout.preferredWidth: 390
                contentWidth: availableWidth
                AlertRuleForm {
                    id: ruleForm
                    objectName: "ruleForm"
                    width: parent ? parent.width : 390
                    service: editor.service
                    onFinished: editor.closeForm()
                }
            }
        }

        Rectangle { Layout.fillWidth: true; height: 1; color: editor.palette.mid }

        AlertSettings {
            Layout.fillWidth: true
            Layout.margins: 10
            service: editor.service
        }
    }

    // Rules changed elsewhere (import, another row) may move the rule being edited.
    Connections {
        target: editor.service
        function onRulesChanged() {
            if (editor.editingIndex >= editor.service.ruleCount)
                editor.closeForm()
        }
    }

    Dialog {
        id: confirmDelete
        property int row: -1
        property string name: ""
        objectName: "confirmDelete"
        title: qsTr("Delete rule")
        modal: true
        anchors.centerIn: parent
        width: Math.min(400, editor.width - 40)
        standardButtons: Dialog.Ok | Dialog.Cancel
        Label {
            width: confirmDelete.availableWidth
            text: qsTr("Delete the rule “%1”?").arg(confirmDelete.name)
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
        }
        onAccepted: {
            if (editor.editingIndex === row)
                editor.closeForm()
            editor.service.removeRule(row)
        }
    }

    FileDialog {
        id: importDialog
        title: qsTr("Import alert rules")
        fileMode: FileDialog.OpenFile
        nameFilters: [qsTr("Alert rules (*.json)"), qsTr("All files (*)")]
        onAccepted: editor.importFrom(selectedFile)
    }
    FileDialog {
        id: exportDialog
        title: qsTr("Export alert rules")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "json"
        nameFilters: [qsTr("Alert rules (*.json)")]
        onAccepted: editor.exportTo(selectedFile)
    }
}
