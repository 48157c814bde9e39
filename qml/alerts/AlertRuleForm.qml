import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "AlertStyle.js" as AlertStyle

// AlertRuleForm: edits one rule. The form builds the rule's JSON form (docs/alerts.md)
// and the C++ parser judges it (AlertService::validateRule / setRule): the error shown
// under the form is the parser's own sentence, so the editor and rules files can never
// disagree. Levels that are not numbers are passed through as text, so the parser says
// so. Used by AlertRuleEditor; open() loads a rule (index -1 = a new one).
Control {
    id: form

    required property AlertService service
    property int index: -1
    property var original: ({})
    property string error: ""
    property bool touched: false
    readonly property string kind: AlertStyle.kinds[kindBox.currentIndex].value
    readonly property bool dark: AlertStyle.isDark(palette.window)

    signal finished()

    function open(map, rowIndex) {
        index = rowIndex
        original = map || ({})
        const r = original
        nameField.text = r.name || ""
        kindBox.currentIndex = AlertStyle.kindIndex(r.kind || "above")
        targetField.text = r[AlertStyle.targetField(kind)] || ""
        raiseField.text = r.raise !== undefined ? String(r.raise) : ""
        clearField.text = r.clear !== undefined ? String(r.clear) : ""
        forField.text = r.forSeconds ? String(r.forSeconds) : ""
        windowField.text = r.windowSeconds !== undefined ? String(r.windowSeconds) : ""
        afterField.text = r.afterSeconds !== undefined ? String(r.afterSeconds) : ""
        modeBox.currentIndex = r.mode === "perSecond" ? 1 : 0
        directionBox.currentIndex = Math.max(0, ["any", "up", "down"].indexOf(r.direction || "any"))
        severityBox.currentIndex = Math.max(0, ["info", "warning", "critical"].indexOf(r.severity || "warning"))
        enabledBox.checked = r.enabled !== false
        mutedBox.checked = r.muted === true
        snoozeBox.currentIndex = 0
        roomField.text = r.postToRoom || ""
        error = ""
        touched = false
        nameField.forceActiveFocus()
    }

    // A level as the parser should see it: a number when it reads as one, else the text.
    function level(text) {
        const t = text.trim()
        if (t === "")
            return undefined
        return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : t
    }

    function toMap() {
        const m = { name: nameField.text, kind: kind, severity: ["info", "warning", "critical"][severityBox.currentIndex] }
        if (!enabledBox.checked)
            m.enabled = false
        if (mutedBox.checked)
            m.muted = true
        const target = targetField.text.trim()
        if (target !== "")
            m[AlertStyle.targetField(kind)] = target
        const put = (key, text) => { const v = level(text); if (v !== undefined) m[key] = v }
        if (AlertStyle.hasLevels(kind)) {
            put("raise", raiseField.text)
            put("clear", clearField.text)
            put("forSeconds", forField.text)
        }
        if (kind === "rate") {
            put("windowSeconds", windowField.text)
            m.mode = modeBox.currentIndex === 1 ? "perSecond" : "change"
            m.direction = ["any", "up", "down"][directionBox.currentIndex]
        }
        if (AlertStyle.hasAfter(kind))
            put("afterSeconds", afterField.text)
        const snooze = [null, 15 * 60, 60 * 60][snoozeBox.currentIndex]
        if (snooze)
            m.snoozeUntil = form.service.now() + snooze * 1000
        else if (snoozeBox.currentIndex === 0 && original.snoozeUntil && original.snoozeUntil > form.service.now())
            m.snoozeUntil = original.snoozeUntil
        if (roomField.text.trim() !== "")
            m.postToRoom = roomField.text.trim()
        return m
    }

    function validate() {
        if (touched)
            error = form.service.validateRule(toMap(), index)
    }
    function apply() {
        touched = true
        error = form.service.setRule(index, toMap())
        if (error === "")
            finished()
        return error
    }
    function edited() { touched = true; validate() }

    padding: 12

    contentItem: ColumnLayout {
        spacing: 10

        Label {
            text: form.index < 0 ? qsTr("New rule") : qsTr("Edit rule")
            textFormat: Text.PlainText
            font.bold: true
            font.pixelSize: 15
        }

        GridLayout {
            Layout.fillWidth: true
            columns: 2
            columnSpacing: 10
            rowSpacing: 6

            Label { text: qsTr("Name"); textFormat: Text.PlainText }
            TextField {
                id: nameField
                objectName: "nameField"
                Layout.fillWidth: true
                placeholderText: qsTr("e.g. BTC high")
                onTextEdited: form.edited()
            }

            Label { text: qsTr("When"); textFormat: Text.PlainText }
            ComboBox {
                id: kindBox
                objectName: "kindBox"
                Layout.fillWidth: true
                model: AlertStyle.kinds.map(k => k.label)
                onActivated: form.edited()
            }

            Label { text: AlertStyle.targetLabel(form.kind); textFormat: Text.PlainText }
            TextField {
                id: targetField
                objectName: "targetField"
                Layout.fillWidth: true
                placeholderText: AlertStyle.targetRequired(form.kind)
                                 ? qsTr("name, or a pattern like *.price")
                                 : qsTr("* (any)")
                onTextEdited: form.edited()
            }

            Label { visible: AlertStyle.hasLevels(form.kind); text: form.kind === "rate" ? qsTr("Raise above a change of") : qsTr("Raise at"); textFormat: Text.PlainText }
            TextField {
                id: raiseField
                objectName: "raiseField"
                visible: AlertStyle.hasLevels(form.kind)
                Layout.fillWidth: true
                placeholderText: qsTr("a number")
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                onTextEdited: form.edited()
            }

            Label { visible: AlertStyle.hasLevels(form.kind); text: qsTr("Clear at"); textFormat: Text.PlainText }
            TextField {
                id: clearField
                objectName: "clearField"
                visible: AlertStyle.hasLevels(form.kind)
                Layout.fillWidth: true
                placeholderText: qsTr("optional: a level that stops flapping")
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                onTextEdited: form.edited()
            }

            Label { visible: AlertStyle.hasLevels(form.kind); text: qsTr("For (seconds)"); textFormat: Text.PlainText }
            TextField {
                id: forField
                objectName: "forField"
                visible: AlertStyle.hasLevels(form.kind)
                Layout.fillWidth: true
                placeholderText: qsTr("0: at once")
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                onTextEdited: form.edited()
            }

            Label { visible: form.kind === "rate"; text: qsTr("Window (seconds)"); textFormat: Text.PlainText }
            TextField {
                id: windowField
                objectName: "windowField"
                visible: form.kind === "rate"
                Layout.fillWidth: true
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                onTextEdited: form.edited()
            }

            Label { visible: form.kind === "rate"; text: qsTr("Measure"); textFormat: Text.PlainText }
            RowLayout {
                visible: form.kind === "rate"
                Layout.fillWidth: true
                ComboBox {
                    id: modeBox
                    Layout.fillWidth: true
                    model: [qsTr("change over the window"), qsTr("change per second")]
                    onActivated: form.edited()
                }
                ComboBox {
                    id: directionBox
                    Layout.fillWidth: true
                    model: [qsTr("either way"), qsTr("rises only"), qsTr("falls only")]
                    onActivated: form.edited()
                }
            }

            Label { visible: AlertStyle.hasAfter(form.kind); text: qsTr("After (seconds)"); textFormat: Text.PlainText }
            TextField {
                id: afterField
                objectName: "afterField"
                visible: AlertStyle.hasAfter(form.kind)
                Layout.fillWidth: true
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                onTextEdited: form.edited()
            }

            Label { text: qsTr("Severity"); textFormat: Text.PlainText }
            ComboBox {
                id: severityBox
                objectName: "severityBox"
                Layout.fillWidth: true
                model: [AlertStyle.severityLabel("info"), AlertStyle.severityLabel("warning"), AlertStyle.severityLabel("critical")]
                onActivated: form.edited()
            }

            Label { text: qsTr("Post to room"); textFormat: Text.PlainText }
            TextField {
                id: roomField
                objectName: "roomField"
                Layout.fillWidth: true
                placeholderText: qsTr("optional: a chat room on the hub")
                onTextEdited: form.edited()
            }

            Label { text: qsTr("Snooze"); textFormat: Text.PlainText }
            ComboBox {
                id: snoozeBox
                objectName: "snoozeBox"
                Layout.fillWidth: true
                model: [form.original.snoozeUntil && form.original.snoozeUntil > form.service.now()
                        ? qsTr("until %1 (unchanged)").arg(Qt.formatDateTime(new Date(form.original.snoozeUntil), "HH:mm"))
                        : qsTr("not snoozed"),
                        qsTr("15 minutes"), qsTr("1 hour"), qsTr("end the snooze")]
                onActivated: form.edited()
            }

            Item { width: 1; height: 1 }
            RowLayout {
                spacing: 16
                CheckBox { id: enabledBox; objectName: "enabledBox"; text: qsTr("Enabled"); checked: true; onToggled: form.edited() }
                CheckBox { id: mutedBox; objectName: "mutedBox"; text: qsTr("Muted"); onToggled: form.edited() }
            }
        }

        Label {
            id: errorLabel
            objectName: "errorLabel"
            Layout.fillWidth: true
            visible: form.error !== ""
            text: form.error
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: AlertStyle.severityColor("critical", form.dark)
        }

        RowLayout {
            Layout.fillWidth: true
            Item { Layout.fillWidth: true }
            Button {
                objectName: "cancelButton"
                text: qsTr("Cancel")
                onClicked: form.finished()
            }
            Button {
                objectName: "applyButton"
                text: form.index < 0 ? qsTr("Add rule") : qsTr("Apply")
                highlighted: true
                onClicked: form.apply()
            }
        }
    }
}
