import QtQuick
import Pulseboard

// A tiny line of the last minute: `points` is [x0, y0, x1, y1, ...] in [0, 1] as
// TickerModel provides it. Drawn on a Canvas only when the points change (<= 10 Hz).
Canvas {
    id: spark
    property var points: []
    property color color: Theme.accent
    renderStrategy: Canvas.Cooperative
    renderTarget: Canvas.Image
    onPointsChanged: requestPaint()
    onColorChanged: requestPaint()
    onWidthChanged: requestPaint()
    onHeightChanged: requestPaint()

    onPaint: {
        const ctx = getContext("2d")
        ctx.reset()
        const p = spark.points
        if (!p || p.length < 4)
            return
        const w = width - 2, h = height - 4
        ctx.lineWidth = 1.3
        ctx.strokeStyle = spark.color
        ctx.lineJoin = "round"
        ctx.beginPath()
        ctx.moveTo(1 + p[0] * w, 2 + (1 - p[1]) * h)
        for (let i = 2; i < p.length; i += 2)
            ctx.lineTo(1 + p[i] * w, 2 + (1 - p[i + 1]) * h)
        ctx.stroke()
        // soft fill under the line
        ctx.lineTo(1 + p[p.length - 2] * w, h + 2)
        ctx.lineTo(1 + p[0] * w, h + 2)
        ctx.closePath()
        ctx.fillStyle = Qt.rgba(spark.color.r, spark.color.g, spark.color.b, 0.12)
        ctx.fill()
    }
}
