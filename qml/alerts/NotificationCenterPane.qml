import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "AlertStyle.js" as AlertStyle

// NotificationCenterPane: the history of raised and cleared alerts (the service's
// NotificationCenter, newest first) with acknowledge / clear per row and for all, and the
// unacknowledged count in its header. Clicking a row acknowledges it and asks the service
// to focus what it is about. Says so when desktop notifications cannot be shown (no
// system tray) or when alert events had to be dropped.
Pane {
    id: pane

    required property AlertService service
    readonly property NotificationCenter center: service.notificationCenter
    readonly property bool dark: AlertStyle.isDark(palette.window)

    padding: 0

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 10
            spacing: 8
            Label {
                text: qsTr("Notifications")
                textFormat: Text.PlainText
                font.bold: true
                font.pixelSize: 15
            }
            Label {
                objectName: "unacknowledgedBadge"
                visible: pane.service.unacknowledgedCount > 0
                text: String(pane.service.unacknowledgedCount)
                textFormat: Text.PlainText
                color: "#ffffff"
                font.bold: true
                font.pixelSize: 11
                leftPadding: 6
                rightPadding: 6
                topPadding: 1
                bottomPadding: 1
                background: Rectangle { radius: height / 2; color: AlertStyle.severityColor("critical", pane.dark) }
                Accessible.name: qsTr("%1 unacknowledged").arg(text)
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "acknowledgeAllButton"
                text: qsTr("Acknowledge all")
                flat: true
                enabled: pane.service.unacknowledgedCount > 0
                onClicked: pane.center.acknowledgeAll()
            }
            Button {
                objectName: "clearAllButton"
                text: qsTr("Clear all")
                flat: true
                enabled: pane.center.count > 0
                onClicked: pane.center.clearAll()
            }
        }

        Label {
            objectName: "desktopNote"
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            Layout.bottomMargin: 6
            visible: !pane.service.notifier.desktopAvailable || pane.service.droppedEvents > 0
            text: {
                const notes = []
                if (!pane.service.notifier.desktopAvailable)
                    notes.push(qsTr("No system tray: alerts are shown in this window only."))
                if (pane.service.droppedEvents > 0)
                    notes.push(qsTr("%1 alert events were dropped because they came faster than the window could take them.")
                               .arg(pane.service.droppedEvents))
                return notes.join(" ")
            }
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            font.pixelSize: 11
            opacity: 0.7
        }

        Rectangle { Layout.fillWidth: true; height: 1; color: pane.palette.mid }

        ListView {
            id: list
            objectName: "notificationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: pane.center
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            delegate: NotificationRow {
                id: entry
                width: ListView.view.width
                onAcknowledgeClicked: pane.center.acknowledge(entry.index)
                onClearClicked: pane.center.clear(entry.index)
                onClicked: {
                    pane.center.acknowledge(entry.index)
                    pane.service.activateEntry(entry.index)
                }
            }

            Label {
                objectName: "emptyLabel"
                anchors.centerIn: parent
                width: parent.width - 40
                visible: pane.center.count === 0
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: pane.service.ruleCount === 0
                      ? qsTr("No alerts. Add a rule to be told when a series crosses a level, goes quiet, or a connection drops.")
                      : qsTr("No alerts yet. Raised and cleared alerts will be listed here.")
                textFormat: Text.PlainText
                opacity: 0.6
            }
        }
    }
}
