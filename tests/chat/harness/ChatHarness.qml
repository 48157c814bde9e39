import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// Screenshot harness (not part of the product): the chat page of one participant on
// top and the host view of the same hub below, fed by chat_harness.cpp.
ApplicationWindow {
    id: window
    required property ChatClient client
    required property HubHost host
    property bool dark: false
    property string dialog: ""               // "", join, trust, host, hosting, changed
    property DiscoveryListener discovery: null
    property string otherUrl: ""
    property string otherFingerprint: ""
    Component.onCompleted: Theme.mode = dark ? "dark" : "light"

    x: 0
    y: 0
    width: 1400
    height: 900
    visible: true
    flags: Qt.FramelessWindowHint
    color: Theme.window
    title: "Pulseboard chat (harness)"

    palette {
        window: Theme.window
        windowText: Theme.text
        base: Theme.panel
        alternateBase: Theme.raised
        text: Theme.text
        button: Theme.raised
        buttonText: Theme.text
        highlight: Theme.accent
        highlightedText: Theme.accentText
        placeholderText: Theme.faint
        toolTipBase: Theme.raised
        toolTipText: Theme.text
        mid: Theme.border
        midlight: Theme.hover
        dark: Theme.border
        light: Theme.panel
        shadow: Theme.dark ? "#000000" : "#9aa2ae"
        link: Theme.accent
        brightText: "#ffffff"
    }

    Timer {
        interval: 3000
        running: window.dialog.length > 0
        onTriggered: {
            const join = chatPage.joinDialog
            if (window.discovery)
                join.discovery = window.discovery
            if (window.dialog === "join") {
                join.openDialog()
            } else if (window.dialog === "trust") {
                join.openDialog()
                join.chooseSession(window.otherUrl, window.otherFingerprint, false)
            } else if (window.dialog === "changed") {
                join.openDialog()
                join.chooseSession(window.otherUrl, "ab".repeat(32), false)
            } else if (window.dialog === "hosting") {
                chatPage.hostDialog.openDialog()
            } else if (window.dialog === "host") {
                spareDialog.openDialog()
            }
        }
    }

    HubHost { id: spareHost; sessionName: "Lab bench" }
    HostDialog { id: spareDialog; host: spareHost; parent: Overlay.overlay }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap
        ChatPage {
            id: chatPage
            client: window.client
            host: window.host
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: 500
        }
        HostView {
            host: window.host
            Layout.fillWidth: true
            Layout.preferredHeight: 370
        }
    }
}
