import QtQuick
import QtQuick.Controls
import Pulseboard

// A small rounded badge: connection state, counters. Text is always plain text.
Rectangle {
    id: pill
    property string text
    property color tint: Theme.muted
    property bool filled: false
    property bool pulsing: false   // false -> true: two pulses of the dot; back to false: stop

    implicitWidth: label.implicitWidth + 14 + (dot.visible ? dot.width + 5 : 0)
    implicitHeight: label.implicitHeight + 4
    radius: height / 2
    color: filled ? tint : Qt.rgba(tint.r, tint.g, tint.b, Theme.dark ? 0.18 : 0.12)
    border.color: Qt.rgba(tint.r, tint.g, tint.b, 0.45)
    border.width: filled ? 0 : 1

    // True while the dot pulses: it starts when `pulsing` becomes true and stops by itself.
    readonly property bool pulseRunning: pulse.running

    Rectangle {
        id: dot
        visible: !pill.filled
        width: 6
        height: 6
        radius: 3
        color: pill.tint
        anchors.left: parent.left
        anchors.leftMargin: 7
        anchors.verticalCenter: parent.verticalCenter
        SequentialAnimation on opacity {
            id: pulse
            // Two pulses (2.4 s), never endless: a running animation makes the whole window
            // redraw every frame (measured under software GL: 166 % CPU when it was endless;
            // four pulses still cost ~290 frames, 60 a second for 4.8 s, on every change).
            // The dot's colour still tells the state afterwards.
            running: pill.pulsing
            loops: 2
            NumberAnimation { to: 0.25; duration: 600; easing.type: Easing.InOutSine }
            NumberAnimation { to: 1.0; duration: 600; easing.type: Easing.InOutSine }
            onRunningChanged: if (!running) dot.opacity = 1
        }
    }
    Label {
        id: label
        text: pill.text
        textFormat: Text.PlainText
        color: pill.filled ? "white" : pill.tint
        font.pointSize: Theme.smallSize
        font.bold: true
        elide: Text.ElideRight
        width: Math.min(implicitWidth, pill.width - 14 - (dot.visible ? dot.width + 5 : 0))
        anchors.left: dot.visible ? dot.right : parent.left
        anchors.leftMargin: dot.visible ? 5 : 7
        anchors.verticalCenter: parent.verticalCenter
    }
}
