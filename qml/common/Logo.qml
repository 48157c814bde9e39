import QtQuick

// The Pulseboard mark (the same drawing as resources/icons/pulseboard.svg), painted here
// so the window does not depend on the SVG image plugin being installed.
Rectangle {
    id: logo
    implicitWidth: 22
    implicitHeight: 22
    radius: width * 0.19
    color: "#1f2937"
    Canvas {
        anchors.fill: parent
        onWidthChanged: requestPaint()
        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            const s = width / 256
            const pts = [[32, 150], [80, 150], [104, 84], [136, 196], [164, 112], [184, 150], [224, 150]]
            ctx.strokeStyle = "#22d3ee"
            ctx.lineWidth = Math.max(1.5, 18 * s)
            ctx.lineCap = "round"
            ctx.lineJoin = "round"
            ctx.beginPath()
            ctx.moveTo(pts[0][0] * s, pts[0][1] * s)
            for (let i = 1; i < pts.length; ++i)
                ctx.lineTo(pts[i][0] * s, pts[i][1] * s)
            ctx.stroke()
        }
    }
}
