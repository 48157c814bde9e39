import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The workspace's dashboards as tabs above the chart pane (DashboardListModel). Click to
// switch; double-click, F2 or the menu to rename in place; drag, or Ctrl+Shift+PgUp/PgDn,
// to reorder; × to close (Undo stays offered for 10 s); + to add; right-click for
// rename / duplicate / layout / close. Ctrl+PgUp / Ctrl+PgDn switch tabs.
Item {
    id: tabs
    required property DashboardListModel model
    property int renaming: -1          // row being renamed in place, -1 = none
    // Room for the tabs: the width less the + button and the Undo offer; tabs share it,
    // each between 4 and 11 em (their names elide).
    readonly property real available: width - addButton.implicitWidth - 12
                                      - (undoBar.visible ? undoBar.implicitWidth + 8 : 0)
    readonly property real tabWidth: Math.max(Theme.em * 4,
        Math.min(Theme.em * 11, available / Math.max(1, model.count) - list.spacing))

    implicitHeight: Math.round(Theme.em * 2)

    function add() {
        const row = model.addDashboard(qsTr("Dashboard"))
        if (row >= 0)
            renaming = row
    }
    function close(row) {
        if (model.close(row))
            undoTimer.restart()
    }
    function move(from, to) {
        if (to >= 0 && to < model.count && to !== from) {
            model.move(from, to)
        }
    }

    Shortcut { sequence: "Ctrl+PgDown"; onActivated: tabs.model.next() }
    Shortcut { sequence: "Ctrl+PgUp"; onActivated: tabs.model.previous() }
    Shortcut { sequence: "Ctrl+Shift+PgDown"; onActivated: tabs.move(tabs.model.currentIndex, tabs.model.currentIndex + 1) }
    Shortcut { sequence: "Ctrl+Shift+PgUp"; onActivated: tabs.move(tabs.model.currentIndex, tabs.model.currentIndex - 1) }
    Shortcut { sequence: "F2"; onActivated: tabs.renaming = tabs.model.currentIndex }
    Timer { id: undoTimer; objectName: "undoTimer"; interval: 10000 }

    // A Row, not a RowLayout: the list's width follows the tab count at once, so a new
    // tab's delegate exists as soon as it is added.
    Row {
        anchors.left: parent.left
        height: parent.height
        spacing: 4

        ListView {
            id: list
            objectName: "dashboardTabList"
            height: parent.height
            width: Math.min(tabs.available, (tabs.tabWidth + spacing) * tabs.model.count)
            orientation: ListView.Horizontal
            interactive: false
            spacing: 2
            clip: true
            model: tabs.model

            delegate: Rectangle {
                id: tab
                required property int index
                required property string name
                required property bool current
                required property int chartCount
                required property bool isTransient
                readonly property bool editing: tabs.renaming === index
                property real dragX: 0   // the drag's offset, kept until it is dropped
                // Where a drag would drop it: the slot under the tab's centre.
                readonly property int dropIndex: Math.max(0, Math.min(tabs.model.count - 1,
                    Math.floor((x + dragX + width / 2) / (tabs.tabWidth + list.spacing))))

                objectName: "dashboardTab_" + index
                width: tabs.tabWidth
                height: list.height
                z: drag.active ? 2 : 0
                radius: Theme.radius
                color: current ? Theme.panel : hover.hovered ? Theme.hover : "transparent"
                border.color: current ? Theme.border : "transparent"
                transform: Translate { x: drag.active ? tab.dragX : 0 }

                Rectangle {   // the current tab's accent
                    visible: tab.current
                    anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: 1 }
                    height: 2
                    color: Theme.accent
                }

                HoverHandler { id: hover }
                DragHandler {
                    id: drag
                    target: null
                    yAxis.enabled: false
                    enabled: !tab.editing
                    onActiveTranslationChanged: if (active) tab.dragX = activeTranslation.x
                    onActiveChanged: {
                        if (!active)
                            tabs.move(tab.index, tab.dropIndex)
                        tab.dragX = 0
                    }
                }
                TapHandler {
                    acceptedButtons: Qt.LeftButton
                    onTapped: tabs.model.currentIndex = tab.index
                }
                // Double-click renames. A MouseArea, not TapHandler.onDoubleTapped: it
                // takes the platform's double-click event, which is also what QtQuickTest's
                // mouseDoubleClickSequence sends (its clicks are stamped 500 ms apart, so
                // a TapHandler never counts two taps). It takes the press, but Qt Quick
                // still hands the press to the handlers above: the TapHandler selects and
                // the DragHandler takes over past the drag threshold.
                MouseArea {
                    objectName: "tabDoubleClick"
                    anchors.fill: parent
                    acceptedButtons: Qt.LeftButton
                    enabled: !tab.editing
                    onDoubleClicked: tabs.renaming = tab.index
                }
                TapHandler {
                    acceptedButtons: Qt.RightButton
                    onTapped: { tabs.model.currentIndex = tab.index; menu.popup() }
                }

                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 8
                    anchors.rightMargin: 2
                    spacing: 2
                    Label {
                        objectName: "tabLabel"
                        visible: !tab.editing
                        text: tab.name
                        textFormat: Text.PlainText
                        elide: Text.ElideRight
                        font.bold: tab.current
                        font.italic: tab.isTransient
                        color: tab.current ? Theme.text : Theme.muted
                        Layout.fillWidth: true
                        ToolTip.visible: hover.hovered && truncated
                        ToolTip.delay: 600
                        ToolTip.text: tab.name
                    }
                    TextField {
                        id: field
                        objectName: "renameField"
                        // Why the model refused the name (blank, control characters): the
                        // editor stays open with the reason until it is fixed or Escape.
                        property string problem: ""
                        visible: tab.editing
                        text: tab.name
                        maximumLength: 60   // DashboardListModel::MaxNameLength: typing stops there
                        selectByMouse: true
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        function begin() { text = tab.name; problem = ""; forceActiveFocus(); selectAll() }
                        function commit() {
                            problem = tabs.model.rename(tab.index, text)
                            if (problem === "")
                                tabs.renaming = -1
                        }
                        onVisibleChanged: if (visible) begin()
                        onTextChanged: problem = ""
                        // A new tab is created already renaming: no visibleChanged then.
                        Component.onCompleted: if (visible) Qt.callLater(begin)
                        onAccepted: commit()
                        // Clicking away keeps a good name and drops a refused one.
                        onActiveFocusChanged: if (!activeFocus && tab.editing) { commit(); tabs.renaming = -1 }
                        Keys.onEscapePressed: { text = tab.name; tabs.renaming = -1 }
                        background: Rectangle {
                            color: Theme.panel
                            radius: Theme.radius
                            border.width: 1
                            border.color: field.problem !== "" ? Theme.danger : field.activeFocus ? Theme.accent : Theme.border
                        }
                        ToolTip.visible: problem !== ""
                        ToolTip.text: problem
                    }
                    ToolButton {
                        objectName: "closeTabButton"
                        text: "×"
                        visible: tabs.model.count > 1 && !tab.editing && (tab.current || hover.hovered)
                        implicitWidth: Theme.em * 1.3
                        implicitHeight: Theme.em * 1.3
                        onClicked: tabs.close(tab.index)
                        ToolTip.visible: hovered
                        ToolTip.delay: 600
                        ToolTip.text: qsTr("Close this dashboard")
                    }
                }

                Menu {
                    id: menu
                    objectName: "tabMenu"
                    MenuItem { text: qsTr("Rename"); onTriggered: tabs.renaming = tab.index }
                    MenuItem { objectName: "duplicateTab"; text: qsTr("Duplicate"); enabled: tabs.model.count < 16; onTriggered: tabs.model.duplicate(tab.index) }
                    MenuItem {
                        text: qsTr("Stack charts")
                        checkable: true
                        checked: tabs.model.layoutAt(tab.index) === "stacked"
                        onTriggered: tabs.model.setLayout(tab.index, checked ? "stacked" : "tiled")
                    }
                    MenuItem { text: qsTr("Move left"); enabled: tab.index > 0; onTriggered: tabs.move(tab.index, tab.index - 1) }
                    MenuItem { text: qsTr("Move right"); enabled: tab.index < tabs.model.count - 1; onTriggered: tabs.move(tab.index, tab.index + 1) }
                    MenuSeparator {}
                    MenuItem { text: qsTr("Close"); enabled: tabs.model.count > 1; onTriggered: tabs.close(tab.index) }
                }
            }
        }
        ToolButton {
            id: addButton
            objectName: "addDashboardButton"
            text: "+"
            enabled: tabs.model.count < 16
            onClicked: tabs.add()
            ToolTip.visible: hovered
            ToolTip.delay: 600
            ToolTip.text: qsTr("New dashboard")
        }
    }
    RowLayout {
            id: undoBar
            objectName: "undoCloseBar"
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            visible: tabs.model.canUndoClose && undoTimer.running
            spacing: 6
            Label {
                text: qsTr("Closed “%1”").arg(tabs.model.closedName)
                textFormat: Text.PlainText
                color: Theme.muted
                elide: Text.ElideRight
                Layout.maximumWidth: Theme.em * 14
            }
            Button {
                objectName: "undoCloseButton"
                text: qsTr("Undo")
                flat: true
                onClicked: { tabs.model.undoClose(); undoTimer.stop() }
            }
        }
}
