import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "AlertStyle.js" as AlertStyle

// AlertRuleRow: one rule in AlertRuleEditor's list: name, what it watches, severity, and
// quick switches (enabled, mute, snooze 15 min / 1 h) that act at once through the
// service without restarting the other rules; edit and delete are signalled up.
ItemDelegate {
    id: row

    required property int index
    required property var modelData     // the rule in its JSON form
    required property AlertService service
    property bool current: false

    readonly property var rule: modelData
    readonly property bool dark: AlertStyle.isDark(palette.window)
    readonly property color accent: AlertStyle.severityColor(rule.severity, dark)
    readonly property bool snoozed: (rule.snoozeUntil || 0) > service.now()

    signal editClicked()
    signal deleteClicked()

    objectName: "ruleRow"
    hoverEnabled: true
    leftPadding: 10
    rightPadding: 16      // keeps the buttons clear of the list's scroll bar
    topPadding: 7
    bottomPadding: 7
    onClicked: editClicked()

    background: Rectangle {
        color: row.current ? Qt.rgba(row.palette.highlight.r, row.palette.highlight.g, row.palette.highlight.b, 0.18)
             : row.hovered ? row.palette.midlight : "transparent"
        Rectangle {
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
            height: 1
            color: row.palette.mid
            opacity: 0.6
        }
    }

    contentItem: RowLayout {
        id: layout
        spacing: 6

        Switch {
            objectName: "enabledSwitch"
            checked: row.rule.enabled !== false
            padding: 0
            Accessible.name: qsTr("Enabled")
            ToolTip.visible: hovered
            ToolTip.text: checked ? qsTr("Enabled: click to disable") : qsTr("Disabled: click to enable")
            onToggled: row.service.setRuleEnabled(row.rule.name, checked)
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 1
            opacity: row.rule.enabled === false ? 0.55 : 1
            RowLayout {
                Layout.fillWidth: true
                spacing: 6
                Rectangle { width: 8; height: 8; radius: 4; color: row.accent }
                Label {
                    Layout.fillWidth: true
                    text: row.rule.name
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    font.bold: true
                }
                Label {
                    visible: row.rule.muted === true || row.snoozed
                    text: row.rule.muted === true ? qsTr("muted")
                                                  : qsTr("snoozed until %1").arg(Qt.formatDateTime(new Date(row.rule.snoozeUntil), "HH:mm"))
                    textFormat: Text.PlainText
                    font.pixelSize: 11
                    opacity: 0.7
                }
            }
            Label {
                Layout.fillWidth: true
                text: AlertStyle.ruleSummary(row.rule) + (row.rule.postToRoom ? qsTr("  → #%1").arg(row.rule.postToRoom) : "")
                textFormat: Text.PlainText
                elide: Text.ElideRight
                font.pixelSize: 12
                opacity: 0.75
            }
        }
        ToolButton {
            objectName: "muteButton"
            text: row.rule.muted === true ? qsTr("Unmute") : qsTr("Mute")
            font.pixelSize: 12
            leftPadding: 5
            rightPadding: 5
            onClicked: row.service.setRuleMuted(row.rule.name, row.rule.muted !== true)
        }
        ToolButton {
            objectName: "snoozeButton"
            text: row.snoozed ? qsTr("Wake") : qsTr("Snooze")
            font.pixelSize: 12
            leftPadding: 5
            rightPadding: 5
            onClicked: row.snoozed ? row.service.snoozeRule(row.rule.name, 0) : snoozeMenu.popup()
            Menu {
                id: snoozeMenu
                MenuItem { text: qsTr("15 minutes"); onTriggered: row.service.snoozeRule(row.rule.name, 15 * 60) }
                MenuItem { text: qsTr("1 hour"); onTriggered: row.service.snoozeRule(row.rule.name, 60 * 60) }
            }
        }
        ToolButton {
            objectName: "deleteButton"
            text: "\u2715"
            implicitWidth: 26
            padding: 0
            Accessible.name: qsTr("Delete rule")
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Delete rule")
            onClicked: row.deleteClicked()
        }
    }
}
