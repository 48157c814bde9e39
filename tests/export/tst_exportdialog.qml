import QtQuick
import QtTest
import Pulseboard
import KeepTest

// ExportDialog driven like a user: pick a format, type a path, press Export; the files
// it writes hold the chosen series and range (CSV with RFC 4180 quoting, NDJSON), PNG at
// the window's pixel ratio, SVG with a polyline per series; a folder as the path shows the
// error in the dialog; Cancel during a long export leaves no file.
Item {
    id: root
    width: 900
    height: 700

    Rectangle {
        id: fakeChart
        width: 320
        height: 180
        color: "#336699"
        Text { anchors.centerIn: parent; text: "chart"; color: "white" }
    }

    ExportDialog {
        id: dialog
        workspace: KeepWorkspace
        seriesNames: ["a, \"quoted\"", "b"]
        fromMs: 1010
        toMs: 1019
        chartItem: fakeChart
        chartTitle: "Test chart"
    }

    TestCase {
        name: "ExportDialog"
        when: windowShown

        function button(name) { return findChild(dialog.contentItem, name) || findChild(dialog.footer, name) }
        function exportTo(format, file) {
            dialog.format = format
            dialog.filePath = KeepFiles.path(file)
            const start = button("exportStart")
            verify(start.enabled, "Export is enabled")
            mouseClick(start)
        }

        function initTestCase() {
            KeepFiles.fill(KeepWorkspace.store, 100)
            dialog.open()
            tryVerify(() => dialog.opened)
        }

        function test_1_csvOfTheVisibleRange() {
            exportTo("csv", "visible.csv")
            tryVerify(() => dialog.message.indexOf("Exported 20 points") === 0, 5000, dialog.message)
            verify(!dialog.failed)
            const lines = KeepFiles.read("visible.csv").split("\r\n")
            compare(lines[0], "series,t,v,time")
            compare(lines[1], "\"a, \"\"quoted\"\"\",1010,10,1970-01-01T00:00:01.010Z")
            compare(lines[11], "b,1010,-2.5,1970-01-01T00:00:01.010Z")
            compare(lines.length, 22)   // header, 20 rows, and the empty tail after the last CRLF
        }

        function test_2_ndjsonOfEverythingForOneSeries() {
            findChild(dialog.contentItem, "rangeAll").checked = true
            dialog.visibleRange = false
            dialog.format = "ndjson"
            const boxes = []
            function walk(item) {
                for (let i = 0; i < item.children.length; ++i) {
                    const c = item.children[i]
                    if (c.text === "a, \"quoted\"" && c.checkable)
                        boxes.push(c)
                    walk(c)
                }
            }
            walk(dialog.contentItem)
            compare(boxes.length, 1)
            mouseClick(boxes[0])
            compare(dialog.chosenSeries, ["b"])
            exportTo("ndjson", "all.ndjson")
            tryVerify(() => dialog.message.indexOf("Exported 100 points") === 0, 5000, dialog.message)
            const lines = KeepFiles.read("all.ndjson").trim().split("\n")
            compare(lines.length, 100)
            compare(JSON.parse(lines[99]).v, -99 / 4)
            compare(JSON.parse(lines[0]).series, "b")
            mouseClick(boxes[0])   // back on
            dialog.visibleRange = true
        }

        function test_3_pngAtPixelRatio() {
            exportTo("png", "chart.png")
            tryVerify(() => dialog.message.indexOf("Saved") === 0, 5000, dialog.message)
            compare(KeepFiles.imageFormat("chart.png"), "png")
            const size = KeepFiles.imageSize("chart.png")
            compare(size.width, Math.round(fakeChart.width * Screen.devicePixelRatio))
            compare(size.height, Math.round(fakeChart.height * Screen.devicePixelRatio))
        }

        function test_4_svg() {
            exportTo("svg", "chart.svg")
            tryVerify(() => dialog.message.indexOf("Saved") === 0, 5000, dialog.message)
            const svg = KeepFiles.read("chart.svg")
            verify(svg.indexOf("<svg") > 0)
            compare(svg.split("<polyline").length - 1, 2)
            verify(svg.indexOf("a, &quot;quoted&quot;") > 0, "names are XML-escaped")
            verify(svg.indexOf("Test chart") > 0)
        }

        function test_5_folderIsAReadableError() {
            dialog.format = "csv"
            dialog.filePath = KeepFiles.folder()
            mouseClick(button("exportStart"))
            verify(dialog.failed)
            verify(dialog.message.indexOf("is a folder") > 0, dialog.message)
            verify(findChild(dialog.contentItem, "exportMessage").visible)
        }

        function test_6_cancelLeavesNoFile() {
            KeepFiles.fill(KeepWorkspace.store, 1500000)
            dialog.visibleRange = false
            exportTo("csv", "cancelled.csv")
            verify(dialog.busy)
            compare(button("exportCancel").text, "Cancel")
            mouseClick(button("exportCancel"))
            tryVerify(() => !dialog.busy, 20000)
            verify(dialog.failed)
            verify(dialog.message.indexOf("cancelled") >= 0, dialog.message)
            verify(!KeepFiles.exists("cancelled.csv"))
            verify(dialog.opened, "Cancel stops the export, not the dialog")
        }
    }
}
