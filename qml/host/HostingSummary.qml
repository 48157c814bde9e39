import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "../chat/ChatFormat.js" as ChatFormat

// What a host tells colleagues: the address to join and, with TLS, the certificate
// fingerprint they will be asked to compare. Copy buttons put either on the clipboard.
GridLayout {
    id: summary
    required property HubHost host
    required property LocalAddresses addresses
    property bool compact: false
    readonly property string joinUrl: addresses.reachableUrl(host.url)

    columns: compact ? 6 : 3
    columnSpacing: 12
    rowSpacing: 8

    TextEdit { id: clipboard; visible: false; textFormat: TextEdit.PlainText }
    component CopyButton: ToolButton {
        text: qsTr("Copy")
        font.pointSize: Theme.smallSize
        Layout.alignment: Qt.AlignVCenter
        ToolTip.visible: hovered
        ToolTip.delay: 500
        ToolTip.text: qsTr("Copy to the clipboard")
    }
    function copy(text) {
        clipboard.text = text
        clipboard.selectAll()
        clipboard.copy()
    }

    Label { text: qsTr("Address"); color: Theme.muted; Layout.alignment: Qt.AlignRight | Qt.AlignVCenter }
    ColumnLayout {
        spacing: 2
        Layout.fillWidth: !summary.compact
        TextEdit {
            objectName: "hostUrl"
            text: summary.joinUrl
            textFormat: TextEdit.PlainText
            readOnly: true
            selectByMouse: true
            font.family: Theme.monoFamily
            font.bold: true
            color: Theme.text
        }
        Label {
            text: summary.host.url !== summary.joinUrl
                  ? qsTr("Listening on every interface; colleagues use the address above (or any other of this computer's).")
                  : summary.addresses.isLoopback(summary.host.address) ? qsTr("Only programs on this computer can join.") : ""
            visible: text.length > 0 && !summary.compact
            wrapMode: Text.Wrap
            color: Theme.muted
            font.pointSize: Theme.smallSize
            Layout.fillWidth: true
        }
    }
    CopyButton { onClicked: summary.copy(summary.joinUrl) }

    Label {
        visible: summary.host.fingerprint.length > 0
        text: qsTr("Certificate")
        color: Theme.muted
        Layout.alignment: Qt.AlignRight | Qt.AlignVCenter
        Layout.leftMargin: summary.compact ? 12 : 0
    }
    TextEdit {
        objectName: "hostFingerprint"
        visible: summary.host.fingerprint.length > 0
        text: summary.compact ? ChatFormat.shortFingerprint(summary.host.fingerprint)
                              : ChatFormat.fingerprintLines(summary.host.fingerprint)
        textFormat: TextEdit.PlainText
        readOnly: true
        selectByMouse: true
        font.family: Theme.monoFamily
        font.pointSize: Theme.smallSize
        color: Theme.text
        Layout.fillWidth: !summary.compact
    }
    CopyButton {
        visible: summary.host.fingerprint.length > 0
        onClicked: summary.copy(summary.host.fingerprintDisplay)
    }

    Label {
        visible: !summary.compact
        text: qsTr("Security")
        color: Theme.muted
        Layout.alignment: Qt.AlignRight
    }
    Label {
        visible: !summary.compact
        text: (summary.host.fingerprint.length > 0 ? qsTr("TLS (wss://)") : qsTr("not encrypted (ws://)"))
              + " · " + (summary.host.password.length > 0 ? qsTr("password required") : qsTr("no password"))
        color: summary.host.fingerprint.length > 0 ? Theme.text : Theme.warning
        Layout.columnSpan: 2
        Layout.fillWidth: true
    }
    Label {
        objectName: "hostWarning"
        visible: summary.host.lastError.length > 0
        text: summary.host.lastError
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: Theme.warning
        font.pointSize: Theme.smallSize
        Layout.columnSpan: summary.columns
        Layout.fillWidth: true
    }
}
