import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "ChatFormat.js" as ChatFormat

// First connection to a wss:// hub: show the certificate fingerprint and let the user
// compare it with the one on the host's screen before trusting it (pinned afterwards,
// like SSH known_hosts).
ColumnLayout {
    id: panel
    property string address
    property string fingerprint
    signal trusted()
    signal cancelled()
    spacing: 12

    Label {
        text: qsTr("First connection to this hub")
        font.bold: true
        font.pointSize: Qt.application.font.pointSize + 2
        color: Theme.text
    }
    Label {
        text: qsTr("%1 presents a certificate Pulseboard has not seen before. Its SHA-256 fingerprint is:").arg(panel.address)
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: Theme.text
        Layout.fillWidth: true
    }
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: fp.implicitHeight + 20
        radius: Theme.radius
        color: Theme.raised
        border.color: Theme.border
        TextEdit {
            id: fp
            objectName: "trustFingerprint"
            anchors.centerIn: parent
            text: ChatFormat.fingerprintLines(panel.fingerprint)
            textFormat: TextEdit.PlainText
            readOnly: true
            selectByMouse: true
            horizontalAlignment: TextEdit.AlignHCenter
            font.family: Theme.monoFamily
            color: Theme.text
        }
    }
    Label {
        text: qsTr("Compare it with the fingerprint the host sees in Pulseboard (Host view). If they match, trust it: "
                   + "Pulseboard remembers it and will refuse a different certificate at this address. "
                   + "If they differ, someone may be intercepting the connection: do not join.")
        wrapMode: Text.Wrap
        color: Theme.muted
        Layout.fillWidth: true
    }
    RowLayout {
        Layout.alignment: Qt.AlignRight
        spacing: 8
        Button { text: qsTr("Cancel"); onClicked: panel.cancelled() }
        PrimaryButton {
            objectName: "trustButton"
            text: qsTr("Trust and join")
            onClicked: panel.trusted()
        }
    }
}
