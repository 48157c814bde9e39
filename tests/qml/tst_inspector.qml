import QtQuick
import QtTest
import Pulseboard
import PulseboardTest

// The message inspector on a real connection to a local hub: the text and regex filter,
// pause that keeps counting, and network text shown literally (never as rich text).
Item {
    id: root
    width: 1000
    height: 700

    InspectorPane {
        id: inspector
        anchors.fill: parent
        workspace: TestWorkspace
    }

    TestCase {
        name: "Inspector"
        when: windowShown

        function publish(json) {
            verify(TestHub.publish("inspect", json), "published " + json)
        }
        function list() { return inspector.messageList }
        function incomingCount() {
            // rows whose preview is one of our JSON messages (the log also has connection events)
            let n = 0
            for (let i = 0; i < list().count; ++i) {
                const item = list().itemAtIndex(i)
                if (item && item.text.indexOf("{") === 0)
                    ++n
            }
            return n
        }

        function initTestCase() {
            compare(TestHub.error, "")
            compare(TestWorkspace.addConnection({ url: TestHub.url("inspect"), name: "inspect" }), "")
            inspector.connectionRow = 0
            tryVerify(() => TestWorkspace.connections.connectionAt !== undefined || true)
            tryVerify(() => inspector.connection && inspector.connection.live, 10000, "connected to the test hub")
            for (let i = 0; i < 5; ++i) {
                publish('{"kind":"alpha","n":' + i + '}')
                publish('{"kind":"beta","n":' + i + '}')
            }
            tryVerify(() => incomingCount() === 10, 5000)
        }

        function test_0_textFilter() {
            inspector.filterField.text = "alpha"
            tryVerify(() => list().count === 5)
            tryVerify(() => list().itemAtIndex(4) !== null)
            for (let i = 0; i < list().count; ++i)
                verify(list().itemAtIndex(i).text.indexOf("alpha") >= 0)
            inspector.filterField.text = "BETA"          // case-insensitive
            tryVerify(() => list().count === 5)
            inspector.filterField.text = "gamma"
            tryCompare(list(), "count", 0)
            inspector.filterField.text = ""
            tryVerify(() => incomingCount() === 10)
        }

        function test_1_regexFilter() {
            const regex = findChild(inspector, "regexBox")
            mouseClick(regex)
            verify(inspector.log.filterRegex)
            inspector.filterField.text = "\"n\":[0-1]}"
            tryCompare(list(), "count", 4)             // n = 0 and 1, alpha and beta
            inspector.filterField.text = "("            // invalid: says so, hides nothing
            tryVerify(() => inspector.log.filterError.length > 0)
            verify(list().count >= 10)
            inspector.filterField.text = ""
            mouseClick(regex)
            verify(!inspector.log.filterRegex)
        }

        function test_2_pauseKeepsCounting() {
            const before = list().count
            mouseClick(findChild(inspector, "pauseButton"))
            verify(inspector.log.paused)
            publish('{"kind":"late","n":1}')
            publish('{"kind":"late","n":2}')
            publish('{"kind":"late","n":3}')
            tryCompare(inspector.log, "pendingCount", 3)
            compare(list().count, before)                // the view holds still
            compare(findChild(inspector, "pauseButton").text, "Resume (+3)")
            mouseClick(findChild(inspector, "pauseButton"))
            tryCompare(list(), "count", before + 3)
        }

        function test_3_htmlIsShownLiterally() {
            const hostile = "<b>bold</b><img src=x>"
            publish(JSON.stringify({ note: hostile }))
            inspector.filterField.text = "bold"
            tryCompare(list(), "count", 1)
            tryVerify(() => list().itemAtIndex(0) !== null)   // delegates are created on polish
            const row = list().itemAtIndex(0)
            const preview = findChild(row, "previewLabel")
            compare(preview.textFormat, Text.PlainText)
            verify(preview.text.indexOf(hostile) >= 0, preview.text)
            // Rendered as characters: the laid-out text is as wide as the literal string,
            // not the width of the word "bold" plus an image.
            metrics.font = preview.font
            metrics.text = preview.text
            verify(preview.implicitWidth >= metrics.advanceWidth - 1)

            mouseClick(row)
            const detail = inspector.detail
            compare(detail.textFormat, TextEdit.PlainText)
            verify(detail.text.indexOf('"note": "' + hostile + '"') >= 0, detail.text)
            compare(detail.getText(0, detail.length).indexOf(hostile) >= 0, true)
            inspector.filterField.text = ""
        }

        TextMetrics { id: metrics }
    }
}
