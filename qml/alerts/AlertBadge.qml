import QtQuick
import QtQuick.Controls
import Pulseboard
import "AlertStyle.js" as AlertStyle

// AlertBadge: a bell with the number of unacknowledged alerts, for the toolbar or the
// status bar. What a click does (open the notification center) is up to the parent.
AbstractButton {
    id: badge

    required property AlertService service
    readonly property int count: service ? service.unacknowledgedCount : 0
    readonly property bool dark: AlertStyle.isDark(palette.window)

    implicitWidth: 34
    implicitHeight: 28
    hoverEnabled: true
    focusPolicy: Qt.TabFocus
    Accessible.name: count === 0 ? qsTr("Notifications") : qsTr("Notifications: %1 unacknowledged").arg(count)
    ToolTip.visible: hovered
    ToolTip.delay: 500
    ToolTip.text: count === 0 ? qsTr("No unacknowledged alerts") : qsTr("%1 unacknowledged alert(s)").arg(count)

    background: Rectangle {
        radius: 4
        color: badge.down ? badge.palette.mid : badge.hovered || badge.visualFocus ? badge.palette.midlight : "transparent"
    }

    contentItem: Item {
        Canvas {
            id: bell
            width: 18
            height: 18
            anchors.centerIn: parent
            anchors.horizontalCenterOffset: -2
            property color ink: badge.palette.buttonText
            opacity: badge.count > 0 || badge.hovered ? 1 : 0.65
            onInkChanged: requestPaint()
            onPaint: {
                const ctx = getContext("2d")
                const w = width, h = height
                ctx.reset()
                ctx.fillStyle = ink
                ctx.beginPath()
                ctx.moveTo(w * 0.5, h * 0.08)
                ctx.bezierCurveTo(w * 0.18, h * 0.08, w * 0.22, h * 0.42, w * 0.19, h * 0.62)
                ctx.lineTo(w * 0.08, h * 0.76)
                ctx.lineTo(w * 0.92, h * 0.76)
                ctx.lineTo(w * 0.81, h * 0.62)
                ctx.bezierCurveTo(w * 0.78, h * 0.42, w * 0.82, h * 0.08, w * 0.5, h * 0.08)
                ctx.closePath()
                ctx.fill()
                ctx.beginPath()
                ctx.arc(w * 0.5, h * 0.85, w * 0.11, 0, Math.PI * 2)
                ctx.fill()
            }
        }
        Rectangle {
            id: bubble
            objectName: "badgeBubble"
            visible: badge.count > 0
            height: 15
            width: Math.max(height, countText.implicitWidth + 8)
            radius: height / 2
            x: bell.x + bell.width - width / 2 + 1
            y: bell.y - 5
            color: AlertStyle.severityColor("critical", badge.dark)
            border.color: badge.palette.window
            border.width: 1
            Text {
                id: countText
                objectName: "badgeCount"
                anchors.centerIn: parent
                text: badge.count > 99 ? "99+" : String(badge.count)
                textFormat: Text.PlainText
                color: "#ffffff"
                font.pixelSize: 10
                font.bold: true
            }
        }
    }
}
