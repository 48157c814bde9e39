import QtQuick
import QtQuick.Controls
import Pulseboard
import "../common/Format.js" as Format

// Pointer and keyboard inspection of one chart (issue 12 §2), laid over its ChartView:
//  hover: crosshair at that time on every linked chart, tooltip here with each series'
//         nearest stored sample (ChartFeeder.valuesAt, read from the store on hover);
//  wheel: zooms time around the pointer; Shift+wheel or Ctrl+wheel zooms Y around it;
//  drag: pans time; Shift+drag: box-zoom (time, and Y when the box has height);
//  double-click, Esc or Home: back to live; right-click: the chart menu (menuRequested);
//  keys: +/- zoom time, Left/Right pan a tenth, Shift+Up/Down zoom Y, F fit all.
// Everything is a gesture: nothing here runs per message.
MouseArea {
    id: inspector
    required property ChartFeeder feeder
    required property rect plotArea
    required property string unit
    signal menuRequested(real x, real y)
    signal wentLive()

    readonly property ChartTimeSync sync: feeder.timeSync
    readonly property bool cursorShared: feeder.linked && sync !== null
    property real localCursor: NaN
    readonly property real cursorMs: cursorShared ? sync.cursorMs : localCursor
    readonly property bool inPlot: containsMouse && mouseX >= plotArea.x && mouseX <= plotArea.x + plotArea.width
                                   && mouseY >= plotArea.y && mouseY <= plotArea.y + plotArea.height
    readonly property var values: inPlot && isFinite(cursorMs) ? feeder.valuesAt(cursorMs) : []

    hoverEnabled: true
    preventStealing: true   // a drag here pans the chart, never the scrolling pane
    acceptedButtons: Qt.LeftButton | Qt.RightButton
    activeFocusOnTab: true

    function timeAt(px) { return feeder.xStartMs + (px - plotArea.x) / plotArea.width * (feeder.xEndMs - feeder.xStartMs) }
    function valueAt(py) { return feeder.yMax - (py - plotArea.y) / plotArea.height * (feeder.yMax - feeder.yMin) }
    function xOf(t) { return plotArea.x + (t - feeder.xStartMs) / (feeder.xEndMs - feeder.xStartMs) * plotArea.width }
    function yOf(v) { return plotArea.y + (feeder.yMax - v) / (feeder.yMax - feeder.yMin) * plotArea.height }
    function setCursor(t) {
        if (cursorShared)
            sync.cursorMs = t
        else
            localCursor = t
    }
    function goLive() {
        feeder.goLive()
        if (sync && feeder.linked)
            sync.goLive()
        wentLive()
    }

    property point pressAt
    property real pressT0: 0
    property real pressT1: 0
    property bool boxing: false
    property bool panning: false

    onPositionChanged: (mouse) => {
        setCursor(inPlot ? timeAt(mouse.x) : NaN)
        if (!pressed || !(pressedButtons & Qt.LeftButton))
            return
        if (boxing)
            return
        const dx = mouse.x - pressAt.x
        if (!panning && Math.abs(dx) < 3)
            return
        panning = true
        const dt = dx / plotArea.width * (pressT1 - pressT0)
        feeder.setTimeRange(pressT0 - dt, pressT1 - dt)
    }
    onExited: setCursor(NaN)
    onPressed: (mouse) => {
        forceActiveFocus()
        if (mouse.button === Qt.RightButton) {
            menuRequested(mouse.x, mouse.y)
            return
        }
        pressAt = Qt.point(mouse.x, mouse.y)
        pressT0 = feeder.xStartMs
        pressT1 = feeder.xEndMs
        boxing = (mouse.modifiers & Qt.ShiftModifier) && inPlot
        panning = false
    }
    onReleased: (mouse) => {
        if (boxing) {
            boxing = false
            const x0 = Math.min(pressAt.x, mouse.x), x1 = Math.max(pressAt.x, mouse.x)
            const y0 = Math.min(pressAt.y, mouse.y), y1 = Math.max(pressAt.y, mouse.y)
            if (x1 - x0 >= 4)
                feeder.setTimeRange(timeAt(x0), timeAt(x1))
            if (y1 - y0 >= 8)
                feeder.setValueRange(valueAt(y1), valueAt(y0))
        }
        panning = false
    }
    onDoubleClicked: (mouse) => { if (mouse.button === Qt.LeftButton) goLive() }
    onWheel: (wheel) => {
        const steps = (wheel.angleDelta.y !== 0 ? wheel.angleDelta.y : wheel.angleDelta.x) / 120
        if (steps === 0)
            return
        const factor = Math.pow(0.8, steps)
        if (wheel.modifiers & (Qt.ShiftModifier | Qt.ControlModifier))
            feeder.zoomValue(valueAt(wheel.y), factor)
        else
            feeder.zoomTime(timeAt(Math.max(plotArea.x, Math.min(wheel.x, plotArea.x + plotArea.width))), factor)
    }
    Keys.onPressed: (event) => {
        const mid = (feeder.xStartMs + feeder.xEndMs) / 2
        const span = feeder.xEndMs - feeder.xStartMs
        const shift = event.modifiers & Qt.ShiftModifier
        if (event.key === Qt.Key_Plus || event.key === Qt.Key_Equal) feeder.zoomTime(isFinite(cursorMs) ? cursorMs : mid, 0.8)
        else if (event.key === Qt.Key_Minus) feeder.zoomTime(isFinite(cursorMs) ? cursorMs : mid, 1.25)
        else if (event.key === Qt.Key_Left) feeder.panTime(-span / 10)
        else if (event.key === Qt.Key_Right) feeder.panTime(span / 10)
        else if (shift && event.key === Qt.Key_Up) feeder.zoomValue((feeder.yMin + feeder.yMax) / 2, 0.8)
        else if (shift && event.key === Qt.Key_Down) feeder.zoomValue((feeder.yMin + feeder.yMax) / 2, 1.25)
        else if (event.key === Qt.Key_F) feeder.zoomToFit()
        else if (event.key === Qt.Key_Escape || event.key === Qt.Key_Home) goLive()
        else return
        event.accepted = true
    }

    // The crosshair: drawn on every linked chart whose range holds the shared time.
    Rectangle {
        objectName: "crosshair"
        visible: isFinite(inspector.cursorMs) && inspector.cursorMs >= inspector.feeder.xStartMs
                 && inspector.cursorMs <= inspector.feeder.xEndMs
        x: Math.round(inspector.xOf(inspector.cursorMs))
        y: inspector.plotArea.y
        width: 1
        height: inspector.plotArea.height
        color: Theme.muted
    }
    Repeater {
        model: inspector.values
        delegate: Rectangle {
            required property var modelData
            visible: modelData.value !== undefined && inspector.feeder.yMax > inspector.feeder.yMin
            width: 7; height: 7; radius: 3.5
            color: modelData.color
            border.color: Theme.panel
            x: visible ? inspector.xOf(modelData.t) - 3.5 : 0
            y: visible ? inspector.yOf(modelData.value) - 3.5 : 0
        }
    }
    Rectangle {
        objectName: "zoomBox"
        visible: inspector.boxing
        x: Math.min(inspector.pressAt.x, inspector.mouseX)
        y: Math.min(inspector.pressAt.y, inspector.mouseY)
        width: Math.abs(inspector.mouseX - inspector.pressAt.x)
        height: Math.abs(inspector.mouseY - inspector.pressAt.y)
        color: Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.12)
        border.color: Theme.accent
    }
    ChartTooltip {
        objectName: "crosshairTooltip"
        visible: inspector.inPlot && inspector.values.length > 0
        timeMs: inspector.cursorMs
        values: inspector.values
        unit: inspector.unit
        // Beside the pointer, flipped to stay inside the plot.
        x: inspector.mouseX + 14 + width > inspector.width ? inspector.mouseX - 14 - width : inspector.mouseX + 14
        y: Math.max(0, Math.min(inspector.height - height, inspector.mouseY - height / 2))
    }
}
