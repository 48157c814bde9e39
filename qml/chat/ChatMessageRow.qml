import QtQuick
import QtQuick.Controls
import Pulseboard
import "ChatFormat.js" as ChatFormat

// One chat message. The first message of a run from the same sender shows the avatar,
// sender and time; the following ones only the text (time on hover). A message that
// @mentions me is tinted with a bar in the accent colour. Everything received is shown
// as plain text: "<b>x</b>" stays those characters. A post by an alert rule ("kind":"alert")
// is its own group, tinted and labelled as an alert from the sender's Pulseboard: never
// the sender's own words.
Item {
    id: row
    required property int index
    required property var seq
    required property string from
    required property string text
    required property var time
    required property bool mine
    required property bool mentionsMe
    required property bool alert
    required property bool firstOfGroup
    property bool showHistoryDivider: false
    property int historyCount: 0

    objectName: "message_" + seq
    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: column.implicitHeight

    readonly property color nickColor: Theme.seriesColor(ChatFormat.nickIndex(from))

    Column {
        id: column
        width: parent.width

        HistoryDivider {
            visible: row.showHistoryDivider
            count: row.historyCount
            width: parent.width
        }

        Item { width: 1; height: row.firstOfGroup && row.index > 0 && !row.showHistoryDivider ? 8 : 0 }

        Rectangle {
            id: body
            objectName: "messageBody"
            width: parent.width
            implicitHeight: Math.max(content.implicitHeight + 4, row.firstOfGroup ? avatar.height + 6 : 0)
            color: row.alert ? Qt.rgba(Theme.danger.r, Theme.danger.g, Theme.danger.b, Theme.dark ? 0.14 : 0.08)
                 : row.mentionsMe ? Qt.rgba(Theme.warning.r, Theme.warning.g, Theme.warning.b, Theme.dark ? 0.14 : 0.10)
                 : hover.hovered ? Theme.hover : "transparent"

            HoverHandler { id: hover }

            Rectangle {
                visible: row.mentionsMe || row.alert
                width: 3
                height: parent.height
                color: row.alert ? Theme.danger : Theme.warning
            }

            Rectangle {
                id: avatar
                visible: row.firstOfGroup
                x: 10
                y: 3
                width: Math.round(Theme.em * 1.9)
                height: width
                radius: width / 2
                color: row.nickColor
                Label {
                    anchors.centerIn: parent
                    text: ChatFormat.initial(row.from)
                    textFormat: Text.PlainText
                    color: "white"
                    font.bold: true
                }
            }

            Label {
                visible: !row.firstOfGroup && hover.hovered
                x: 4
                width: avatar.x + avatar.width + 6 - x
                y: 3
                horizontalAlignment: Text.AlignHCenter
                text: ChatFormat.two(row.time.getHours()) + ":" + ChatFormat.two(row.time.getMinutes())
                textFormat: Text.PlainText
                color: Theme.faint
                font.pointSize: Theme.smallSize - 1
            }

            Column {
                id: content
                x: avatar.x + avatar.width + 10
                y: 2
                width: parent.width - x - 12
                spacing: 1

                Row {
                    visible: row.firstOfGroup
                    spacing: 8
                    Label {
                        objectName: "senderLabel"
                        text: row.from
                        textFormat: Text.PlainText
                        font.bold: true
                        color: row.nickColor
                    }
                    Label {
                        objectName: "alertLabel"
                        visible: row.alert
                        text: row.mine ? qsTr("⚠ alert from your Pulseboard") : qsTr("⚠ alert from their Pulseboard")
                        color: Theme.danger
                        font.pointSize: Theme.smallSize
                        font.bold: true
                        anchors.baseline: parent.children[0].baseline
                    }
                    Label {
                        visible: row.mine && !row.alert
                        text: qsTr("you")
                        color: Theme.faint
                        font.pointSize: Theme.smallSize
                        anchors.baseline: parent.children[0].baseline
                    }
                    Label {
                        objectName: "timeLabel"
                        text: ChatFormat.messageTime(row.time)
                        textFormat: Text.PlainText
                        color: Theme.faint
                        font.pointSize: Theme.smallSize
                        anchors.baseline: parent.children[0].baseline
                        ToolTip.visible: timeHover.hovered
                        ToolTip.delay: 500
                        ToolTip.text: ChatFormat.fullTime(row.time)
                        HoverHandler { id: timeHover }
                    }
                    Label {
                        visible: row.mentionsMe
                        text: qsTr("mentions you")
                        color: Theme.warning
                        font.pointSize: Theme.smallSize
                        font.bold: true
                        anchors.baseline: parent.children[0].baseline
                    }
                }

                TextEdit {
                    id: messageText
                    objectName: "messageText"
                    width: parent.width
                    text: row.text
                    textFormat: TextEdit.PlainText
                    readOnly: true
                    selectByMouse: true
                    wrapMode: TextEdit.WrapAtWordBoundaryOrAnywhere
                    color: Theme.text
                    selectionColor: Theme.accent
                    selectedTextColor: Theme.accentText
                    font: Qt.application.font
                }
            }
        }
    }
}
