import QtQuick
import QtQuick.Controls
import Pulseboard

// The one call to action of a bar or dialog, filled with the accent colour.
Button {
    id: button
    padding: 6
    leftPadding: 14
    rightPadding: 14
    contentItem: Label {
        text: button.text
        font: button.font
        color: button.enabled ? Theme.accentText : Qt.rgba(1, 1, 1, 0.6)
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    background: Rectangle {
        implicitHeight: 28
        radius: 4
        color: !button.enabled ? Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.45)
             : button.down ? Qt.darker(Theme.accent, 1.15)
             : button.hovered ? Qt.lighter(Theme.accent, 1.08) : Theme.accent
    }
}
