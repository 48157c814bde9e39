import QtQuick
import QtTest
import Pulseboard

// The notification center driven from QML the way the UI will: rules applied as JSON,
// events from AlertEngine into NotificationCenter and AlertThrottle, then acknowledge
// and clear through the model's invokables.
TestCase {
    id: root
    name: "NotificationCenterQml"

    readonly property string rulesJson: '{"rules":[{"name":"hi","kind":"above","series":"*","raise":10,"clear":5,"severity":"critical"}]}'
    property var lastEvent
    property AlertThrottle throttle: null   // a fresh one per test: its windows are state

    AlertEngine {
        id: engine
        onAlertEvent: (e) => { root.lastEvent = e; center.addEvent(e); if (root.throttle) root.throttle.onAlertEvent(e) }
    }
    NotificationCenter { id: center }
    Component { id: throttleComponent; AlertThrottle {} }
    SignalSpy { id: notifications; target: root.throttle; signalName: "notificationReady" }
    Repeater {
        id: rows
        model: center
        delegate: Item {
            required property string rule
            required property string alertState
            required property string severity
            required property string source
            required property double value
            required property bool acknowledged
        }
    }

    function init() {
        compare(engine.applyRulesJson(rulesJson), "")
        center.clearAll()
        throttle = createTemporaryObject(throttleComponent, root)
        notifications.clear()
    }

    function test_rulesErrorsAreReadable() {
        const error = engine.applyRulesJson('{"rules":[{"name":"hi","kind":"above","series":"x","raise":10,"clear":50}]}')
        compare(error, 'rules: rule "hi" (rules[0]): field "clear": must be a number below "raise" for an "above" rule')
        compare(engine.ruleCount, 1)
        verify(engine.rulesJson().indexOf('"raise": 10') > 0)
    }

    function test_eventReachesQml() {
        engine.onSample("BTC", 1000, 11)
        compare(lastEvent.rule, "hi")
        compare(lastEvent.source, "BTC")
        compare(lastEvent.value, 11)
        compare(lastEvent.t, 1000)
        compare(lastEvent.toNdjson === undefined, true)   // data only, not methods
    }

    function test_acknowledgeAndClear() {
        engine.onSample("x", 1000, 11)
        engine.onSample("x", 2000, 4)
        compare(center.count, 2)
        compare(center.unacknowledgedCount, 2)
        compare(rows.count, 2)
        compare(rows.itemAt(0).alertState, "cleared")
        compare(rows.itemAt(1).alertState, "raised")
        compare(rows.itemAt(1).severity, "critical")
        compare(rows.itemAt(1).value, 11)

        center.acknowledge(1)
        compare(center.unacknowledgedCount, 1)
        compare(rows.itemAt(1).acknowledged, true)
        compare(rows.itemAt(0).acknowledged, false)

        center.clear(0)
        compare(center.count, 1)
        compare(rows.itemAt(0).alertState, "raised")
        compare(center.unacknowledgedCount, 0)

        engine.onSample("y", 3000, 12)
        center.acknowledgeAll()
        compare(center.unacknowledgedCount, 0)
        center.clearAll()
        compare(center.count, 0)
        compare(rows.count, 0)
    }

    function test_stormControl() {
        for (let i = 0; i < 7; ++i)
            engine.onSample("s" + i, 1000 + i, 20)
        compare(center.count, 7)              // the history keeps everything
        compare(notifications.count, 1)       // one rule: its repeats are coalesced
        throttle.advanceTime(61000)
        compare(notifications.count, 2)
        compare(notifications.signalArguments[1][0].title, "hi: 6 more times")
        compare(notifications.signalArguments[1][0].count, 6)
    }
}
