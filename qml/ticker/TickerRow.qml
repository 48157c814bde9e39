import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "../common/Format.js" as Format

// One ticker row. The background flashes green or red when the last value moves
// (TickerModel's flashSerial grows, flash gives the direction); the sparkline has the
// series' colour from SeriesPalette.
Rectangle {
    id: row
    required property int index
    required property string name
    required property real last
    required property real change
    required property real changePercent
    required property real high
    required property real low
    required property real rate
    required property var sparkline
    required property int flash
    required property int flashSerial
    required property var columnWidths
    required property var columnX
    required property string unit

    readonly property color trendColor: change > 0 ? Theme.up : change < 0 ? Theme.down : Theme.muted
    width: ListView.view ? ListView.view.width : implicitWidth
    height: Math.round(Theme.em * 1.55)
    color: index % 2 ? Theme.raised : Theme.panel


    onFlashSerialChanged: flashAnimation.restart()
    NumberAnimation {
        id: flashAnimation
        target: flashRect
        property: "opacity"
        from: 1
        to: 0
        duration: 450
        easing.type: Easing.OutCubic
    }

    // Cells are placed at the table's column positions (no layout: a hidden column
    // simply has width 0 and is not shown).
    component Cell: Label {
        property int column
        x: row.columnX[column]
        width: row.columnWidths[column]
        height: row.height
        visible: width > 0
        verticalAlignment: Text.AlignVCenter
        horizontalAlignment: column === 0 ? Text.AlignLeft : Text.AlignRight
        leftPadding: 6
        rightPadding: 6
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: Theme.text
        font.pointSize: Theme.smallSize + 0.5
    }

    Item {
        anchors.fill: parent
        Cell { column: 0; text: row.name; font.bold: true }
        Cell {
            column: 1
            objectName: "lastCell"
            background: Rectangle {
                id: flashRect
                color: row.flash > 0 ? Theme.upFlash : Theme.downFlash
                opacity: 0
                radius: 2
            }
            text: Format.number(row.last, row.unit)
            color: row.flash > 0 ? Theme.up : row.flash < 0 ? Theme.down : Theme.text
        }
        Cell { column: 2; text: Format.change(row.change, row.last); color: row.trendColor }
        Cell { column: 3; text: Format.percent(row.changePercent); color: row.trendColor }
        Cell { column: 4; text: Format.number(row.high); color: Theme.muted }
        Cell { column: 5; text: Format.number(row.low); color: Theme.muted }
        Cell { column: 6; text: row.rate.toFixed(1); color: Theme.muted }
        Item {
            x: row.columnX[7]
            width: row.columnWidths[7]
            height: row.height
            visible: width > 0
            Sparkline {
                objectName: "sparkline"
                anchors.fill: parent
                anchors.margins: 4
                anchors.leftMargin: 10
                anchors.rightMargin: 8
                points: row.sparkline
                // The series' own colour, as in its charts and legends (SeriesPalette: by name,
                // a hue picked in a series menu included); the up/down colours stay on the numbers.
                color: SeriesPalette.revision >= 0 ? SeriesPalette.color(row.name, Theme.dark) : Theme.accent
            }
        }
    }
}
