import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The dashboard window. main() creates the Workspace and hands it over as the required
// property; everything below binds to it. Layout and choices persist through
// workspace.layout (saved to workspace.json).
ApplicationWindow {
    id: window
    required property Workspace workspace

    readonly property var windows: [10000, 60000, 300000, 3600000, 0]
    readonly property var windowLabels: [qsTr("10 s"), qsTr("1 min"), qsTr("5 min"), qsTr("1 h"), qsTr("All")]
    // Per dashboard (its layout), so each tab keeps its own arrangement.
    readonly property bool tiled: workspace.dashboards.currentLayout !== "stacked"
    readonly property int currentConnection: sidebar.currentRow
    property alias workspaceFiles: workspaceFiles
    property alias dashboardTabs: dashboardTabs
    property alias chatPage: chatPage
    property alias shortcutsDialog: shortcutsDialog
    property bool layoutReady: false

    width: Math.min(1600, Screen.desktopAvailableWidth)
    height: Math.min(1000, Screen.desktopAvailableHeight)
    minimumWidth: 900
    minimumHeight: 600
    visible: true
    title: workspace.connections.count > 0 ? qsTr("Pulseboard — %1").arg(workspace.connections.overallState)
                                           : qsTr("Pulseboard")
    color: Theme.window

    palette {
        window: Theme.window
        windowText: Theme.text
        base: Theme.panel
        alternateBase: Theme.raised
        text: Theme.text
        button: Theme.raised
        buttonText: Theme.text
        highlight: Theme.accent
        highlightedText: Theme.accentText
        placeholderText: Theme.faint
        toolTipBase: Theme.raised
        toolTipText: Theme.text
        mid: Theme.border
        midlight: Theme.hover
        dark: Theme.border
        light: Theme.panel
        shadow: Theme.dark ? "#000000" : "#9aa2ae"
        link: Theme.accent
        brightText: "#ffffff"
    }

    // ---- actions -------------------------------------------------------------------
    function setWindow(i) { workspace.windowMs = windows[i] }
    function setTiled(on) { workspace.dashboards.setLayout(workspace.dashboards.currentIndex, on ? "tiled" : "stacked") }
    function togglePause() { workspace.chartsPaused = !workspace.chartsPaused }
    function newConnection() { connectionDialog.openNew() }
    function editConnection(row) { if (row >= 0) connectionDialog.openEdit(row) }
    function buildProfileFrom(text, row) {
        if (row >= 0)
            connectionDialog.openEdit(row)
        else
            connectionDialog.openNew()
        connectionDialog.builderDialog.builder.sample = text
        connectionDialog.builderDialog.openFor(null, "")
    }
    function removeConnection(row) { removeDialog.row = row; removeDialog.open() }
    function openAlerts(page) { alertsDrawer.page = page; alertsDrawer.open() }
    function openChat() { bottomTabs.currentIndex = 1 }
    function toggleAlerts() { alertsDrawer.opened ? alertsDrawer.close() : openAlerts(0) }
    // An alert was clicked: bring the window up and show what it is about (best effort).
    function showFocus(kind, target) {
        window.raise()
        window.requestActivate()
        if (kind === "notifications") {
            openAlerts(0)
            return
        }
        alertsDrawer.close()
        if (kind === "room") {
            openChat()
            window.workspace.chat.currentRoom = target
        } else if (kind === "user") {
            openChat()
            window.workspace.chat.openPrivate(target)
        } else if (kind === "connection") {
            bottomTabs.currentIndex = 0
            for (let row = 0; row < window.workspace.connections.count; ++row) {
                if (window.workspace.connectionSpec(row).name === target)
                    inspector.connectionRow = row
            }
        } else {
            bottomTabs.currentIndex = 0
        }
    }

    Shortcut { sequence: StandardKey.New; onActivated: window.newConnection() }
    Shortcut { sequences: ["Space", "Ctrl+P"]; onActivated: window.togglePause() }
    Shortcut { sequence: "Escape"; enabled: window.workspace.chartsPaused; onActivated: window.workspace.chartsPaused = false }
    Shortcut { sequence: "Ctrl+E"; onActivated: window.editConnection(sidebar.currentRow) }
    Shortcut { sequence: "Ctrl+T"; onActivated: window.workspace.charts.addChart(qsTr("Chart"), []) }
    Shortcut { sequence: StandardKey.Find; onActivated: inspector.focusFilter() }
    Shortcut { sequence: "Ctrl+L"; onActivated: inspector.clear() }
    Shortcut { sequence: "Ctrl+Shift+P"; onActivated: inspector.togglePause() }
    Shortcut { sequence: "Ctrl+1"; onActivated: window.setWindow(0) }
    Shortcut { sequence: "Ctrl+2"; onActivated: window.setWindow(1) }
    Shortcut { sequence: "Ctrl+3"; onActivated: window.setWindow(2) }
    Shortcut { sequence: "Ctrl+4"; onActivated: window.setWindow(3) }
    Shortcut { sequence: "Ctrl+5"; onActivated: window.setWindow(4) }
    Shortcut { sequence: StandardKey.HelpContents; onActivated: shortcutsDialog.open() }
    Shortcut { sequence: StandardKey.Quit; onActivated: window.close() }
    Shortcut { sequence: "Ctrl+Shift+A"; onActivated: window.toggleAlerts() }
    Shortcut { sequence: "Ctrl+Shift+C"; onActivated: bottomTabs.currentIndex = bottomTabs.currentIndex === 1 ? 0 : 1 }

    // ---- menu and toolbar ----------------------------------------------------------
    menuBar: MainMenuBar { host: window }

    header: MainToolBar { host: window }

    footer: StatusBar { workspace: window.workspace }

    // ---- body ----------------------------------------------------------------------
    component GapHandle: Rectangle {
        implicitWidth: Theme.gap
        implicitHeight: Theme.gap
        color: "transparent"
        Rectangle {
            anchors.centerIn: parent
            width: parent.width > parent.height ? 36 : 2
            height: parent.width > parent.height ? 2 : 36
            radius: 1
            color: Theme.border
            visible: parent.SplitHandle.hovered || parent.SplitHandle.pressed
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap

        Rectangle {
            visible: window.workspace.loadError.length > 0 && !dismissed
            property bool dismissed: false
            Layout.fillWidth: true
            implicitHeight: banner.implicitHeight + 16
            radius: Theme.radius
            color: Qt.rgba(Theme.warning.r, Theme.warning.g, Theme.warning.b, 0.15)
            border.color: Theme.warning
            RowLayout {
                id: banner
                anchors.fill: parent
                anchors.margins: 8
                Label {
                    text: window.workspace.loadError
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: Theme.text
                    Layout.fillWidth: true
                }
                Button { text: qsTr("Dismiss"); onClicked: parent.parent.dismissed = true }
            }
        }

        SplitView {
            id: mainSplit
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: Qt.Horizontal
            handle: GapHandle {}

            ConnectionSidebar {
                id: sidebar
                workspace: window.workspace
                SplitView.preferredWidth: 300
                SplitView.minimumWidth: 220
                handle: GapHandle {}
                onAddRequested: window.newConnection()
                onEditRequested: (row) => window.editConnection(row)
                onRemoveRequested: (row) => window.removeConnection(row)
                onProblem: (text) => workspaceFiles.show(text)
                onCurrentRowChanged: if (currentRow >= 0) inspector.connectionRow = currentRow
            }

            SplitView {
                id: contentSplit
                SplitView.fillWidth: true
                orientation: Qt.Vertical
                handle: GapHandle {}

                ColumnLayout {
                    SplitView.fillHeight: true
                    SplitView.minimumHeight: 200
                    spacing: 2
                    DashboardTabs {
                        id: dashboardTabs
                        objectName: "dashboardTabs"
                        model: window.workspace.dashboards
                        Layout.fillWidth: true
                    }
                    ChartPane {
                        id: chartPane
                        objectName: "chartPane"
                        workspace: window.workspace
                        tiled: window.tiled
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                    }
                }

                SplitView {
                    id: bottomSplit
                    SplitView.preferredHeight: Math.round(contentSplit.height * 0.4)
                    SplitView.minimumHeight: 160
                    orientation: Qt.Horizontal
                    handle: GapHandle {}

                    TickerTable {
                        id: ticker
                        objectName: "ticker"
                        workspace: window.workspace
                        SplitView.preferredWidth: Math.round(Math.min(bottomSplit.width * 0.54, bottomSplit.width - 268))
                        SplitView.minimumWidth: 240
                    }
                    ColumnLayout {
                        SplitView.fillWidth: true
                        SplitView.minimumWidth: 320
                        spacing: 4

                        TabBar {
                            id: bottomTabs
                            objectName: "bottomTabs"
                            Layout.fillWidth: true
                            TabButton { objectName: "inspectorTab"; text: qsTr("Inspector") }
                            TabButton {
                                objectName: "chatTabButton"
                                readonly property int unread: window.workspace.chat.rooms.totalUnread
                                text: unread > 0 ? qsTr("Chat (%1)").arg(unread) : qsTr("Chat")
                                ToolTip.visible: hovered
                                ToolTip.delay: 600
                                ToolTip.text: qsTr("Ctrl+Shift+C")
                            }
                        }
                        StackLayout {
                            currentIndex: bottomTabs.currentIndex
                            Layout.fillWidth: true
                            Layout.fillHeight: true

                            InspectorPane {
                                id: inspector
                                objectName: "inspector"
                                workspace: window.workspace
                                connectionRow: window.workspace.connections.count > 0 ? 0 : -1
                                // "Use as sample for a profile": the connection's editor, then its
                                // profile builder on that message.
                                onSampleForProfile: (text, row) => window.buildProfileFrom(text, row)
                            }
                            ChatPage {
                                id: chatPage
                                objectName: "chatPage"
                                client: window.workspace.chat
                                host: window.workspace.hubHost
                            }
                        }
                    }
                }
            }
        }
    }

    // ---- dialogs -------------------------------------------------------------------
    ConnectionDialog {
        id: connectionDialog
        objectName: "connectionDialog"
        workspace: window.workspace
    }
    Dialog {
        id: removeDialog
        property int row: -1
        title: qsTr("Remove connection")
        modal: true
        anchors.centerIn: parent
        standardButtons: Dialog.Ok | Dialog.Cancel
        Label {
            text: qsTr("Disconnect and remove “%1”? Its series stay until you quit.")
                  .arg(removeDialog.row >= 0 ? window.workspace.connectionSpec(removeDialog.row).name : "")
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            width: 360
        }
        onAccepted: window.workspace.removeConnection(row)
    }
    ShortcutsDialog { id: shortcutsDialog }
    WorkspaceFiles {
        id: workspaceFiles
        workspace: window.workspace
        onSecretsNeeded: (row) => window.editConnection(row)
    }

    // ---- alerts --------------------------------------------------------------------
    AlertToast {
        objectName: "alertToast"
        service: window.workspace.alerts
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 16
        z: 100
    }
    Drawer {
        id: alertsDrawer
        objectName: "alertsDrawer"
        property alias page: alertTabs.currentIndex
        edge: Qt.RightEdge
        width: Math.min(900, window.width - 80)
        height: window.height
        background: Rectangle {
            color: Theme.window
            Rectangle { width: 1; height: parent.height; color: Theme.border }
        }
        ColumnLayout {
            anchors.fill: parent
            spacing: 0
            TabBar {
                id: alertTabs
                Layout.fillWidth: true
                TabButton { objectName: "notificationsTab"; text: qsTr("Notifications") }
                TabButton { objectName: "rulesTab"; text: qsTr("Rules") }
            }
            StackLayout {
                currentIndex: alertTabs.currentIndex
                Layout.fillWidth: true
                Layout.fillHeight: true
                NotificationCenterPane { objectName: "notificationCenter"; service: window.workspace.alerts }
                AlertRuleEditor { objectName: "alertRuleEditor"; service: window.workspace.alerts }
            }
        }
    }
    Binding { target: window.workspace.alerts.notifier; property: "windowActive"; value: window.active }
    Connections {
        target: window.workspace.alerts
        function onFocusRequested(kind, target) { window.showFocus(kind, target) }
    }

    // ---- layout persistence --------------------------------------------------------
    function saveLayout() {
        if (!layoutReady)
            return
        window.workspace.layout = {
            x: window.x, y: window.y, width: window.width, height: window.height,
            maximized: window.visibility === Window.Maximized,
            sidebarWidth: sidebar.width, seriesHeight: sidebar.seriesHeight,
            bottomHeight: bottomSplit.height, tickerWidth: ticker.width,
            theme: Theme.mode,
            tickerSortKey: ticker.sortKey, tickerSortOrder: ticker.sortOrder
        }
    }
    function restoreLayout() {
        const l = window.workspace.layout
        const fits = (v, lo, hi) => typeof v === "number" && v >= lo && v <= hi
        if (fits(l.width, minimumWidth, 20000) && fits(l.height, minimumHeight, 20000)) {
            window.width = l.width
            window.height = l.height
        }
        if (fits(l.x, -100, Screen.desktopAvailableWidth - 100) && fits(l.y, -100, Screen.desktopAvailableHeight - 100)) {
            window.x = l.x
            window.y = l.y
        }
        if (fits(l.sidebarWidth, 200, 2000)) sidebar.SplitView.preferredWidth = l.sidebarWidth
        if (fits(l.seriesHeight, 60, 4000)) sidebar.seriesHeight = l.seriesHeight
        if (fits(l.bottomHeight, 160, 8000)) bottomSplit.SplitView.preferredHeight = l.bottomHeight
        if (fits(l.tickerWidth, 200, 8000)) ticker.SplitView.preferredWidth = l.tickerWidth
        if (l.theme === "light" || l.theme === "dark" || l.theme === "system") Theme.mode = l.theme
        if (typeof l.tickerSortKey === "string") ticker.sortKey = l.tickerSortKey
        if (fits(l.tickerSortOrder, 0, 1)) ticker.sortOrder = l.tickerSortOrder
        if (l.maximized) window.showMaximized()
    }
    Timer { id: layoutTimer; interval: 800; onTriggered: window.saveLayout() }
    onWidthChanged: layoutTimer.restart()
    onHeightChanged: layoutTimer.restart()
    onXChanged: layoutTimer.restart()
    onYChanged: layoutTimer.restart()
    Connections { target: sidebar; function onWidthChanged() { layoutTimer.restart() } }
    Connections { target: bottomSplit; function onHeightChanged() { layoutTimer.restart() } }
    Connections { target: ticker; function onWidthChanged() { layoutTimer.restart() } }
    Connections { target: Theme; function onModeChanged() { layoutTimer.restart() } }
    Connections { target: ticker.model; function onSortChanged() { layoutTimer.restart() } }
    // Series colours a person chose live in the workspace file and act through the
    // SeriesPalette singleton: each follows the other (both ignore a same-value write).
    Connections { target: SeriesPalette; function onOverridesChanged() { window.workspace.seriesColours = SeriesPalette.overrides() } }
    Connections { target: window.workspace; function onSeriesColoursChanged() { SeriesPalette.setOverrides(window.workspace.seriesColours) } }
    onClosing: {
        saveLayout()
        window.workspace.save()
        if (window.workspace.hubHost.hosting)
            window.workspace.hubHost.stop(qsTr("The host closed Pulseboard"))
    }
    Component.onCompleted: { SeriesPalette.setOverrides(workspace.seriesColours); restoreLayout(); layoutReady = true }
}
