import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "../common/Format.js" as Format

// One connection in the sidebar: name, state badge, URL, rate, RTT and the last error.
// Everything that came from the network (errors, names from profiles) is plain text.
ItemDelegate {
    id: card

    required property int index
    required property string name
    required property string url
    required property string state
    required property string stateText
    required property bool live
    required property real rttMs
    required property real messagesPerSec
    required property var messages
    required property string lastError
    required property bool demo
    required property var missingSecrets

    property string keychainProblem: ""   // why secrets cannot be kept ("" = the keychain works)
    property bool current: false
    signal editRequested()
    signal removeRequested()

    width: ListView.view ? ListView.view.width : implicitWidth
    padding: 10
    hoverEnabled: true

    readonly property color stateColor: live ? Theme.ok
        : state === "Failed" ? Theme.danger
        : state === "Closed" || state === "Idle" ? Theme.muted : Theme.warning

    background: Rectangle {
        color: card.current ? Theme.selected : card.hovered ? Theme.hover : "transparent"
        radius: Theme.radius
        Rectangle {
            width: 3
            height: parent.height - 12
            radius: 1.5
            anchors.verticalCenter: parent.verticalCenter
            color: card.stateColor
        }
    }

    contentItem: ColumnLayout {
        spacing: 3
        RowLayout {
            spacing: 6
            Label {
                text: card.name
                textFormat: Text.PlainText
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Pill {
                objectName: "stateBadge"
                text: card.stateText.length > 28 && card.state === "Failed" ? qsTr("failed") : card.stateText
                tint: card.stateColor
                pulsing: card.state === "Connecting" || card.state === "Reconnecting"   // a few pulses on each change (Pill never animates endlessly)
                Layout.maximumWidth: card.width * 0.55
            }
            ToolButton {
                text: "⋯"
                implicitWidth: 26
                implicitHeight: 24
                opacity: card.hovered || menu.visible ? 1 : 0.35
                onClicked: menu.popup()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Edit or remove")
                Menu {
                    id: menu
                    MenuItem { text: qsTr("Edit…"); onTriggered: card.editRequested() }
                    MenuItem { text: qsTr("Remove"); onTriggered: card.removeRequested() }
                }
            }
        }
        Label {
            text: card.url
            textFormat: Text.PlainText
            color: Theme.muted
            font.pointSize: Theme.smallSize
            elide: Text.ElideMiddle
            Layout.fillWidth: true
        }
        RowLayout {
            spacing: 10
            Label {
                text: qsTr("%1 msg/s").arg(Format.perSecond(card.messagesPerSec))
                textFormat: Text.PlainText
                color: card.live ? Theme.text : Theme.muted
                font.pointSize: Theme.smallSize
            }
            Label {
                text: qsTr("RTT %1").arg(Format.rtt(card.rttMs))
                textFormat: Text.PlainText
                color: Theme.muted
                font.pointSize: Theme.smallSize
            }
            Label {
                text: Format.compact(card.messages) + qsTr(" total")
                textFormat: Text.PlainText
                color: Theme.muted
                font.pointSize: Theme.smallSize
            }
            Item { Layout.fillWidth: true }
            Label {
                visible: card.demo
                text: qsTr("demo")
                color: Theme.faint
                font.pointSize: Theme.smallSize
            }
        }
        Label {
            objectName: "lastError"
            visible: !card.live && card.lastError.length > 0
            text: card.lastError
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            maximumLineCount: 4
            elide: Text.ElideRight
            color: card.state === "Failed" ? Theme.danger : Theme.warning
            font.pointSize: Theme.smallSize
            Layout.fillWidth: true
        }
        Label {
            visible: card.missingSecrets.length > 0
            objectName: "missingSecrets"
            text: (card.keychainProblem.length > 0
                   ? qsTr("Not restored: %1 (%2). Edit to enter again.").arg(card.missingSecrets.join(", ")).arg(card.keychainProblem)
                   : qsTr("Not restored from the keychain: %1. Edit to enter again.").arg(card.missingSecrets.join(", ")))
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.warning
            font.pointSize: Theme.smallSize
            Layout.fillWidth: true
        }
    }
}
