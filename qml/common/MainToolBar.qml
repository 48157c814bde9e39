import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The main window's toolbar: logo, "New connection", the time-window choice, pause,
// chart layout, the clock (ticking on the minute) and the alert badge. Actions go to
// the window given in `host` (Main.qml).
ToolBar {
    id: bar
    // Main.qml's window: its workspace, window choices (windows, windowLabels, tiled) and
    // actions (newConnection, setWindow, togglePause, toggleAlerts, setTiled).
    required property var host

    background: Rectangle {
        color: Theme.panel
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.border }
    }
    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 10
        anchors.rightMargin: 10
        spacing: 6

        Logo {
            Layout.preferredWidth: Math.round(Theme.em * 1.4)
            Layout.preferredHeight: Layout.preferredWidth
        }
        Label {
            text: "Pulseboard"
            font.bold: true
            font.pointSize: Qt.application.font.pointSize + 2
            color: Theme.text
            Layout.rightMargin: 12
        }
        PrimaryButton {
            objectName: "newConnectionButton"
            text: qsTr("+ New connection")
            onClicked: bar.host.newConnection()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Ctrl+N")
        }
        ToolSeparator {}
        Label { text: qsTr("Window"); color: Theme.muted; font.pointSize: Theme.smallSize; visible: bar.host.width > 1100 }
        Row {
            spacing: 0
            Repeater {
                model: bar.host.windows.length
                delegate: Button {
                    required property int index
                    objectName: "window_" + index
                    text: bar.host.windowLabels[index]
                    checkable: true
                    checked: bar.host.workspace.windowMs === bar.host.windows[index]
                    flat: !checked
                    font.pointSize: Theme.smallSize
                    implicitWidth: Math.max(52, implicitContentWidth + 20)
                    onClicked: bar.host.setWindow(index)
                    ToolTip.visible: hovered
                    ToolTip.delay: 600
                    ToolTip.text: qsTr("Ctrl+%1").arg(index + 1)
                }
            }
        }
        Button {
            objectName: "pauseChartsButton"
            text: bar.host.workspace.chartsPaused ? qsTr("▶ Resume") : qsTr("❚❚ Pause")
            highlighted: bar.host.workspace.chartsPaused
            onClicked: bar.host.togglePause()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Pause the charts (Space). Data keeps being recorded; scroll the chart to look back.")
        }
        ToolSeparator {}
        Button {
            text: qsTr("Add chart")
            visible: bar.host.width > 1000
            flat: true
            enabled: bar.host.workspace.charts.count < 8
            onClicked: bar.host.workspace.charts.addChart(qsTr("Chart"), [])
        }
        Button {
            text: bar.host.tiled ? qsTr("Stack") : qsTr("Tile")
            visible: bar.host.width > 1000
            flat: true
            onClicked: bar.host.setTiled(!bar.host.tiled)
            ToolTip.visible: hovered
            ToolTip.text: bar.host.tiled ? qsTr("One chart per row") : qsTr("Two charts per row")
        }
        RecordBar { workspace: bar.host.workspace; visible: bar.host.width > 900 }   // keep: record / replay
        Item { Layout.fillWidth: true }
        Label {
            visible: bar.host.width > 1200
            text: Qt.formatTime(clock.now, "hh:mm")
            color: Theme.muted
            font.family: Theme.monoFamily
            ToolTip.visible: clockHover.hovered
            ToolTip.text: Qt.formatDateTime(new Date(), "yyyy-MM-dd hh:mm:ss t")
            HoverHandler { id: clockHover }
            // Ticks on the minute: an idle window repaints about once a minute, not
            // every second (every repaint redraws the whole window).
            Timer {
                id: clock
                property date now: new Date()
                interval: 60000 - (now.getSeconds() * 1000 + now.getMilliseconds()) + 50
                running: true
                repeat: true
                onTriggered: now = new Date()
            }
        }
        AlertBadge {
            objectName: "alertBadge"
            service: bar.host.workspace.alerts
            onClicked: bar.host.toggleAlerts()
        }
    }
}
