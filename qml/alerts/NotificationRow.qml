import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "AlertStyle.js" as AlertStyle

// NotificationRow: one entry of the notification center: severity stripe, rule, raised or
// cleared, what it was about (source and value, or the chat line), when, and buttons to
// acknowledge and clear it. Unacknowledged rows carry a dot and bold text.
// Delegate of NotificationCenterPane's list (roles of NotificationCenter).
ItemDelegate {
    id: row

    required property int index
    required property string rule
    required property string alertState
    required property string severity
    required property string kind
    required property string source
    required property double value
    required property var time
    required property string detail
    required property string summary
    required property bool acknowledged

    readonly property bool dark: AlertStyle.isDark(palette.window)
    readonly property color accent: AlertStyle.severityColor(severity, dark)
    readonly property bool raised: alertState === "raised"
    // The summary without its "<rule> <state>: " head: "BTC = 11", "exchange (down 12 s)".
    readonly property string what: {
        const head = rule + " " + alertState + ": "
        return summary.startsWith(head) ? summary.substring(head.length) : summary
    }

    signal acknowledgeClicked()
    signal clearClicked()

    objectName: "notificationRow"
    leftPadding: 12
    rightPadding: 16      // keeps the buttons clear of the list's scroll bar
    topPadding: 7
    bottomPadding: 7
    hoverEnabled: true
    ToolTip.visible: hovered && row.detail.length > 0
    ToolTip.delay: 700
    ToolTip.text: row.detail

    background: Rectangle {
        color: row.down ? row.palette.mid : row.hovered ? row.palette.midlight : "transparent"
        Rectangle {
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
            height: 1
            color: row.palette.mid
            opacity: 0.6
        }
        Rectangle {
            width: 3
            anchors { left: parent.left; top: parent.top; bottom: parent.bottom; topMargin: 6; bottomMargin: 6 }
            radius: 1.5
            color: row.accent
            opacity: row.raised ? 1 : 0.45
        }
    }

    contentItem: RowLayout {
        id: layout
        spacing: 8

        Rectangle {
            objectName: "unacknowledgedDot"
            Layout.alignment: Qt.AlignTop
            Layout.topMargin: 5
            width: 7
            height: 7
            radius: 3.5
            color: row.accent
            opacity: row.acknowledged ? 0 : 1
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 1
            RowLayout {
                Layout.fillWidth: true
                spacing: 6
                Label {
                    Layout.fillWidth: true
                    Layout.minimumWidth: 40
                    text: row.rule
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    font.bold: !row.acknowledged
                }
                Label {
                    objectName: "stateLabel"
                    text: row.raised ? qsTr("raised") : qsTr("cleared")
                    textFormat: Text.PlainText
                    font.pixelSize: 11
                    color: row.raised ? row.accent : row.palette.windowText
                    opacity: row.raised ? 1 : 0.65
                    leftPadding: 5
                    rightPadding: 5
                    background: Rectangle {
                        radius: 3
                        color: "transparent"
                        border.width: 1
                        border.color: row.raised ? row.accent : row.palette.mid
                    }
                }
                Label {
                    text: AlertStyle.clockTime(row.time)
                    textFormat: Text.PlainText
                    font.pixelSize: 11
                    opacity: 0.65
                }
            }
            Label {
                objectName: "whatLabel"
                Layout.fillWidth: true
                text: row.what
                textFormat: Text.PlainText
                elide: Text.ElideRight
                opacity: 0.8
            }
        }
        ToolButton {
            objectName: "acknowledgeButton"
            Layout.alignment: Qt.AlignVCenter
            text: "\u2713"
            visible: !row.acknowledged
            implicitWidth: 26
            implicitHeight: 26
            padding: 0
            Accessible.name: qsTr("Acknowledge")
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Acknowledge")
            onClicked: row.acknowledgeClicked()
        }
        ToolButton {
            objectName: "clearButton"
            Layout.alignment: Qt.AlignVCenter
            text: "\u2715"
            implicitWidth: 26
            implicitHeight: 26
            padding: 0
            Accessible.name: qsTr("Remove from the list")
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Remove from the list")
            onClicked: row.clearClicked()
        }
    }
}
