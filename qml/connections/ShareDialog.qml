import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// "Share with session…" from a connection card: the connection's samples are published on
// a topic of the session this desktop hosts (Workspace::shareConnection), so the people in
// it chart the feed without the provider's credentials. Asks for the topic (suggested from
// the connection's name), says how peers read it, and shows why a topic is refused.
Dialog {
    id: dialog
    objectName: "shareDialog"
    required property Workspace workspace
    property int row: -1
    property string connectionName: ""

    title: qsTr("Share “%1” with the session").arg(connectionName)
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(520, Overlay.overlay ? Overlay.overlay.width - 40 : 520)
    LocalAddresses { id: addresses }
    footer: DialogButtonBox {
        Button {
            objectName: "shareButton"
            text: qsTr("Share")
            highlighted: true
            enabled: topicField.text.trim().length > 0
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole   // stays open on a refusal
            onClicked: dialog.share()
        }
        Button {
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
    }

    function openFor(r, name) {
        row = r
        connectionName = name
        topicField.text = workspace.suggestedTopic(r)
        problemLabel.text = ""
        open()
        topicField.forceActiveFocus()
        topicField.selectAll()
    }

    function share() {
        const error = workspace.shareConnection(row, topicField.text)
        problemLabel.text = error
        if (error.length === 0)
            close()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label {
            text: qsTr("Its samples go to a topic of the session you host. People in the session chart them "
                       + "with no credentials of their own; the host's People table shows who reads it.")
            wrapMode: Text.Wrap
            color: Theme.muted
            Layout.fillWidth: true
        }
        Label { text: qsTr("Topic"); color: Theme.text }
        TextField {
            id: topicField
            objectName: "shareTopicField"
            placeholderText: "feeds/market"
            selectByMouse: true
            maximumLength: 200
            Layout.fillWidth: true
            onAccepted: dialog.share()
            onTextChanged: problemLabel.text = ""
        }
        Label {
            objectName: "shareReadHint"
            // The address colleagues use (not 0.0.0.0 when listening on every interface).
            readonly property string hubUrl: addresses.reachableUrl(dialog.workspace.hubHost.url)
            text: qsTr("Peers read %1topics/%2 with the pulseboard-share profile.")
                      .arg(hubUrl.endsWith("/") ? hubUrl : hubUrl + "/").arg(topicField.text)
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.faint
            font.pointSize: Theme.smallSize
            Layout.fillWidth: true
        }
        Label {
            id: problemLabel
            objectName: "shareProblem"
            visible: text.length > 0
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.danger
            Layout.fillWidth: true
        }
    }
}
