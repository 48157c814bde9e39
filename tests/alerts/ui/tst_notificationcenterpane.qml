import QtQuick
import QtTest
import Pulseboard
import AlertsTest

// NotificationCenterPane as the user sees it: rows for raised and cleared alerts, the
// unacknowledged badge, acknowledge / clear per row and for all, focus on click, and
// text from the network shown as plain text.
// TestCase is not visible itself: components are created in this visible root.
Item {
    id: root
    width: 640
    height: 520

    TestCase {
        id: tc
        name: "NotificationCenterPane"
        when: windowShown

        readonly property string rules: '{"rules":[{"name":"hi","kind":"above","series":"*","raise":10,"clear":5,"severity":"critical"}]}'
        property AlertService service: null
        property var pane: null

        Component {
            id: paneComponent
            NotificationCenterPane { width: 600; height: 480 }
        }
        SignalSpy { id: focusSpy; signalName: "focusRequested" }

        function init() {
            service = Harness.createService()
            compare(service.applyRulesJson(rules), "")
            pane = createTemporaryObject(paneComponent, root, { service: service })
            verify(pane)
            focusSpy.target = service
            focusSpy.clear()
        }

        function list() { return findChild(pane, "notificationList") }
        function row(i) {
            const l = list()
            l.forceLayout()
            return l.itemAtIndex(i)
        }
        function badge() { return findChild(pane, "unacknowledgedBadge") }
        function raise(series, t) { Harness.feed(service, series, t, 11) }

        function test_rowsAndBadge() {
            compare(list().count, 0)
            verify(findChild(pane, "emptyLabel").visible)
            verify(!badge().visible)
            raise("BTC", 1000)
            raise("ETH", 2000)
            Harness.feed(service, "BTC", 3000, 1)   // cleared
            compare(list().count, 3)
            verify(!findChild(pane, "emptyLabel").visible)
            verify(badge().visible)
            compare(badge().text, "3")
            const newest = row(0)
            compare(newest.rule, "hi")
            compare(newest.alertState, "cleared")
            compare(findChild(newest, "stateLabel").text, "cleared")
            compare(findChild(newest, "whatLabel").text, "BTC = 1")
            compare(findChild(row(1), "whatLabel").text, "ETH = 11")
            compare(row(1).severity, "critical")
        }

        function test_acknowledgeOne() {
            raise("BTC", 1000)
            raise("ETH", 2000)
            const first = row(0)
            const button = findChild(first, "acknowledgeButton")
            verify(button.visible)
            mouseClick(button)
            compare(service.unacknowledgedCount, 1)
            compare(badge().text, "1")
            verify(!findChild(row(0), "acknowledgeButton").visible)
            verify(findChild(row(1), "acknowledgeButton").visible)
            compare(findChild(row(0), "unacknowledgedDot").opacity, 0)
            compare(focusSpy.count, 0)   // the button does not also activate the row
        }

        function test_acknowledgeAll() {
            raise("BTC", 1000)
            raise("ETH", 2000)
            const all = findChild(pane, "acknowledgeAllButton")
            verify(all.enabled)
            mouseClick(all)
            compare(service.unacknowledgedCount, 0)
            verify(!badge().visible)
            verify(!all.enabled)
            compare(list().count, 2)   // acknowledged, still listed
        }

        function test_clearOneAndAll() {
            raise("BTC", 1000)
            raise("ETH", 2000)
            raise("SOL", 3000)
            mouseClick(findChild(row(1), "clearButton"))   // ETH
            compare(list().count, 2)
            compare(service.notificationCenter.count, 2)
            compare(findChild(row(0), "whatLabel").text, "SOL = 11")
            compare(findChild(row(1), "whatLabel").text, "BTC = 11")
            compare(badge().text, "2")
            const clearAll = findChild(pane, "clearAllButton")
            mouseClick(clearAll)
            compare(list().count, 0)
            compare(service.unacknowledgedCount, 0)
            verify(!clearAll.enabled)
            verify(findChild(pane, "emptyLabel").visible)
        }

        function test_clickFocusesAndAcknowledges() {
            raise("BTC", 1000)
            mouseClick(row(0), 40, 10)
            compare(focusSpy.count, 1)
            compare(focusSpy.signalArguments[0][0], "series")
            compare(focusSpy.signalArguments[0][1], "BTC")
            compare(service.unacknowledgedCount, 0)
        }

        function test_networkTextIsPlain() {
            raise("<b>bold</b>&amp;", 1000)
            const what = findChild(row(0), "whatLabel")
            compare(what.textFormat, Text.PlainText)
            compare(what.text, "<b>bold</b>&amp; = 11")
        }

        function test_noTrayIsExplained() {
            // Offscreen there is no system tray: the pane says alerts stay in the window.
            compare(service.notifier.desktopAvailable, false)
            const note = findChild(pane, "desktopNote")
            verify(note.visible)
            verify(note.text.indexOf("No system tray") === 0)
        }
    }
}
