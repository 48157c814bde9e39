import QtQuick
import QtQuick.Controls
import Pulseboard

// A clickable column header of the ticker: shows ▲/▼ when the table is sorted by it.
ItemDelegate {
    id: header
    property string key
    property string label
    property int align: Text.AlignRight
    property string sortKey
    property int sortOrder: Qt.AscendingOrder
    readonly property bool active: key.length > 0 && key === sortKey

    padding: 0
    leftPadding: 6
    rightPadding: 6
    hoverEnabled: true
    background: Rectangle { color: header.hovered ? Theme.hover : "transparent" }
    contentItem: Label {
        text: header.label + (header.active ? (header.sortOrder === Qt.AscendingOrder ? " ▲" : " ▼") : "")
        horizontalAlignment: header.align
        verticalAlignment: Text.AlignVCenter
        color: header.active ? Theme.text : Theme.muted
        font.pointSize: Theme.smallSize
        font.bold: true
        elide: Text.ElideRight
    }
}
