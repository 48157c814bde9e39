import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "AlertStyle.js" as AlertStyle

// AlertToast: the in-app toasts for new alerts. It shows what AlertService::toast
// delivers, which AlertThrottle has already thinned (repeats coalesced, "12 more alerts"
// summaries), stacked with the newest at the bottom. At most maxToasts are shown (the
// oldest goes first); each dismisses itself after timeoutMs (critical ones stay twice as
// long; the timer pauses while the pointer is over it) or on its close button. Clicking
// one asks the service to focus what it is about (AlertService::focusRequested).
// Place it over the window's content, anchored to a corner, with a high z.
Control {
    id: root

    required property AlertService service
    property int maxToasts: 4
    property int timeoutMs: 6000
    property int toastWidth: 340
    readonly property int count: toasts.count
    readonly property bool dark: AlertStyle.isDark(palette.window)

    padding: 0
    implicitWidth: toastWidth
    implicitHeight: column.implicitHeight
    visible: count > 0

    function push(d) {
        toasts.append({
            title: d.title, body: d.body, severity: d.severity, type: d.type,
            count: d.count, focusKind: d.focusKind, focusTarget: d.focusTarget,
            t: d.t
        })
        while (toasts.count > maxToasts)
            toasts.remove(0)
    }
    function dismiss(index) {
        if (index >= 0 && index < toasts.count)
            toasts.remove(index)
    }
    function dismissAll() { toasts.clear() }

    ListModel { id: toasts }

    Connections {
        target: root.service
        function onToast(notification) { root.push(root.service.describe(notification)) }
    }

    contentItem: Column {
        id: column
        spacing: 8
        add: Transition {
            NumberAnimation { property: "opacity"; from: 0; to: 1; duration: 160 }
            NumberAnimation { property: "x"; from: 24; duration: 160; easing.type: Easing.OutCubic }
        }
        move: Transition { NumberAnimation { property: "y"; duration: 120 } }

        Repeater {
            model: toasts
            delegate: Rectangle {
                id: card

                required property int index
                required property string title
                required property string body
                required property string severity
                required property string type
                required property string focusKind
                required property string focusTarget
                required property double t

                readonly property color accent: AlertStyle.severityColor(card.severity, root.dark)

                objectName: "toast"
                width: root.toastWidth
                height: content.implicitHeight + 20
                radius: 6
                color: root.palette.base
                border.color: Qt.rgba(accent.r, accent.g, accent.b, 0.55)
                border.width: 1

                // A soft shadow that reads on light and dark windows alike.
                Rectangle {
                    z: -1
                    anchors.fill: parent
                    anchors.topMargin: 3
                    anchors.bottomMargin: -3
                    radius: parent.radius
                    color: Qt.rgba(0, 0, 0, root.dark ? 0.45 : 0.12)
                }
                Rectangle {
                    width: 4
                    anchors { left: parent.left; top: parent.top; bottom: parent.bottom; margins: 1 }
                    radius: 2
                    color: card.accent
                }

                MouseArea {
                    id: area
                    anchors.fill: parent
                    hoverEnabled: true
                    cursorShape: Qt.PointingHandCursor
                    onClicked: {
                        root.service.requestFocus(card.focusKind, card.focusTarget)
                        root.dismiss(card.index)
                    }
                }

                Timer {
                    interval: card.severity === "critical" ? root.timeoutMs * 2 : root.timeoutMs
                    running: !area.containsMouse
                    onTriggered: root.dismiss(card.index)
                }

                ColumnLayout {
                    id: content
                    anchors { left: parent.left; right: parent.right; top: parent.top; margins: 10; leftMargin: 16 }
                    spacing: 2
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: 6
                        Label {
                            text: AlertStyle.severityLabel(card.severity).toUpperCase()
                            textFormat: Text.PlainText
                            color: card.accent
                            font.bold: true
                            font.pixelSize: 10
                            font.letterSpacing: 0.6
                        }
                        Label {
                            objectName: "toastTitle"
                            Layout.fillWidth: true
                            text: card.title
                            textFormat: Text.PlainText
                            elide: Text.ElideRight
                            font.bold: true
                        }
                        Label {
                            text: AlertStyle.clockTime(new Date(card.t))
                            textFormat: Text.PlainText
                            opacity: 0.65
                            font.pixelSize: 11
                        }
                        ToolButton {
                            objectName: "toastClose"
                            text: "\u2715"
                            font.pixelSize: 11
                            implicitWidth: 22
                            implicitHeight: 22
                            padding: 0
                            Accessible.name: qsTr("Dismiss")
                            onClicked: root.dismiss(card.index)
                        }
                    }
                    Label {
                        objectName: "toastBody"
                        Layout.fillWidth: true
                        text: card.body
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        maximumLineCount: 3
                        elide: Text.ElideRight
                        opacity: 0.85
                    }
                }
            }
        }
    }
}
