import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The alert components side by side in the window's palette (light or dark), for
// alertsui_shot: toolbar badge, notification center, rule editor with the form open,
// and toasts in the corner.
ApplicationWindow {
    id: window
    required property AlertService service
    required property bool dark

    width: 1280
    height: 800
    visible: true
    color: palette.window

    palette {
        window: dark ? "#15181d" : "#eceef2"
        windowText: dark ? "#e3e7ee" : "#1b2130"
        base: dark ? "#1e2228" : "#ffffff"
        alternateBase: dark ? "#262b33" : "#f5f6f8"
        text: dark ? "#e3e7ee" : "#1b2130"
        button: dark ? "#262b33" : "#f5f6f8"
        buttonText: dark ? "#e3e7ee" : "#1b2130"
        highlight: dark ? "#4d9bff" : "#2463d1"
        highlightedText: "#ffffff"
        placeholderText: dark ? "#5f6875" : "#9aa2ae"
        mid: dark ? "#30363f" : "#d8dce3"
        midlight: dark ? "#2c323b" : "#eef2f8"
        dark: dark ? "#30363f" : "#d8dce3"
        light: dark ? "#1e2228" : "#ffffff"
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 10
            anchors.rightMargin: 10
            Label { text: "Pulseboard"; font.bold: true }
            Item { Layout.fillWidth: true }
            AlertBadge { service: window.service }
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 10
        spacing: 10
        NotificationCenterPane {
            Layout.preferredWidth: 440
            Layout.fillHeight: true
            service: window.service
        }
        AlertRuleEditor {
            id: editor
            Layout.fillWidth: true
            Layout.fillHeight: true
            service: window.service
            Component.onCompleted: editRule(0)
        }
    }

    AlertToast {
        service: window.service
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 16
        z: 10
        timeoutMs: 60000
    }
}
