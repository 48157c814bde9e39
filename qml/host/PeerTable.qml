import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "../chat/ChatFormat.js" as ChatFormat
import "../common/Format.js" as Format

// The peers connected to the hosted hub (HubPeerModel, refreshed once a second):
// nickname, address, connected since, messages/s, unsent bytes, rooms and topics read; kick or block
// each from its row.
ColumnLayout {
    id: table
    required property HubHost host
    property date now: new Date()
    signal kickRequested(var peerId, string nickname, string address)
    signal blockRequested(var peerId, string nickname, string address)
    spacing: 0

    readonly property var widths: [0.17, 0.19, 0.15, 0.09, 0.10, 0.14]   // of the row; actions take the rest
    function w(i) { return Math.round((width - 24) * widths[i]) }

    Timer { interval: 1000; repeat: true; running: table.visible; onTriggered: table.now = new Date() }

    component HeaderLabel: Label {
        color: Theme.muted
        font.pointSize: Theme.smallSize
        font.bold: true
        elide: Text.ElideRight
    }

    Row {   // header
        Layout.fillWidth: true
        Layout.leftMargin: 12
        Layout.topMargin: 6
        Layout.bottomMargin: 6
        HeaderLabel { width: table.w(0); text: qsTr("Nickname") }
        HeaderLabel { width: table.w(1); text: qsTr("Address") }
        HeaderLabel { width: table.w(2); text: qsTr("Connected") }
        HeaderLabel { width: table.w(3); text: qsTr("Msgs/s"); horizontalAlignment: Text.AlignRight; rightPadding: 10 }
        HeaderLabel { width: table.w(4); text: qsTr("Unsent"); horizontalAlignment: Text.AlignRight; rightPadding: 10 }
        HeaderLabel { width: table.w(5); text: qsTr("Rooms · reads") }
    }
    Rectangle { Layout.fillWidth: true; Layout.preferredHeight: 1; color: Theme.border }

    ListView {
        id: view
        objectName: "peerList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: table.host.server.peers
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        delegate: Rectangle {
            id: peer
            required property int index
            required property var peerId
            required property string address
            required property string nickname
            required property string kind
            required property var connectedSince
            required property double messagesPerSec
            required property var unsentBytes
            required property var rooms
            required property var topics
            objectName: "peer_" + (nickname.length > 0 ? nickname : index)
            width: ListView.view.width
            height: Math.round(Theme.em * 2.0)
            color: hover.hovered ? Theme.hover : index % 2 ? Theme.raised : "transparent"
            HoverHandler { id: hover }

            Row {
                x: 12
                anchors.verticalCenter: parent.verticalCenter
                Label {
                    width: table.w(0)
                    text: peer.nickname.length > 0 ? peer.nickname
                          : peer.kind === "chat" ? qsTr("(logging in)") : qsTr("(%1)").arg(peer.kind)
                    textFormat: Text.PlainText
                    font.bold: peer.nickname.length > 0
                    color: peer.nickname.length > 0 ? Theme.seriesColor(ChatFormat.nickIndex(peer.nickname)) : Theme.muted
                    elide: Text.ElideRight
                }
                Label {
                    width: table.w(1)
                    text: peer.address
                    textFormat: Text.PlainText
                    font.family: Theme.monoFamily
                    font.pointSize: Theme.smallSize
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Label {
                    width: table.w(2)
                    text: Qt.formatTime(peer.connectedSince, "hh:mm:ss") + "  ·  " + ChatFormat.since(peer.connectedSince, table.now)
                    color: Theme.muted
                    font.pointSize: Theme.smallSize
                    elide: Text.ElideRight
                    ToolTip.visible: sinceHover.hovered
                    ToolTip.text: ChatFormat.fullTime(peer.connectedSince)
                    HoverHandler { id: sinceHover }
                }
                Label {
                    width: table.w(3)
                    rightPadding: 10
                    horizontalAlignment: Text.AlignRight
                    text: Format.perSecond(peer.messagesPerSec)
                    font.family: Theme.monoFamily
                    color: peer.messagesPerSec > 20 ? Theme.warning : Theme.text
                }
                Label {
                    width: table.w(4)
                    rightPadding: 10
                    horizontalAlignment: Text.AlignRight
                    text: ChatFormat.bytes(Number(peer.unsentBytes))
                    font.family: Theme.monoFamily
                    color: Number(peer.unsentBytes) > 256 * 1024 ? Theme.danger : Theme.text
                }
                Label {
                    width: table.w(5)
                    objectName: "roomsAndTopics"
                    // Who reads what: rooms as #room, topics (shared feeds too) as ▸topic.
                    text: peer.rooms.length + peer.topics.length > 0
                          ? peer.rooms.map((r) => "#" + r).concat(peer.topics.map((t) => "▸" + t)).join(" ") : "–"
                    textFormat: Text.PlainText
                    color: Theme.muted
                    font.pointSize: Theme.smallSize
                    elide: Text.ElideRight
                }
            }
            Row {
                anchors.right: parent.right
                anchors.rightMargin: 8
                anchors.verticalCenter: parent.verticalCenter
                spacing: 4
                Button {
                    objectName: "kickButton"
                    text: qsTr("Kick")
                    flat: true
                    font.pointSize: Theme.smallSize
                    onClicked: table.kickRequested(peer.peerId, peer.nickname, peer.address)
                    ToolTip.visible: hovered
                    ToolTip.delay: 500
                    ToolTip.text: qsTr("Disconnect (close 1008). They may join again.")
                }
                Button {
                    objectName: "blockButton"
                    text: qsTr("Block…")
                    flat: true
                    font.pointSize: Theme.smallSize
                    palette.buttonText: Theme.danger
                    onClicked: table.blockRequested(peer.peerId, peer.nickname, peer.address)
                    ToolTip.visible: hovered
                    ToolTip.delay: 500
                    ToolTip.text: qsTr("Disconnect and refuse this address until hosting stops")
                }
            }
        }

        Label {
            anchors.centerIn: parent
            width: parent.width - 40
            visible: view.count === 0
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: qsTr("Nobody is connected yet. Colleagues find this session under Join… or use the address above.")
            color: Theme.faint
        }
    }
}
