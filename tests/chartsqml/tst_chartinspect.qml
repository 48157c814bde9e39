import QtQuick
import QtTest
import Pulseboard
import PulseboardTest

// The pointer side of issue 12 §2 on two real ChartCards in a ChartPane, fed from a real
// store filled with exact samples: crosshair tooltip values, wheel zoom around the
// pointer, drag pan, double-click back to live, the shared axis and crosshair, box zoom,
// unlinking one chart, and the paused badge kept off the legend.
Item {
    id: root
    width: 900
    height: 700

    readonly property real t0: 1700000000000   // 2023-11-14 22:13:20 UTC

    ChartPane {
        id: pane
        anchors.fill: parent
        workspace: ChartTest.workspace
        tiled: false
    }

    TestCase {
        id: tc
        name: "ChartInspect"
        when: windowShown

        property var one
        property var two

        function initTestCase() {
            const charts = ChartTest.workspace.charts
            while (charts.count > 0)
                charts.removeChart(0)
            charts.addChart("one", ["a", "b"])
            charts.addChart("two", ["c"])
            // a: i every second, b: 100 + 2i, c: -i; 100 s of history.
            ChartTest.fill("a", root.t0, 100, 1000, 0, 1)
            ChartTest.fill("b", root.t0, 100, 1000, 100, 2)
            ChartTest.fill("c", root.t0, 100, 1000, 0, -1)
            const repeater = findChild(pane, "chartRepeater")
            tryCompare(repeater, "count", 2)
            one = repeater.itemAt(0)
            two = repeater.itemAt(1)
            tryVerify(() => one.feeder.hasData && two.feeder.hasData, 5000)
        }

        function init() {
            one.feeder.linked = true
            two.feeder.linked = true
            one.goLive()
            // A known shared range: the whole 100 s.
            one.feeder.setTimeRange(root.t0, root.t0 + 99000)
            tryVerify(() => one.feeder.xStartMs === root.t0 && two.feeder.xStartMs === root.t0)
        }

        function inspectorOf(card) { return findChild(card, "chartInspector") }
        function xOf(card, t) { return inspectorOf(card).xOf(t) }
        function midY(card) { const p = inspectorOf(card).plotArea; return p.y + p.height / 2 }

        function test_crosshairTooltipValues() {
            const insp = inspectorOf(one)
            mouseMove(insp, xOf(one, root.t0 + 50000) + 0.2, midY(one))
            tryVerify(() => insp.values.length === 2)
            compare(insp.values[0].name, "a")
            compare(insp.values[0].value, 50)
            compare(insp.values[0].t, root.t0 + 50000)
            compare(insp.values[1].value, 200)
            const tip = findChild(insp, "crosshairTooltip")
            verify(tip.visible)
            const texts = []
            for (let i = 0; i < tip.values.length; ++i)
                texts.push(tip.values[i].value)
            compare(texts, [50, 200])
            // The other chart shows the same time's line, without a tooltip of its own.
            const other = inspectorOf(two)
            compare(other.cursorMs, insp.cursorMs)
            verify(findChild(other, "crosshair").visible)
            verify(!findChild(other, "crosshairTooltip").visible)
            mouseMove(insp, -5, -5)   // leaving clears it everywhere
            tryVerify(() => !findChild(other, "crosshair").visible)
        }

        function test_wheelZoomsAroundThePointer() {
            const insp = inspectorOf(one)
            const x = xOf(one, root.t0 + 20000)
            const before = (root.t0 + 20000 - one.feeder.xStartMs) / (one.feeder.xEndMs - one.feeder.xStartMs)
            mouseWheel(insp, x, midY(one), 0, 120)
            tryVerify(() => Math.abs(one.feeder.xEndMs - one.feeder.xStartMs - 99000 * 0.8) <= 2)
            const after = (root.t0 + 20000 - one.feeder.xStartMs) / (one.feeder.xEndMs - one.feeder.xStartMs)
            fuzzyCompare(after, before, 0.001)
            tryCompare(two.feeder, "xStartMs", one.feeder.xStartMs)   // shared axis
            // Shift+wheel zooms Y instead, time untouched.
            const span = one.feeder.xEndMs - one.feeder.xStartMs
            mouseWheel(insp, x, midY(one), 0, 120, Qt.NoButton, Qt.ShiftModifier)
            tryVerify(() => one.feeder.valueZoomed)
            compare(one.feeder.xEndMs - one.feeder.xStartMs, span)
        }

        function test_dragPans() {
            const insp = inspectorOf(one)
            const w = insp.plotArea.width
            const x0 = one.feeder.xStartMs
            mouseDrag(insp, insp.plotArea.x + w / 2, midY(one), 100, 0)
            // Dragging right shows earlier data, by the dragged share of the span.
            tryVerify(() => Math.abs((x0 - one.feeder.xStartMs) - 100 / w * 99000) < 99000 / w * 4)
            tryCompare(two.feeder, "xStartMs", one.feeder.xStartMs)
        }

        function test_doubleClickGoesLive() {
            verify(one.feeder.paused && two.feeder.paused)
            const badge = findChild(one, "pausedBadge")
            verify(badge.visible)
            // The badge lives in the header, never over the legend's values.
            const legend = findChild(one, "legend")
            const b = badge.mapToItem(one, 0, 0), l = legend.mapToItem(one, 0, 0)
            verify(b.y + badge.height <= l.y + 0.5, "badge above the legend")
            mouseDoubleClickSequence(inspectorOf(one), xOf(one, root.t0 + 30000), midY(one))
            tryVerify(() => !one.feeder.paused && !two.feeder.paused)
            verify(pane.timeSync.live)
            verify(!ChartTest.workspace.chartsPaused)
            verify(!badge.visible)
        }

        function test_boxZoom() {
            const insp = inspectorOf(one)
            const ta = root.t0 + 40000, tb = root.t0 + 60000
            const xa = xOf(one, ta), xb = xOf(one, tb)
            const ya = insp.yOf(60), yb = insp.yOf(20)
            mouseDrag(insp, xa, ya, xb - xa, yb - ya, Qt.LeftButton, Qt.ShiftModifier)
            const msPerPx = 99000 / insp.plotArea.width
            tryVerify(() => Math.abs(one.feeder.xStartMs - ta) < msPerPx * 2)
            verify(Math.abs(one.feeder.xEndMs - tb) < msPerPx * 2)
            verify(one.feeder.valueZoomed)
            const perPx = 300 / insp.plotArea.height
            verify(Math.abs(one.feeder.yMin - 20) < perPx * 2 && Math.abs(one.feeder.yMax - 60) < perPx * 2,
                   one.feeder.yMin + ".." + one.feeder.yMax)
            tryCompare(two.feeder, "xStartMs", one.feeder.xStartMs)
            verify(!two.feeder.valueZoomed)   // Y is each chart's own
        }

        function test_unlinkedChartKeepsItsRange() {
            two.feeder.linked = false
            const insp = inspectorOf(one)
            mouseWheel(insp, xOf(one, root.t0 + 50000), midY(one), 0, 240)
            tryVerify(() => one.feeder.xEndMs - one.feeder.xStartMs < 99000 * 0.7)
            compare(two.feeder.xStartMs, root.t0)
            compare(two.feeder.xEndMs, root.t0 + 99000)
            // Its crosshair is its own too.
            mouseMove(insp, xOf(one, root.t0 + 50000), midY(one))
            verify(!findChild(inspectorOf(two), "crosshair").visible)
            mouseMove(insp, -5, -5)
        }

        function test_keyboard() {
            const insp = inspectorOf(one)
            insp.forceActiveFocus()
            keyClick(Qt.Key_Minus)
            tryVerify(() => one.feeder.xEndMs - one.feeder.xStartMs > 99000 * 1.2)
            keyClick(Qt.Key_Escape)
            tryVerify(() => !one.feeder.paused)
        }

        // The chart menu's "Export…" opens keep's ExportDialog for this chart: its series,
        // the range on screen and the plot to capture.
        function test_exportOpensForTheVisibleRange() {
            one.feeder.setTimeRange(root.t0 + 10000, root.t0 + 40000)
            tryVerify(() => one.feeder.xStartMs === root.t0 + 10000)
            const menu = findChild(one, "chartMenu")
            verify(menu !== null)
            const dialog = menu.openExport()
            verify(dialog !== null)
            tryCompare(dialog, "opened", true)
            compare(dialog.seriesNames, ["a", "b"])
            compare(dialog.fromMs, root.t0 + 10000)
            compare(dialog.toMs, root.t0 + 40000)
            compare(dialog.chartItem, findChild(one, "chartView"))
            verify(dialog.visibleRange)
            dialog.close()
            tryCompare(dialog, "visible", false)
        }

        function test_axisLabelsDistinctAndInside() {
            const ticks = one.feeder.yTicks
            verify(ticks.length >= 4 && ticks.length <= 8)
            const seen = {}
            for (const t of ticks) {
                verify(!seen[t.label], "distinct: " + t.label)
                seen[t.label] = true
            }
            verify(one.feeder.xTicks.length >= 2)
        }
    }
}
