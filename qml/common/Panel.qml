import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// A titled card: every pane of the window (connections, charts, ticker, inspector)
// sits in one. Put header controls in `tools`, the body in the default property.
Rectangle {
    id: panel

    property string title
    property string subtitle
    property alias tools: toolRow.data
    default property alias content: body.data

    color: Theme.panel
    radius: Theme.radius
    border.color: Theme.border
    clip: true

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            id: header
            Layout.fillWidth: true
            Layout.leftMargin: 12
            Layout.rightMargin: 6
            Layout.preferredHeight: Math.max(34, toolRow.implicitHeight + 6)
            spacing: 8
            visible: panel.title.length > 0

            Label {
                text: panel.title
                font.bold: true
                color: Theme.text
                textFormat: Text.PlainText
            }
            Label {
                text: panel.subtitle
                color: Theme.muted
                font.pointSize: Theme.smallSize
                textFormat: Text.PlainText
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            RowLayout {
                id: toolRow
                spacing: 2
            }
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: 1
            color: Theme.border
            visible: header.visible
        }
        Item {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
    }
}
