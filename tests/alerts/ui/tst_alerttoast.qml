import QtQuick
import QtTest
import Pulseboard
import AlertsTest

// AlertToast and AlertBadge: toasts appear for throttled notifications, stack up to a
// bound, dismiss themselves, and focus what they are about when clicked; the badge
// counts unacknowledged alerts.
// TestCase is not visible itself: components are created in this visible root.
Item {
    id: root
    width: 600
    height: 600

    TestCase {
        id: tc
        name: "AlertToastAndBadge"
        when: windowShown

        property AlertService service: null

        Component { id: toastComponent; AlertToast {} }
        Component { id: badgeComponent; AlertBadge {} }
        SignalSpy { id: focusSpy; signalName: "focusRequested" }

        function init() {
            service = Harness.createService()
            compare(service.applyRulesJson('{"rules":[{"name":"hi","kind":"above","series":"*","raise":10,"severity":"critical"}]}'), "")
            focusSpy.target = service
            focusSpy.clear()
        }

        function test_toastShowsAndDismissesItself() {
            const toast = createTemporaryObject(toastComponent, root, { service: service, timeoutMs: 60 })
            compare(toast.count, 0)
            verify(!toast.visible)
            Harness.feed(service, "<i>BTC</i>", 1000, 11)
            compare(toast.count, 1)
            verify(toast.visible)
            const title = findChild(toast, "toastTitle")
            compare(title.text, "hi")
            const body = findChild(toast, "toastBody")
            compare(body.textFormat, Text.PlainText)
            compare(body.text, "hi raised: <i>BTC</i> = 11")
            tryCompare(toast, "count", 0, 3000)   // critical: twice timeoutMs
        }

        function test_toastsAreBounded() {
            const toast = createTemporaryObject(toastComponent, root, { service: service, maxToasts: 3 })
            service.throttle.coalesceMs = 0
            for (let i = 0; i < 8; ++i) {
                Harness.feed(service, "s" + i, 1000 + i, 11)
            }
            compare(service.notificationCenter.count, 8)
            compare(toast.count, 3)   // throttle let 5 through, the stack keeps the newest 3
        }

        function test_clickFocusesAndDismisses() {
            const toast = createTemporaryObject(toastComponent, root, { service: service })
            Harness.feed(service, "BTC", 1000, 11)
            const card = findChild(toast, "toast")
            mouseClick(card, 20, card.height - 8)
            compare(focusSpy.count, 1)
            compare(focusSpy.signalArguments[0][0], "series")
            compare(focusSpy.signalArguments[0][1], "BTC")
            compare(toast.count, 0)
        }

        function test_closeButton() {
            const toast = createTemporaryObject(toastComponent, root, { service: service })
            Harness.feed(service, "BTC", 1000, 11)
            mouseClick(findChild(toast, "toastClose"))
            compare(toast.count, 0)
            compare(focusSpy.count, 0)
        }

        function test_badgeCounts() {
            const badge = createTemporaryObject(badgeComponent, root, { service: service })
            const bubble = findChild(badge, "badgeBubble")
            verify(!bubble.visible)
            Harness.feed(service, "a", 1000, 11)
            verify(bubble.visible)
            compare(findChild(badge, "badgeCount").text, "1")
            for (let i = 0; i < 120; ++i)
                Harness.feed(service, "s" + i, 1000, 11)
            compare(findChild(badge, "badgeCount").text, "99+")
            service.notificationCenter.acknowledgeAll()
            verify(!bubble.visible)
            compare(badge.count, 0)
        }
    }
}
