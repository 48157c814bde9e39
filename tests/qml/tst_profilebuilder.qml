import QtQuick
import QtTest
import Pulseboard

// "Build a profile from a sample", driven as a user does: paste one message, click
// fields (the row or its part buttons), edit the name template and the time format, and
// read the previewed series; refusals and non-JSON samples are shown in words.
Item {
    id: root
    width: 1300
    height: 900

    ProfileBuilder { id: testBuilder }
    ProfileBuilderDialog { id: dialog; builder: testBuilder }

    TestCase {
        name: "ProfileBuilder"
        when: windowShown
        readonly property ProfileBuilder builder: testBuilder

        function fieldRow(popup, path) {
            const tree = findChild(popup.contentItem, "fieldTree")
            verify(tree, "fieldTree")
            let row = null
            tryVerify(() => (row = findChild(tree, "field:" + path)) !== null, 2000, "row for " + path)
            return row
        }
        function clickPart(popup, path, part) {
            const button = findChild(fieldRow(popup, path), part + "Button")
            verify(button && button.visible, part + " button on " + path)
            mouseClick(button)
        }
        function paste(text) { findChild(dialog.contentItem, "sampleField").text = text }

        function init() {
            builder.sample = ""
            builder.clearParts()
            dialog.openFor(null, "")
            tryCompare(dialog, "opened", true)
        }
        function cleanup() {
            dialog.close()
            tryCompare(dialog, "visible", false)
        }

        function test_clicksMakeSeries_data() {
            return [
                { tag: "ticker", sample: '{"type":"ticker","product_id":"BTC-USD","price":"64250.5","time":"2024-05-01T12:00:00Z"}',
                  clicks: [["/price", "value"], ["/product_id", "name"], ["/time", "time"], ["/type", "match"]],
                  series: { "BTC-USD.price": 64250.5 }, time: "2024-05-01T12:00:00.000Z" },
                { tag: "records", sample: '{"ts":1,"data":[{"s":"A","p":1.5},{"s":"B","p":2}]}',
                  clicks: [["/data", "items"], ["/data/0/p", "value"], ["/data/0/s", "name"]],
                  series: { "A.p": 1.5, "B.p": 2 }, time: "arrival time" },
                { tag: "two values, ms", sample: '{"bid":"1.25","ask":"1.5","E":1700000000123}',
                  clicks: [["/bid", "value"], ["/ask", "value"], ["/E", "time"]],
                  series: { "bid": 1.25, "ask": 1.5 }, time: "2023-11-14T22:13:20.123Z" }
            ]
        }
        function test_clicksMakeSeries(data) {
            paste(data.sample)
            compare(builder.sampleError, "")
            for (const [path, part] of data.clicks)
                clickPart(dialog, path, part)
            tryCompare(builder, "previewTotal", Object.keys(data.series).length)
            const preview = findChild(dialog.contentItem, "seriesPreview")
            for (const name in data.series) {
                tryVerify(() => findChild(preview, "preview:" + name) !== null, 2000, "previewed " + name)
                const row = builder.preview.find(r => r.series === name)
                compare(row.value, data.series[name])
                compare(row.time, data.time)
            }
            compare(findChild(dialog.footer, "builderProblem").text, "")
            verify(findChild(dialog.footer, "useProfileButton").enabled)
        }

        function test_clickingANumberChartsIt() {
            paste('{"p": 3, "q": "x"}')
            mouseClick(fieldRow(dialog, "/p"))
            compare(builder.valueCount, 1)
            tryCompare(builder, "previewTotal", 1)
            mouseClick(fieldRow(dialog, "/q"))          // text: not a value
            compare(builder.valueCount, 1)
            mouseClick(fieldRow(dialog, "/p"))          // again: no longer charted
            compare(builder.valueCount, 0)
            verify(!findChild(dialog.footer, "useProfileButton").enabled)
        }

        function test_refusalsAreShown() {
            paste('{"p": 3, "when": "soon"}')
            clickPart(dialog, "/when", "time")
            const error = findChild(dialog.contentItem, "fieldError")
            tryVerify(() => error.visible && error.text.indexOf("is not a time") >= 0, 2000, error.text)
            compare(builder.timePath, "")
        }

        function test_notJsonIsShown() {
            paste("hello, not json")
            const problem = findChild(dialog.footer, "builderProblem")
            tryVerify(() => problem.text.indexOf("not JSON") >= 0, 2000, problem.text)
            compare(builder.fields.count, 0)
        }

        function test_templateAndFormatAreEditable() {
            paste('{"s":"A","p":1,"t":"1700000000"}')
            clickPart(dialog, "/p", "value")
            clickPart(dialog, "/s", "name")
            clickPart(dialog, "/t", "time")
            compare(builder.detectedTimeFormat, "s")
            const template = findChild(dialog.contentItem, "templateField")
            compare(template.text, "{/s}.{value}")
            template.forceActiveFocus()
            template.selectAll()
            for (const c of "x-{/s}")
                keyClick(c)
            tryCompare(builder, "nameTemplate", "x-{/s}")
            tryVerify(() => builder.preview.length === 1 && builder.preview[0].series === "x-A")
            // Read as milliseconds: 1970, a valid time, shown as such.
            const box = findChild(dialog.contentItem, "timeFormatBox")
            box.currentIndex = 2
            box.activated(2)
            compare(builder.timeFormat, "ms")
            tryVerify(() => builder.preview.length === 1 && builder.preview[0].time.indexOf("1970-01-20") === 0)
        }

    }
}
