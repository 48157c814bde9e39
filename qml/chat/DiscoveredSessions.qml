import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "ChatFormat.js" as ChatFormat

// The sessions hubs announce on the LAN (DiscoveryListener), joined with one click:
// name, address, encryption, certificate fingerprint, whether a password is needed.
ColumnLayout {
    id: sessions
    property DiscoveryListener discovery
    signal chosen(string url, string fingerprint, bool passwordRequired)
    spacing: 6

    RowLayout {
        Layout.fillWidth: true
        Label {
            text: qsTr("Sessions on your network")
            font.bold: true
            color: Theme.text
        }
        Item { Layout.fillWidth: true }
        Pill {
            visible: sessions.discovery !== null
            text: sessions.discovery && sessions.discovery.listening ? qsTr("listening") : qsTr("not listening")
            tint: sessions.discovery && sessions.discovery.listening ? Theme.ok : Theme.muted
            pulsing: sessions.discovery !== null && sessions.discovery.listening && sessions.discovery.count === 0
        }
    }

    Rectangle {
        Layout.fillWidth: true
        implicitHeight: Math.max(list.contentHeight, Theme.em * 3.2) + 2
        Layout.maximumHeight: Theme.em * 12
        radius: Theme.radius
        color: Theme.raised
        border.color: Theme.border

        ListView {
            id: list
            objectName: "sessionList"
            anchors.fill: parent
            anchors.margins: 1
            clip: true
            model: sessions.discovery
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            delegate: ItemDelegate {
                id: row
                required property int index
                required property string session
                required property string host
                required property int port
                required property string scheme
                required property string url
                required property string fingerprint
                required property bool passwordRequired
                objectName: "session_" + index
                width: ListView.view.width
                padding: 8
                onClicked: sessions.chosen(url, fingerprint, passwordRequired)
                background: Rectangle { color: row.hovered ? Theme.hover : "transparent"; radius: Theme.radius }
                ToolTip.visible: hovered && fingerprint.length > 0
                ToolTip.delay: 600
                ToolTip.text: qsTr("Certificate SHA-256:\n%1").arg(ChatFormat.fingerprintLines(fingerprint))

                contentItem: RowLayout {
                    spacing: 10
                    Item {   // same width for "wss" and "ws" so the names line up
                        implicitWidth: Math.round(Theme.em * 3.4)
                        implicitHeight: scheme.implicitHeight
                        Pill {
                            id: scheme
                            anchors.left: parent.left
                            text: row.scheme
                            tint: row.scheme === "wss" ? Theme.ok : Theme.warning
                        }
                    }
                    ColumnLayout {
                        spacing: 1
                        Layout.fillWidth: true
                        Label {
                            text: row.session
                            textFormat: Text.PlainText
                            font.bold: true
                            elide: Text.ElideRight
                            color: Theme.text
                            Layout.fillWidth: true
                        }
                        Label {
                            text: row.fingerprint.length > 0
                                  ? qsTr("%1:%2 · certificate %3").arg(row.host).arg(row.port)
                                        .arg(ChatFormat.shortFingerprint(row.fingerprint))
                                  : qsTr("%1:%2 · not encrypted").arg(row.host).arg(row.port)
                            textFormat: Text.PlainText
                            color: Theme.muted
                            font.pointSize: Theme.smallSize
                            font.family: Theme.monoFamily
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                    }
                    Pill {
                        visible: row.passwordRequired
                        text: qsTr("password")
                        tint: Theme.warning
                    }
                    Button {
                        objectName: "joinSessionButton"
                        text: qsTr("Join")
                        onClicked: sessions.chosen(row.url, row.fingerprint, row.passwordRequired)
                    }
                }
            }

            Label {
                anchors.centerIn: parent
                width: parent.width - 24
                visible: list.count === 0
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: !sessions.discovery ? ""
                      : sessions.discovery.listening ? qsTr("Looking for sessions… hubs announce themselves every 3 s.")
                      : sessions.discovery.lastError.length > 0 ? sessions.discovery.lastError
                      : qsTr("Not looking for sessions. Enter an address below.")
                textFormat: Text.PlainText
                color: Theme.faint
            }
        }
    }
}
