import QtQuick
import QtQuick.Controls
import Pulseboard

// The window's menu bar. Actions go to the window given in `host` (Main.qml): its
// workspace, sidebar, dialogs and functions; workspace files through host.workspaceFiles.
MenuBar {
    id: bar
    required property var host
    readonly property Workspace workspace: host.workspace

    Menu {
        title: qsTr("&File")
        MenuItem { text: qsTr("&New connection…"); onTriggered: bar.host.newConnection() }
        MenuItem { text: qsTr("&Edit connection…"); enabled: bar.host.currentConnection >= 0; onTriggered: bar.host.editConnection(bar.host.currentConnection) }
        MenuSeparator {}
        MenuItem { objectName: "openWorkspaceItem"; text: qsTr("&Open workspace…"); onTriggered: bar.host.workspaceFiles.open() }
        MenuItem { text: qsTr("&Save workspace as…"); onTriggered: bar.host.workspaceFiles.saveAs() }
        MenuItem { text: qsTr("New &workspace"); onTriggered: bar.host.workspaceFiles.newWorkspace() }
        Menu {
            id: recentMenu
            title: qsTr("&Recent workspaces")
            enabled: bar.workspace.recentFiles.length > 0
            Instantiator {
                model: bar.workspace.recentFiles
                delegate: MenuItem {
                    required property string modelData
                    text: modelData
                    onTriggered: bar.host.workspaceFiles.openRecent(modelData)
                }
                onObjectAdded: (index, object) => recentMenu.insertItem(index, object)
                onObjectRemoved: (index, object) => recentMenu.removeItem(object)
            }
            MenuSeparator {}
            MenuItem { text: qsTr("Clear the list"); onTriggered: bar.workspace.clearRecentFiles() }
        }
        MenuSeparator {}
        MenuItem { text: qsTr("&Quit"); onTriggered: bar.host.close() }
    }
    Menu {
        title: qsTr("&View")
        MenuItem { text: qsTr("&Tile charts"); checkable: true; checked: bar.host.tiled; onTriggered: bar.host.setTiled(checked) }
        MenuItem { text: qsTr("Add &chart"); onTriggered: bar.workspace.charts.addChart(qsTr("Chart"), []) }
        MenuItem { text: qsTr("New &dashboard"); onTriggered: bar.host.dashboardTabs.add() }
        MenuItem { text: qsTr("Ne&xt dashboard\tCtrl+PgDown"); onTriggered: bar.workspace.dashboards.next() }
        MenuItem { text: qsTr("&Previous dashboard\tCtrl+PgUp"); onTriggered: bar.workspace.dashboards.previous() }
        MenuSeparator {}
        Menu {
            title: qsTr("T&heme")
            Repeater {
                model: [["system", qsTr("Follow the system")], ["light", qsTr("Light")], ["dark", qsTr("Dark")]]
                delegate: MenuItem {
                    required property var modelData
                    text: modelData[1]
                    checkable: true
                    checked: Theme.mode === modelData[0]
                    onTriggered: Theme.mode = modelData[0]
                }
            }
        }
    }
    Menu {
        title: qsTr("&Demo")
        MenuItem {
            text: bar.workspace.demoRunning ? qsTr("&Stop the demo") : qsTr("&Run the demo")
            onTriggered: bar.workspace.demoRunning ? bar.workspace.stopDemo() : bar.workspace.startDemo()
        }
        MenuItem {
            text: qsTr("Run the demo at &launch")
            checkable: true
            checked: bar.workspace.startDemoAtLaunch
            onTriggered: bar.workspace.startDemoAtLaunch = checked
        }
    }
    Menu {
        title: qsTr("&Alerts")
        MenuItem { text: qsTr("&Notifications…"); onTriggered: bar.host.openAlerts(0) }
        MenuItem { text: qsTr("&Rules…"); onTriggered: bar.host.openAlerts(1) }
    }
    Menu {
        title: qsTr("&Chat")
        MenuItem { text: qsTr("&Join a session…"); onTriggered: { bar.host.openChat(); bar.host.chatPage.openJoin() } }
        MenuItem { text: qsTr("&Host a session…"); onTriggered: { bar.host.openChat(); bar.host.chatPage.openHost() } }
        MenuItem {
            text: qsTr("&Stop hosting")
            enabled: bar.workspace.hubHost.hosting
            onTriggered: bar.workspace.hubHost.stop(qsTr("The host closed the session"))
        }
    }
    Menu {
        title: qsTr("&Help")
        MenuItem { text: qsTr("&Keyboard shortcuts"); onTriggered: bar.host.shortcutsDialog.open() }
    }
}
