import QtQuick
import QtQuick.Controls
import Pulseboard

// The tick labels of one chart, drawn over its ChartView: QtCharts only draws the grid
// (on the same ticks, TicksDynamic) because its DateTimeAxis cannot put ticks on round
// instants or show a date line, and it elides labels to "…" in small charts. The ticks
// and their labels come from the feeder (AxisTicks), which chose how many fit.
Item {
    id: labels
    required property ChartFeeder feeder
    required property rect plotArea
    required property font font
    required property color color

    readonly property real xSpan: Math.max(1, feeder.xEndMs - feeder.xStartMs)
    readonly property real ySpan: feeder.yMax - feeder.yMin

    Repeater {
        model: labels.feeder.yTicks
        delegate: Text {
            required property var modelData
            objectName: "yTickLabel"
            text: modelData.label
            textFormat: Text.PlainText
            font: labels.font
            color: labels.color
            x: labels.plotArea.x - width - 6
            y: labels.plotArea.y + (labels.feeder.yMax - modelData.value) / labels.ySpan * labels.plotArea.height - height / 2
            visible: labels.ySpan > 0
        }
    }
    Repeater {
        model: labels.feeder.xTicks
        delegate: Text {
            required property var modelData
            objectName: "xTickLabel"
            readonly property real at: labels.plotArea.x + (modelData.value - labels.feeder.xStartMs) / labels.xSpan * labels.plotArea.width
            text: modelData.label
            textFormat: Text.PlainText
            horizontalAlignment: Text.AlignHCenter
            lineHeight: 0.95
            font: labels.font
            color: labels.color
            // Centred on its tick (the feeder spaced ticks by more than a label); one that
            // would reach into the Y labels' column (the bottom Y label hangs half a line
            // below the plot) or out of the card is left out rather than shifted onto a
            // neighbour.
            x: at - width / 2
            y: labels.plotArea.y + labels.plotArea.height + 3
            visible: at >= labels.plotArea.x - 0.5 && at <= labels.plotArea.x + labels.plotArea.width + 0.5
                     && x >= labels.plotArea.x + 2 && x + width <= labels.width
        }
    }
}
