import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// AlertSettings: how loud alerts are: desktop notifications (when the window is in the
// background; explains when there is no system tray), the system bell per severity,
// and the storm-control limits. Every change goes through the service, whose
// settingsChanged lets the Workspace save it.
ColumnLayout {
    id: settings

    required property AlertService service
    readonly property DesktopNotifier notifier: service.notifier

    spacing: 4

    Label {
        text: qsTr("Notifications")
        textFormat: Text.PlainText
        font.bold: true
    }
    CheckBox {
        objectName: "desktopBox"
        text: qsTr("Desktop notifications while Pulseboard is in the background")
        checked: settings.notifier.enabled
        enabled: settings.notifier.desktopAvailable
        onToggled: settings.notifier.enabled = checked
    }
    Label {
        visible: !settings.notifier.desktopAvailable
        Layout.fillWidth: true
        Layout.leftMargin: 28
        text: qsTr("Not available: this desktop has no system tray. Alerts are shown in the window only.")
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        font.pixelSize: 11
        opacity: 0.7
    }
    RowLayout {
        spacing: 4
        Label { text: qsTr("Sound (system bell) for"); textFormat: Text.PlainText }
        CheckBox { objectName: "soundInfoBox"; text: qsTr("info"); checked: settings.notifier.soundInfo; onToggled: settings.notifier.soundInfo = checked }
        CheckBox { objectName: "soundWarningBox"; text: qsTr("warning"); checked: settings.notifier.soundWarning; onToggled: settings.notifier.soundWarning = checked }
        CheckBox { objectName: "soundCriticalBox"; text: qsTr("critical"); checked: settings.notifier.soundCritical; onToggled: settings.notifier.soundCritical = checked }
    }
    RowLayout {
        spacing: 6
        Label { text: qsTr("At most"); textFormat: Text.PlainText }
        SpinBox {
            objectName: "maxPerMinuteBox"
            from: 1
            to: 60
            value: settings.service.throttle.maxPerMinute
            editable: true
            onValueModified: settings.service.throttle.maxPerMinute = value
        }
        Label { text: qsTr("notifications a minute; the rest are summarised"); textFormat: Text.PlainText }
    }
    RowLayout {
        spacing: 6
        Label { text: qsTr("At most"); textFormat: Text.PlainText }
        SpinBox {
            objectName: "roomPostsBox"
            from: 1
            to: 60
            value: settings.service.settings.roomPostsPerMinute
            editable: true
            onValueModified: settings.service.settings = { roomPostsPerMinute: value }
        }
        Label { text: qsTr("chat posts a minute per room"); textFormat: Text.PlainText }
    }
}
