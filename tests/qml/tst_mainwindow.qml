import QtQuick
import QtTest
import Pulseboard
import PulseboardTest

// The default run: the main window loads with the embedded demo, charts receive points
// at frame rate, the ticker and inspector fill, the pause button pauses every chart; the
// alert badge opens the notification center and the rules, the Chat tab shows the chat.
TestCase {
    id: testCase
    name: "MainWindow"
    property var window: null

    function initTestCase() {
        compare(TestWorkspace.startDemo(), "")
        const component = Qt.createComponent("qrc:/Pulseboard/qml/Main.qml")
        compare(component.status, Component.Ready, component.errorString())
        window = component.createObject(null, { workspace: TestWorkspace })
        verify(window, "Main.qml created")
        tryVerify(() => window.visible)
    }

    function cleanupTestCase() {
        window.destroy()
    }

    function test_0_chartsReceivePoints() {
        const repeater = findChild(window.contentItem, "chartRepeater")
        verify(repeater)
        tryCompare(repeater, "count", TestWorkspace.charts.count)
        verify(repeater.count >= 1)
        const card = repeater.itemAt(0)
        compare(card.series[0], "BTCUSD")
        tryVerify(() => card.feeder.pointsDrawn > 0, 15000, "the first chart drew points")
        const frames = card.feeder.framesDrawn
        tryVerify(() => card.feeder.framesDrawn > frames, 5000, "and keeps drawing as ticks arrive")
        // Frame rate, not message rate: far fewer frames than messages.
        const chart = findChild(card, "chartView")
        verify(chart)
        compare(chart.count, card.series.length)
        verify(chart.series(0).count > 0)
        // The sensor chart fills too (ISO 8601 timestamps through the other profile).
        tryVerify(() => repeater.itemAt(2).feeder.pointsDrawn > 0, 15000)
    }

    function test_1_tickerAndInspectorFill() {
        const ticker = findChild(window.contentItem, "tickerList")
        verify(ticker)
        tryVerify(() => ticker.count >= 10, 10000, "market symbols and sensor readings in the ticker")
        const inspector = findChild(window.contentItem, "messageList")
        tryVerify(() => inspector.count > 20, 10000, "the inspector shows the live log")
        const state = findChild(window.footer, "overallState")
        tryCompare(state, "text", "All 2 feeds live", 10000)
    }

    function test_2_pauseButtonPausesEveryChart() {
        const button = findChild(window.header, "pauseChartsButton")
        verify(button)
        mouseClick(button)
        verify(TestWorkspace.chartsPaused)
        const card = findChild(window.contentItem, "chartRepeater").itemAt(1)
        verify(card.feeder.paused)
        wait(100)   // pausing itself redraws once (a view change)
        const frames = card.feeder.framesDrawn
        wait(300)   // ticks keep arriving; a paused chart must not redraw for them
        compare(card.feeder.framesDrawn, frames)
        mouseClick(button)
        verify(!TestWorkspace.chartsPaused)
        verify(!card.feeder.paused)
    }

    function test_3_timeWindowButtons() {
        const tenSeconds = findChild(window.header, "window_0")
        mouseClick(tenSeconds)
        compare(TestWorkspace.windowMs, 10000)
        const card = findChild(window.contentItem, "chartRepeater").itemAt(0)
        tryVerify(() => card.feeder.xMax.getTime() - card.feeder.xMin.getTime() === 10000)
        mouseClick(findChild(window.header, "window_1"))
        compare(TestWorkspace.windowMs, 60000)
    }

    function test_4_alertBadgeOpensNotificationCenter() {
        const badge = findChild(window.header, "alertBadge")
        verify(badge, "the alert badge is in the toolbar")
        compare(badge.service, TestWorkspace.alerts)
        const drawer = findChild(window, "alertsDrawer")
        verify(drawer)
        verify(!drawer.opened)
        mouseClick(badge)
        tryVerify(() => drawer.opened)
        const center = findChild(drawer.contentItem, "notificationCenter")
        verify(center, "the notification center is in the drawer")
        verify(center.visible)
        const rules = findChild(drawer.contentItem, "alertRuleEditor")
        verify(rules)
        verify(!rules.visible)
        mouseClick(findChild(drawer.contentItem, "rulesTab"))
        tryVerify(() => rules.visible && !center.visible)
        drawer.close()
        tryVerify(() => !drawer.visible)
        // The menu entries and Ctrl+Shift+A open the same drawer on a chosen page.
        window.openAlerts(0)
        tryVerify(() => drawer.opened && center.visible)
        drawer.close()
        tryVerify(() => !drawer.visible)
        // A click on an alert about the notifications brings the center up.
        TestWorkspace.alerts.requestFocus("notifications", "")
        tryVerify(() => drawer.opened && center.visible)
        drawer.close()
        tryVerify(() => !drawer.visible)
        compare(TestWorkspace.alerts.notifier.windowActive, window.active)
    }

    function test_5_chatTab() {
        const tabs = findChild(window.contentItem, "bottomTabs")
        verify(tabs)
        compare(tabs.currentIndex, 0, "the inspector is the default tab")
        const inspector = findChild(window.contentItem, "inspector")
        const chat = findChild(window.contentItem, "chatPage")
        verify(inspector.visible)
        verify(chat)
        verify(!chat.visible)
        const chatTab = findChild(window.contentItem, "chatTabButton")
        verify(chatTab)
        compare(chatTab.text, "Chat")
        mouseClick(chatTab)
        compare(tabs.currentIndex, 1)
        tryVerify(() => chat.visible && !inspector.visible)
        compare(chat.client, TestWorkspace.chat)
        compare(chat.host, TestWorkspace.hubHost)
        verify(TestWorkspace.hubHost.dataDir.length > 0, "hosted history is kept on disk")
        verify(findChild(chat, "chatPane"))
        // An alert about a room opens the chat on that room.
        mouseClick(findChild(window.contentItem, "inspectorTab"))
        tryVerify(() => inspector.visible)
        TestWorkspace.alerts.requestFocus("room", "lobby")
        compare(tabs.currentIndex, 1)
        mouseClick(findChild(window.contentItem, "inspectorTab"))
        compare(tabs.currentIndex, 0)
    }

    // The inspector's "Use as sample for a profile" opens that connection's editor and its
    // profile builder on the message, which the builder then shows as fields.
    function test_6_inspectorSampleOpensTheProfileBuilder() {
        const inspector = findChild(window.contentItem, "inspector")
        const sample = '{"type":"tick","symbol":"BTCUSD","price":"64321.5","ts":1700000000000}'
        inspector.sampleForProfile(sample, 0)
        const editor = findChild(window.contentItem, "connectionDialog")
        verify(editor)
        tryCompare(editor, "opened", true)
        const builderDialog = editor.builderDialog
        tryCompare(builderDialog, "opened", true)
        compare(builderDialog.builder.sample, sample)
        builderDialog.close()
        editor.close()
        tryCompare(editor, "visible", false)
    }

    // A colour chosen for a series reaches the workspace (and so its file), and a workspace
    // whose colours change (Open) recolours the charts: Main.qml keeps the two in step.
    function test_7_seriesColoursFollowTheWorkspace() {
        const card = findChild(window.contentItem, "chartRepeater").itemAt(0)
        const name = card.series[0]
        const other = (SeriesPalette.ownHue(name) + 3) % SeriesPalette.size
        verify(SeriesPalette.setHue(name, other))
        compare(TestWorkspace.seriesColours[name], other)
        const line = findChild(card, "chartView").series(name)
        compare(line.color, SeriesPalette.swatch(other, Theme.dark))
        const fromFile = {}
        fromFile[name] = (other + 1) % SeriesPalette.size
        TestWorkspace.seriesColours = fromFile
        compare(SeriesPalette.hueFor(name), (other + 1) % SeriesPalette.size)
        compare(line.color, SeriesPalette.swatch((other + 1) % SeriesPalette.size, Theme.dark))
        TestWorkspace.seriesColours = {}
        compare(SeriesPalette.hueFor(name), SeriesPalette.ownHue(name))
        compare(Object.keys(TestWorkspace.seriesColours).length, 0)
        // From the legend row's series menu, as a person picks it.
        const item = findChild(card, "colourItem_" + other)
        verify(item, "the series menu's colour items")
        item.triggered()
        compare(SeriesPalette.hueFor(name), other)
        compare(TestWorkspace.seriesColours[name], other)
        compare(line.color, SeriesPalette.swatch(other, Theme.dark))
        TestWorkspace.seriesColours = {}
    }
}
