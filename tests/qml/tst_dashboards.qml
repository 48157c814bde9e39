import QtQuick
import QtTest
import Pulseboard
import PulseboardTest

// Dashboards and context menus on the real Workspace: tabs are added, renamed in place,
// closed and brought back, reordered by drag and by keyboard, and switched with
// Ctrl+PgUp/PgDn while workspace.charts follows the current tab; the connection card's
// menu (duplicate, copy URL, pause/resume) and "Reconnect now" on a feed that is refused
// on loopback; the series list's menu and the inspector's message menu on a live feed
// from the test hub.
Item {
    id: root
    width: 1200
    height: 800

    DashboardTabs {
        id: tabs
        width: 900
        model: TestWorkspace.dashboards
    }
    ConnectionSidebar {
        id: sidebar
        y: 60
        width: 360
        height: 700
        workspace: TestWorkspace
    }
    InspectorPane {
        id: inspector
        x: 380
        y: 60
        width: 800
        height: 700
        workspace: TestWorkspace
    }
    SignalSpy { id: sampleSpy; target: inspector; signalName: "sampleForProfile" }

    TestCase {
        name: "Dashboards"
        when: windowShown

        function tab(i) { return findChild(tabs, "dashboardTab_" + i) }
        function names() {
            const out = []
            for (let i = 0; i < TestWorkspace.dashboards.count; ++i)
                out.push(TestWorkspace.dashboards.nameAt(i))
            return out
        }

        function test_0_addRenameInPlace() {
            const before = TestWorkspace.dashboards.count
            mouseClick(findChild(tabs, "addDashboardButton"))
            compare(TestWorkspace.dashboards.count, before + 1)
            compare(TestWorkspace.dashboards.currentIndex, before)
            compare(TestWorkspace.charts, TestWorkspace.dashboards.currentCharts)
            compare(TestWorkspace.charts.count, 0)            // a new tab starts empty
            tryVerify(() => tab(before) !== null)   // the view makes the delegate on its next polish
            const field = findChild(tab(before), "renameField")
            tryVerify(() => field.visible && field.activeFocus)   // rename starts at once
            keyClick(Qt.Key_A, Qt.ControlModifier)
            for (const ch of "Markets")
                keyClick(ch)
            keyClick(Qt.Key_Return)
            compare(TestWorkspace.dashboards.nameAt(before), "Markets")
            verify(!field.visible)
            // F2 renames the current tab too; Escape keeps the old name.
            keyClick(Qt.Key_F2)
            tryVerify(() => field.visible && field.activeFocus)
            keyClick("x")
            keyClick(Qt.Key_Escape)
            compare(TestWorkspace.dashboards.nameAt(before), "Markets")
        }

        // Double-click on a tab renames it in place: Enter commits, Escape cancels, and a
        // blank name, one with control characters or over 60 characters is refused with
        // the reason shown while the old name stays.
        function test_0b_doubleClickRename() {
            const row = 0
            TestWorkspace.dashboards.currentIndex = row
            tryVerify(() => tab(row) !== null)
            const t = tab(row)
            const field = findChild(t, "renameField")
            const old = TestWorkspace.dashboards.nameAt(row)
            verify(!field.visible)
            mouseDoubleClickSequence(t, t.width / 3, t.height / 2)
            tryVerify(() => field.visible && field.activeFocus)
            compare(field.selectedText, old)                    // the whole name, ready to retype
            keyClick("z")
            keyClick(Qt.Key_Escape)                              // cancels
            verify(!field.visible)
            compare(TestWorkspace.dashboards.nameAt(row), old)

            mouseDoubleClickSequence(t, t.width / 3, t.height / 2)
            tryVerify(() => field.visible && field.activeFocus)
            keyClick(Qt.Key_A, Qt.ControlModifier)
            for (const ch of "Ops")
                keyClick(ch)
            keyClick(Qt.Key_Return)                              // commits
            compare(TestWorkspace.dashboards.nameAt(row), "Ops")
            verify(!field.visible)

            mouseDoubleClickSequence(t, t.width / 3, t.height / 2)
            tryVerify(() => field.visible && field.activeFocus)
            keyClick(Qt.Key_A, Qt.ControlModifier)
            keyClick(Qt.Key_Backspace)
            keyClick(Qt.Key_Return)                              // blank: refused, still editing
            verify(field.visible)
            verify(field.problem.indexOf("needs a name") >= 0, field.problem)
            compare(TestWorkspace.dashboards.nameAt(row), "Ops")
            field.text = "bad\u0007name"                         // pasted control character
            compare(field.problem, "")                           // a new text clears the reason
            keyClick(Qt.Key_Return)
            verify(field.visible)
            verify(field.problem.indexOf("control characters") >= 0, field.problem)
            compare(TestWorkspace.dashboards.nameAt(row), "Ops")
            keyClick(Qt.Key_A, Qt.ControlModifier)
            for (let i = 0; i < 70; ++i)
                keyClick("x")
            compare(field.text.length, 60)                       // typing stops at the limit
            verify(TestWorkspace.dashboards.rename(row, "y".repeat(61)).indexOf("at most 60") >= 0)
            keyClick(Qt.Key_Return)
            compare(TestWorkspace.dashboards.nameAt(row), "x".repeat(60))
            verify(!field.visible)
            compare(TestWorkspace.dashboards.rename(row, old), "")
        }

        function test_1_closeAndUndo() {
            const n = TestWorkspace.dashboards.count
            const row = n - 1
            TestWorkspace.dashboards.currentIndex = row
            const name = TestWorkspace.dashboards.nameAt(row)
            tryVerify(() => tab(row) !== null)
            const close = findChild(tab(row), "closeTabButton")
            tryVerify(() => close.visible)
            mouseClick(close)
            compare(TestWorkspace.dashboards.count, n - 1)
            const bar = findChild(tabs, "undoCloseBar")
            verify(bar.visible)
            compare(TestWorkspace.charts, TestWorkspace.dashboards.currentCharts)
            mouseClick(findChild(tabs, "undoCloseButton"))
            compare(TestWorkspace.dashboards.count, n)
            compare(TestWorkspace.dashboards.nameAt(row), name)
            verify(!bar.visible)
        }

        function test_2_keyboardSwitchAndMove() {
            while (TestWorkspace.dashboards.count < 3)
                TestWorkspace.dashboards.addDashboard("Extra")
            TestWorkspace.dashboards.currentIndex = 0
            keyClick(Qt.Key_PageDown, Qt.ControlModifier)
            compare(TestWorkspace.dashboards.currentIndex, 1)
            keyClick(Qt.Key_PageUp, Qt.ControlModifier)
            compare(TestWorkspace.dashboards.currentIndex, 0)
            keyClick(Qt.Key_PageUp, Qt.ControlModifier)        // wraps around
            compare(TestWorkspace.dashboards.currentIndex, TestWorkspace.dashboards.count - 1)
            TestWorkspace.dashboards.currentIndex = 0
            const first = names()[0]
            keyClick(Qt.Key_PageDown, Qt.ControlModifier | Qt.ShiftModifier)
            compare(names()[1], first)
            compare(TestWorkspace.dashboards.currentIndex, 1)  // it stays current as it moves
        }

        function test_3_dragReorders() {
            const before = names()
            tryVerify(() => tab(0) !== null && tab(2) !== null)
            const t = tab(0)
            verify(t.width >= 40)
            verify(TestWorkspace.dashboards.count === 3)
            // Into the middle of the last slot (the drag threshold is not counted).
            mouseDrag(t, t.width / 2, t.height / 2, (t.width + 2) * 2.5, 0)
            tryCompare(TestWorkspace.dashboards, "count", before.length)
            const after = names()
            compare(after[2], before[0])
            compare(after[0], before[1])
        }

        function test_4_menuDuplicateAndLayout() {
            TestWorkspace.dashboards.currentIndex = 0
            TestWorkspace.charts.addChart("kept", ["a"])
            const n = TestWorkspace.dashboards.count
            mouseClick(tab(0), 10, 10, Qt.RightButton)
            const menu = findChild(tab(0), "tabMenu")
            tryVerify(() => menu.visible)
            findChild(menu, "duplicateTab").triggered()
            menu.close()
            compare(TestWorkspace.dashboards.count, n + 1)
            compare(TestWorkspace.charts.count, TestWorkspace.dashboards.chartsAt(0).count)
            TestWorkspace.dashboards.setLayout(1, "stacked")
            compare(TestWorkspace.dashboards.currentLayout, "stacked")
        }

        // ---- context menus -----------------------------------------------------------
        function card(i) {
            const list = findChild(sidebar, "connectionList")
            return list.itemAtIndex(i)
        }

        function test_5_cardMenuAndReconnectNow() {
            compare(TestWorkspace.addConnection({ url: "ws://127.0.0.1:9/refused", name: "Refused" }), "")
            const row = TestWorkspace.connections.count - 1
            tryVerify(() => card(row) !== null)
            const c = card(row)
            // Copy URL (as shown, no credentials) and duplicate.
            c.menu.popup()
            const copy = findChild(c.menu, "copyUrlItem")
            verify(copy)
            copy.triggered()
            compare(findChild(c, "cardClipboard").lastCopied, "ws://127.0.0.1:9/refused")
            c.menu.close()
            findChild(c.menu, "duplicateItem").triggered()
            compare(TestWorkspace.connections.count, row + 2)
            compare(TestWorkspace.connectionSpec(row + 1).name, "Refused (2)")
            TestWorkspace.removeConnection(row + 1)
            // A feed that is refused waits between attempts: "Reconnect now" retries at once.
            const model = TestWorkspace.connections
            const connection = model.data(model.index(row, 0), ConnectionListModel.ConnectionRole)
            tryCompare(connection, "state", "Reconnecting", 10000)
            const button = findChild(c, "reconnectNowButton")
            tryVerify(() => button.visible)
            verify(findChild(c.menu, "reconnectItem").enabled)
            const attempts = connection.reconnects
            mouseClick(button)
            tryVerify(() => connection.reconnects > attempts, 3000, "retried without waiting")
            // Pause, then resume.
            const pause = findChild(c.menu, "pauseItem")
            compare(pause.text, "Pause")
            pause.triggered()
            tryCompare(connection, "state", "Closed")
            tryCompare(pause, "text", "Resume")
            pause.triggered()
            tryVerify(() => connection.state !== "Closed")
            TestWorkspace.removeConnection(row)
        }

        function test_6_seriesAndMessageMenus() {
            compare(TestWorkspace.addConnection({ url: TestHub.url("menus"), name: "menus" }), "")
            const row = TestWorkspace.connections.count - 1
            inspector.connectionRow = row
            tryVerify(() => inspector.connection && inspector.connection.live, 10000)
            verify(TestHub.publish("menus", '{"menu_probe":{"temp":21.5}}'))
            // The series list: right-click a series, "Copy name", "New chart with it".
            const view = findChild(sidebar, "seriesListView")
            tryVerify(() => {
                for (let i = 0; i < view.count; ++i)
                    if (view.itemAtIndex(i) && view.itemAtIndex(i).name.indexOf("temp") >= 0)
                        return true
                return false
            }, 10000, "the series appeared")
            let item = null
            for (let i = 0; i < view.count; ++i)
                if (view.itemAtIndex(i) && view.itemAtIndex(i).name.indexOf("temp") >= 0)
                    item = view.itemAtIndex(i)
            mouseClick(item, 10, 5, Qt.RightButton)
            tryVerify(() => item.menu.visible)
            findChild(item.menu, "copySeriesName").triggered()
            compare(findChild(sidebar, "seriesClipboard").lastCopied, item.name)
            item.menu.close()
            const charts = TestWorkspace.charts.count
            item.menu.popup()
            TestWorkspace.charts.addChart(item.name, [item.name])   // what "New chart with…" calls
            compare(TestWorkspace.charts.count, charts + 1)
            item.menu.close()

            // The inspector: right-click a message: copy, copy as pretty JSON, use as sample.
            const list = inspector.messageList
            let msg = null
            tryVerify(() => {
                for (let i = 0; i < list.count; ++i) {
                    const r = list.itemAtIndex(i)
                    if (r && r.text.indexOf("menu_probe") >= 0) { msg = r; return true }
                }
                return false
            }, 5000)
            mouseClick(msg, 20, 5, Qt.RightButton)
            const menu = findChild(inspector, "messageMenu")
            tryVerify(() => menu.visible)
            findChild(menu, "copyMessageJson").triggered()
            compare(findChild(inspector, "inspectorClipboard").lastCopied,
                    JSON.stringify({ menu_probe: { temp: 21.5 } }, null, 2))
            findChild(menu, "copyMessage").triggered()
            compare(findChild(inspector, "inspectorClipboard").lastCopied, '{"menu_probe":{"temp":21.5}}')
            findChild(menu, "useAsSample").triggered()
            compare(sampleSpy.count, 1)
            compare(sampleSpy.signalArguments[0][0], '{"menu_probe":{"temp":21.5}}')
            compare(sampleSpy.signalArguments[0][1], row)
            menu.close()
            // Not JSON: the JSON actions are off.
            inspector.openMessageMenu("plain <b>text</b>")
            verify(!findChild(menu, "copyMessageJson").enabled)
            verify(!findChild(menu, "useAsSample").enabled)
            menu.close()
        }
    }
}
