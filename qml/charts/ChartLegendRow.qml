import QtQuick
import QtQuick.Controls
import Pulseboard
import "../common/Format.js" as Format

// One legend entry: colour, name, last value, and min / max / mean of the visible range
// (mean from the feeder's background pass). Right-click: the series menu. Click: hide.
Row {
    id: row
    required property var card
    required property string name
    required property color seriesColor
    required property real last
    required property real min
    required property real max
    required property real mean
    required property bool hasData
    readonly property string unit: card.workspace.unitFor(name)
    readonly property bool hidden: card.hiddenSeries[name] === true

    spacing: 5
    opacity: hidden ? 0.45 : 1
    Rectangle {
        width: 10; height: 3; radius: 1.5
        color: row.seriesColor
        anchors.verticalCenter: parent.verticalCenter
    }
    Label {
        text: row.name
        textFormat: Text.PlainText
        color: Theme.muted
        font.pointSize: Theme.smallSize
        anchors.verticalCenter: parent.verticalCenter
    }
    Label {
        objectName: "legendValue"
        text: row.hasData ? Format.number(row.last, row.unit) : "–"
        textFormat: Text.PlainText
        color: Theme.text
        font.bold: true
        font.family: Theme.monoFamily
        font.pointSize: Theme.smallSize
        anchors.verticalCenter: parent.verticalCenter
    }
    Label {
        objectName: "legendStats"
        visible: row.hasData
        text: qsTr("↓%1 ↑%2 x̄ %3").arg(Format.number(row.min)).arg(Format.number(row.max))
                                   .arg(isNaN(row.mean) ? "…" : Format.numberLike(row.mean, [row.min, row.max, row.last]))
        textFormat: Text.PlainText
        color: Theme.muted
        font.family: Theme.monoFamily
        font.pointSize: Theme.smallSize
        anchors.verticalCenter: parent.verticalCenter
        ToolTip.visible: statsHover.hovered
        ToolTip.text: qsTr("In view: min %1, max %2, mean %3").arg(Format.number(row.min, row.unit))
                          .arg(Format.number(row.max, row.unit)).arg(Format.numberLike(row.mean, [row.min, row.max, row.last], row.unit))
        HoverHandler { id: statsHover }
    }
    TapHandler {
        acceptedButtons: Qt.RightButton
        onTapped: seriesMenu.popup()
    }
    TapHandler {
        acceptedButtons: Qt.LeftButton
        onTapped: row.card.toggleHidden(row.name)
    }
    SeriesMenu {
        id: seriesMenu
        name: row.name
        hidden: row.hidden
        onToggleHidden: row.card.toggleHidden(row.name)
        onRemoveRequested: row.card.removeSeries(row.name)
        onCopyRequested: row.card.copyText(row.name)
    }
}
