import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// A hub at a known address presented a different certificate than the one pinned:
// the connection is refused. Says what happened and what to do; there is no "join anyway".
ColumnLayout {
    id: panel
    property string warning
    property bool confirming: false
    signal back()
    signal forgetRequested()
    spacing: 12

    Rectangle {
        Layout.fillWidth: true
        implicitHeight: head.implicitHeight + 20
        radius: Theme.radius
        color: Qt.rgba(Theme.danger.r, Theme.danger.g, Theme.danger.b, 0.14)
        border.color: Theme.danger
        RowLayout {
            id: head
            anchors.fill: parent
            anchors.margins: 10
            spacing: 10
            Label { text: "⚠"; color: Theme.danger; font.pointSize: Qt.application.font.pointSize + 6 }
            Label {
                text: qsTr("The hub's certificate has CHANGED — connection refused")
                font.bold: true
                wrapMode: Text.Wrap
                color: Theme.danger
                Layout.fillWidth: true
            }
        }
    }
    Label {
        objectName: "changedWarning"
        text: panel.warning
        textFormat: Text.PlainText
        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
        color: Theme.text
        Layout.fillWidth: true
    }
    Label {
        text: qsTr("Nothing was sent to this hub. If the host tells you, in person or another trusted way, that they "
                   + "created a new certificate, forget the old one: the next join shows the new fingerprint to compare.")
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: Theme.muted
        Layout.fillWidth: true
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        Button {
            objectName: "forgetPinButton"
            text: panel.confirming ? qsTr("Yes, the host confirmed: forget it") : qsTr("Forget the old certificate…")
            palette.buttonText: panel.confirming ? Theme.danger : Theme.text
            onClicked: {
                if (panel.confirming) {
                    panel.confirming = false
                    panel.forgetRequested()
                } else {
                    panel.confirming = true
                }
            }
        }
        Item { Layout.fillWidth: true }
        Button {
            objectName: "changedBackButton"
            text: qsTr("Back")
            onClicked: { panel.confirming = false; panel.back() }
        }
    }
}
