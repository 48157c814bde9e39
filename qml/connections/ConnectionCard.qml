import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "../common/Format.js" as Format

// One connection in the sidebar: name, state badge, URL, rate, RTT and the last error.
// Everything that came from the network (errors, names from profiles) is plain text.
// Its menu (⋯ or right-click): edit, reconnect now, pause/resume, duplicate, copy URL
// (as shown: without credentials), share with the hosted session / stop sharing, remove.
// A card waiting to retry offers "Reconnect now"; a shared card shows its topic.
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
    required property real retryInMs      // while Reconnecting: ms to the next attempt (-1: none)
    required property bool demo
    required property var missingSecrets
    required property string sharedTopic   // "" = not shared with the session

    property string keychainProblem: ""   // why secrets cannot be kept ("" = the keychain works)
    property bool current: false
    property bool canShare: false         // this desktop hosts a session
    signal editRequested()
    signal shareRequested()
    signal stopShareRequested()
    signal removeRequested()
    signal reconnectRequested()
    signal pauseRequested(bool paused)
    signal duplicateRequested()
    readonly property bool paused: state === "Closed" || state === "Idle"
    property alias menu: menu
    Clipboard { id: clipboard; objectName: "cardClipboard" }
    TapHandler { acceptedButtons: Qt.RightButton; onTapped: menu.popup() }

    width: ListView.view ? ListView.view.width : implicitWidth
    padding: 10
    hoverEnabled: true

    // Connecting and Reconnecting are one "waiting" phase: a retry goes Reconnecting ->
    // Connecting -> Reconnecting without leaving it, so the badge pulses when the feed starts
    // waiting (from idle, live, closed or failed) and not again on every retry.
    readonly property bool waiting: state === "Connecting" || state === "Reconnecting"

    // "reconnecting in N s" is counted here from the time the retry is due, not re-read from
    // the model's text on each of its ticks: a timer aimed at the next whole second of the
    // remaining time, running only while the card is shown and counting, so the badge text
    // changes exactly once a second (each change repaints the whole window).
    property double retryDueAt: -1        // Date.now() of the next attempt; -1 = none
    property int secondsToRetry: -1       // whole seconds left, rounded up, at least 1
    readonly property string badgeText: state === "Reconnecting" && secondsToRetry > 0
        ? qsTr("reconnecting in %1 s").arg(secondsToRetry)
        : stateText.length > 28 && state === "Failed" ? qsTr("failed") : stateText

    onStateChanged: noteRetry()
    onRetryInMsChanged: noteRetry()
    Component.onCompleted: noteRetry()

    function noteRetry() {
        if (state !== "Reconnecting" || retryInMs < 0) {
            retryDueAt = -1
            secondsToRetry = -1
            return
        }
        // The model reports the same due time on every tick (give or take its tick's
        // lateness): keep ours so the count follows one clock; a new attempt moves it by
        // at least the backoff floor (100 ms) plus the attempt itself.
        const due = Date.now() + retryInMs
        if (retryDueAt < 0 || Math.abs(due - retryDueAt) > 50) {
            retryDueAt = due
            countdownTick()
        }
    }
    function countdownTick() {
        const left = retryDueAt - Date.now()
        secondsToRetry = Math.max(1, Math.ceil(left / 1000))
        // Next change: when `left` crosses the next whole second.
        retryCountdown.interval = Math.max(1, left - (secondsToRetry - 1) * 1000)
    }

    Timer {
        id: retryCountdown
        objectName: "retryCountdown"
        running: card.visible && card.retryDueAt >= 0 && card.secondsToRetry > 1
        repeat: true
        onTriggered: card.countdownTick()
        onRunningChanged: if (running) card.countdownTick()   // shown again: catch up at once
    }

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
                text: card.badgeText
                tint: card.stateColor
                pulsing: card.waiting   // two pulses when the feed starts waiting, none per retry
                Layout.maximumWidth: card.width * 0.55
            }
            ToolButton {
                text: "⋯"
                implicitWidth: 26
                implicitHeight: 24
                opacity: card.hovered || menu.visible ? 1 : 0.35
                onClicked: menu.popup()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Edit, reconnect, pause, remove…")
                Menu {
                    id: menu
                    objectName: "cardMenu"
                    MenuItem { objectName: "editItem"; text: qsTr("Edit…"); onTriggered: card.editRequested() }
                    MenuItem { objectName: "reconnectItem"; text: qsTr("Reconnect now"); enabled: card.waiting; onTriggered: card.reconnectRequested() }
                    MenuItem {
                        objectName: "pauseItem"
                        text: card.paused ? qsTr("Resume") : qsTr("Pause")
                        onTriggered: card.pauseRequested(!card.paused)
                    }
                    MenuItem { objectName: "duplicateItem"; text: qsTr("Duplicate"); onTriggered: card.duplicateRequested() }
                    MenuItem { objectName: "copyUrlItem"; text: qsTr("Copy URL"); onTriggered: clipboard.copy(card.url) }
                    MenuItem {
                        objectName: "shareItem"
                        text: card.sharedTopic.length > 0 ? qsTr("Stop sharing") : qsTr("Share with session…")
                        enabled: card.sharedTopic.length > 0 || card.canShare
                        onTriggered: card.sharedTopic.length > 0 ? card.stopShareRequested() : card.shareRequested()
                    }
                    MenuSeparator {}
                    MenuItem { objectName: "removeItem"; text: qsTr("Remove"); onTriggered: card.removeRequested() }
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
            // Its own line: the stats row has no room to spare in a narrow sidebar.
            objectName: "sharedBadge"
            visible: card.sharedTopic.length > 0
            text: qsTr("Shared with the session as %1").arg(card.sharedTopic)
            textFormat: Text.PlainText
            color: Theme.accent
            font.pointSize: Theme.smallSize
            elide: Text.ElideMiddle
            Layout.fillWidth: true
            Layout.preferredWidth: 0   // never widens the card
        }
        Button {
            objectName: "reconnectNowButton"
            visible: card.state === "Reconnecting"
            text: qsTr("Reconnect now")
            flat: true
            font.pointSize: Theme.smallSize
            padding: 2
            onClicked: card.reconnectRequested()
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
