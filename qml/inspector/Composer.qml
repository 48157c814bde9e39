import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// Sends a text or JSON message on the inspected connection (JSON mode checks the text
// first), and keeps saved messages for resending.
ColumnLayout {
    id: composer
    required property Workspace workspace
    required property int connectionRow
    property var savedMessages: []
    property string status: ""
    property bool statusIsError: false
    property alias text: messageField.text
    property alias jsonMode: modeBox.currentIndex
    property bool compact: false

    spacing: 4

    function send() {
        const e = workspace.sendMessage(connectionRow, messageField.text, modeBox.currentIndex === 1)
        statusIsError = e.length > 0
        status = e.length > 0 ? e : qsTr("Sent %1 characters.").arg(messageField.text.length)
    }

    RowLayout {
        spacing: 6
        ComboBox {
            id: modeBox
            objectName: "composerMode"
            model: [qsTr("Text"), qsTr("JSON")]
            currentIndex: 1
            implicitWidth: Theme.em * (composer.compact ? 4.5 : 6)
        }
        TextField {
            id: messageField
            objectName: "composerField"
            Layout.fillWidth: true
            placeholderText: modeBox.currentIndex === 1 ? "{\"op\": \"subscribe\", \"channel\": \"ticker\"}" : qsTr("Message to send")
            font.family: Theme.monoFamily
            selectByMouse: true
            onAccepted: composer.send()
            onTextChanged: {
                if (modeBox.currentIndex === 1 && text.length > 0) {
                    const e = composer.workspace.checkJson(text)
                    composer.status = e
                    composer.statusIsError = e.length > 0
                } else {
                    composer.status = ""
                }
            }
        }
        Button {
            objectName: "sendButton"
            text: qsTr("Send")
            implicitWidth: Math.max(implicitContentWidth + leftPadding + rightPadding, Theme.em * 3)
            enabled: messageField.text.length > 0 && composer.connectionRow >= 0
            onClicked: composer.send()
        }
        ToolButton {
            text: "☆"
            enabled: messageField.text.length > 0 && composer.connectionRow >= 0
            onClicked: composer.workspace.saveMessage(composer.connectionRow, messageField.text)
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Save this message for later")
            visible: !composer.compact
        }
        ComboBox {
            id: savedBox
            objectName: "savedMessages"
            implicitWidth: Theme.em * (composer.compact ? 5 : 8)
            enabled: composer.savedMessages.length > 0
            model: composer.savedMessages
            displayText: composer.compact ? qsTr("Saved") : qsTr("Saved (%1)").arg(composer.savedMessages.length)
            onActivated: (i) => { messageField.text = composer.savedMessages[i]; messageField.forceActiveFocus() }
            delegate: ItemDelegate {
                required property string modelData
                width: savedBox.popup.width
                contentItem: Label {
                    text: modelData
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    font.family: Theme.monoFamily
                    color: Theme.text
                }
            }
            popup.width: Math.max(width, 360)
        }
    }
    Label {
        visible: composer.status.length > 0
        text: composer.status
        textFormat: Text.PlainText
        color: composer.statusIsError ? Theme.danger : Theme.muted
        font.pointSize: Theme.smallSize
        elide: Text.ElideRight
        Layout.fillWidth: true
    }
}
