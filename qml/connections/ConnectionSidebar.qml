import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// Left column: the connections (add / edit / remove, state, rate, RTT) and, below them,
// every series the feeds produced.
SplitView {
    id: sidebar
    required property Workspace workspace
    property int currentRow: connectionList.currentIndex
    property alias seriesHeight: seriesPanel.height

    signal addRequested()
    signal editRequested(int row)
    signal removeRequested(int row)
    signal problem(string text)      // e.g. a duplicate refused at the connection limit

    orientation: Qt.Vertical

    ShareDialog { id: shareDialog; workspace: sidebar.workspace }
    Connections {
        target: sidebar.workspace
        function onShareProblem(text) { sidebar.problem(text) }
    }

    Panel {
        id: connectionsPanel
        SplitView.fillHeight: true
        SplitView.minimumHeight: 160
        title: qsTr("Connections")
        subtitle: sidebar.workspace.connections.count > 0
                  ? qsTr("%1 of %2 live").arg(sidebar.workspace.connections.liveCount).arg(sidebar.workspace.connections.count)
                  : ""
        tools: [
            ToolButton {
                objectName: "addConnectionButton"
                text: "+"
                font.pointSize: Qt.application.font.pointSize + 3
                implicitWidth: 30
                onClicked: sidebar.addRequested()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("New connection (Ctrl+N)")
            }
        ]

        ListView {
            id: connectionList
            objectName: "connectionList"
            anchors.fill: parent
            anchors.margins: 4
            clip: true
            spacing: 2
            model: sidebar.workspace.connections
            currentIndex: count > 0 ? 0 : -1
            ScrollBar.vertical: ScrollBar {}
            footer: Item {
                width: connectionList.width
                height: connectionList.count > 0 ? addHint.height + 12 : 0
                visible: connectionList.count > 0
                Rectangle {
                    id: addHint
                    anchors.top: parent.top
                    anchors.topMargin: 8
                    x: 4
                    width: parent.width - 8
                    height: hintColumn.implicitHeight + 20
                    radius: Theme.radius
                    color: hintMouse.containsMouse ? Theme.hover : "transparent"
                    border.color: Theme.border
                    border.width: 1
                    Column {
                        id: hintColumn
                        anchors.centerIn: parent
                        width: parent.width - 24
                        spacing: 2
                        Label {
                            width: parent.width
                            text: qsTr("+ Add your own feed")
                            color: Theme.accent
                            font.bold: true
                            horizontalAlignment: Text.AlignHCenter
                        }
                        Label {
                            width: parent.width
                            text: qsTr("Any WebSocket that sends JSON. Ctrl+N")
                            color: Theme.muted
                            font.pointSize: Theme.smallSize
                            wrapMode: Text.Wrap
                            horizontalAlignment: Text.AlignHCenter
                        }
                    }
                    MouseArea {
                        id: hintMouse
                        anchors.fill: parent
                        hoverEnabled: true
                        cursorShape: Qt.PointingHandCursor
                        onClicked: sidebar.addRequested()
                    }
                }
            }
            delegate: ConnectionCard {
                current: ListView.isCurrentItem
                keychainProblem: sidebar.workspace.keychainAvailable ? "" : qsTr("no system keychain, kept in memory only")
                onClicked: connectionList.currentIndex = index
                onDoubleClicked: sidebar.editRequested(index)
                onEditRequested: sidebar.editRequested(index)
                onRemoveRequested: sidebar.removeRequested(index)
                onReconnectRequested: sidebar.workspace.reconnectNow(index)
                canShare: sidebar.workspace.hubHost.hosting
                onShareRequested: shareDialog.openFor(index, name)
                onStopShareRequested: sidebar.workspace.stopSharing(index)
                onPauseRequested: (paused) => sidebar.workspace.setConnectionPaused(index, paused)
                onDuplicateRequested: {
                    const error = sidebar.workspace.duplicateConnection(index)
                    if (error.length > 0)
                        sidebar.problem(error)
                }
            }

            ColumnLayout {
                anchors.centerIn: parent
                width: parent.width - 32
                visible: connectionList.count === 0
                spacing: 10
                Label {
                    text: qsTr("No connections")
                    font.bold: true
                    color: Theme.text
                    Layout.alignment: Qt.AlignHCenter
                }
                Label {
                    text: qsTr("Connect to any WebSocket feed that sends JSON, or run the built-in demo.")
                    wrapMode: Text.Wrap
                    horizontalAlignment: Text.AlignHCenter
                    color: Theme.muted
                    Layout.fillWidth: true
                }
                PrimaryButton {
                    text: qsTr("New connection…")
                    Layout.alignment: Qt.AlignHCenter
                    onClicked: sidebar.addRequested()
                }
                Button {
                    text: qsTr("Run the demo")
                    visible: !sidebar.workspace.demoRunning
                    Layout.alignment: Qt.AlignHCenter
                    onClicked: sidebar.workspace.startDemo()
                }
            }
        }
    }

    Panel {
        id: seriesPanel
        SplitView.preferredHeight: Math.round(sidebar.height * 0.45)
        SplitView.minimumHeight: 90
        title: qsTr("Series")
        SeriesList {
            anchors.fill: parent
            workspace: sidebar.workspace
        }
    }
}
