import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "../common/Format.js" as Format

// The message inspector of one connection: the bounded raw log, a text or regex filter,
// pause/resume (capture goes on and is counted), the selected message as pretty JSON,
// and a composer. Everything is plain text. Right-click a message: copy it, copy it as
// pretty JSON, or use it as the sample for a profile (sampleForProfile, which Main hands
// to the connection editor's profile builder).
Panel {
    id: inspector
    required property Workspace workspace
    property int connectionRow: -1
    readonly property var connection: connectionRow >= 0 && connectionRow < workspace.connections.count
                                      ? connectionBox.currentValue : null
    readonly property MessageLogModel log: logModel
    property alias filterField: filterField
    property alias messageList: messageList
    property alias detail: detailArea

    readonly property bool narrow: width < Theme.em * 30
    function focusFilter() { filterField.forceActiveFocus(); filterField.selectAll() }
    function clear() { logModel.clear() }
    function togglePause() { logModel.paused = !logModel.paused }
    signal sampleForProfile(string text, int connectionRow)
    // One menu for the whole log (rows are pooled and rebound at the wire rate): it keeps
    // the text of the row it was opened on.
    function openMessageMenu(text) {
        messageMenu.text = text
        messageMenu.popup()
    }
    function prettyJson(text) {
        try {
            return JSON.stringify(JSON.parse(text), null, 2)
        } catch (e) {
            return ""
        }
    }
    Clipboard { id: clipboard; objectName: "inspectorClipboard" }
    Menu {
        id: messageMenu
        objectName: "messageMenu"
        property string text: ""
        readonly property string pretty: inspector.prettyJson(text)
        MenuItem { objectName: "copyMessage"; text: qsTr("Copy"); onTriggered: clipboard.copy(messageMenu.text) }
        MenuItem {
            objectName: "copyMessageJson"
            text: qsTr("Copy as JSON (pretty)")
            enabled: messageMenu.pretty.length > 0
            onTriggered: clipboard.copy(messageMenu.pretty)
        }
        MenuSeparator {}
        MenuItem {
            objectName: "useAsSample"
            text: qsTr("Use as sample for a profile…")
            enabled: messageMenu.pretty.length > 0
            onTriggered: inspector.sampleForProfile(messageMenu.text, inspector.connectionRow)
        }
    }

    title: qsTr("Inspector")
    subtitle: logModel.log ? qsTr("%1 shown").arg(logModel.count) : ""
    tools: [
        ComboBox {
            id: connectionBox
            objectName: "connectionBox"
            implicitWidth: Math.min(Theme.em * 13, inspector.width * 0.45)
            model: inspector.workspace.connections
            textRole: "name"
            valueRole: "connection"
            currentIndex: inspector.connectionRow
            onActivated: (i) => inspector.connectionRow = i
            font.pointSize: Theme.smallSize
        }
    ]

    MessageLogModel {
        id: logModel
        log: inspector.connection ? inspector.connection.log : null
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 6

        RowLayout {
            Layout.fillHeight: false
            spacing: 6
            TextField {
                id: filterField
                objectName: "filterField"
                Layout.fillWidth: true
                placeholderText: regexBox.checked ? qsTr("Filter by regular expression (Ctrl+F)") : qsTr("Filter messages (Ctrl+F)")
                selectByMouse: true
                font.family: Theme.monoFamily
                onTextChanged: logModel.filterText = text
            }
            CheckBox {
                id: regexBox
                objectName: "regexBox"
                text: ".*"
                font.family: Theme.monoFamily
                onToggled: logModel.filterRegex = checked
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Regular expression")
            }
            Button {
                objectName: "pauseButton"
                text: logModel.paused ? (inspector.narrow ? "▶ +%1" : qsTr("Resume (+%1)")).arg(Format.compact(logModel.pendingCount))
                                      : (inspector.narrow ? "❚❚" : qsTr("Pause"))
                highlighted: logModel.paused
                Layout.minimumWidth: implicitContentWidth + leftPadding + rightPadding
                onClicked: inspector.togglePause()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Capture continues while paused (Ctrl+Shift+P)")
            }
            Button {
                text: inspector.narrow ? "⌫" : qsTr("Clear")
                Layout.minimumWidth: implicitContentWidth + leftPadding + rightPadding
                onClicked: inspector.clear()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Clear the log (Ctrl+L)")
            }
        }
        Label {
            visible: logModel.filterError.length > 0
            text: logModel.filterError
            textFormat: Text.PlainText
            color: Theme.danger
            font.pointSize: Theme.smallSize
            Layout.fillWidth: true
            elide: Text.ElideRight
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            orientation: Qt.Vertical
            handle: Rectangle {
                implicitHeight: 5
                color: SplitHandle.hovered || SplitHandle.pressed ? Theme.border : "transparent"
            }

            Rectangle {
                SplitView.fillHeight: true
                SplitView.minimumHeight: Theme.em * 2.5
                color: Theme.panel
                border.color: Theme.border
                radius: 3
                ListView {
                    id: messageList
                    objectName: "messageList"
                    anchors.fill: parent
                    anchors.margins: 1
                    clip: true
                    model: logModel
                    currentIndex: -1
                    boundsBehavior: Flickable.StopAtBounds
                    // At a high rate every refresh replaces all rows: pooled delegates are
                    // rebound instead of destroyed and created again (that creation was a
                    // third of the GUI thread at 100k msg/s).
                    reuseItems: true
                    property bool follow: true
                    ScrollBar.vertical: ScrollBar {}
                    onMovementEnded: follow = atYEnd
                    // Follow the newest entry (also once the bounded log is full and the
                    // count no longer changes).
                    Connections {
                        target: logModel
                        function onRowsInserted() {
                            if (messageList.follow && !logModel.paused)
                                Qt.callLater(messageList.positionViewAtEnd)
                        }
                    }
                    delegate: MessageRow {
                        current: ListView.isCurrentItem
                        onClicked: { messageList.currentIndex = index; messageList.follow = false }
                        onMenuRequested: inspector.openMessageMenu(text)
                    }
                    Label {
                        anchors.centerIn: parent
                        visible: messageList.count === 0
                        text: !logModel.log ? qsTr("Select a connection")
                            : logModel.filterText.length > 0 ? qsTr("No message matches the filter")
                            : qsTr("No messages yet")
                        color: Theme.muted
                    }
                }
            }
            ScrollView {
                SplitView.preferredHeight: Math.round(Theme.em * 8)
                SplitView.minimumHeight: Theme.em * 2
                TextArea {
                    id: detailArea
                    objectName: "detailArea"
                    readOnly: true
                    selectByMouse: true
                    textFormat: TextEdit.PlainText
                    wrapMode: TextEdit.WrapAnywhere
                    font.family: Theme.monoFamily
                    font.pointSize: Theme.smallSize
                    color: Theme.text
                    placeholderText: qsTr("Click a message to see it in full")
                    // The selected message, or the newest one while following the log.
                    property string latest: ""
                    function updateLatest() {
                        latest = logModel.count > 0
                            ? logModel.data(logModel.index(logModel.count - 1, 0), MessageLogModel.TextRole) : ""
                    }
                    Connections {
                        target: logModel
                        function onRowsInserted() { detailArea.updateLatest() }
                        function onModelReset() { detailArea.updateLatest() }
                    }
                    text: {
                        const raw = messageList.currentItem ? messageList.currentItem.text : latest
                        if (raw.length === 0)
                            return ""
                        try {
                            return JSON.stringify(JSON.parse(raw), null, 2)
                        } catch (e) {
                            return raw
                        }
                    }
                    background: Rectangle { color: Theme.raised; border.color: Theme.border; radius: 3 }
                }
            }
        }

        Composer {
            Layout.fillWidth: true
            compact: inspector.narrow
            Layout.fillHeight: false
            workspace: inspector.workspace
            connectionRow: inspector.connectionRow
            savedMessages: inspector.connectionRow >= 0 && inspector.connectionRow < savedModel.count
                           ? savedModel.itemAt(inspector.connectionRow).saved : []
        }
    }

    // The saved messages of each connection, as a bindable list.
    Repeater {
        id: savedModel
        model: inspector.workspace.connections
        delegate: Item { required property var savedMessages; readonly property var saved: savedMessages }
    }
}
