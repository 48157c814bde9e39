import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The profile builder's content: the sample (taken from the connection's inspector or
// pasted), its fields as a tree to click (FieldTree), the series name template, the time
// field's format, and the live preview of the series the profile gives (SeriesPreview).
// All state lives in the ProfileBuilder; this only shows it and forwards clicks.
ColumnLayout {
    id: pane
    required property ProfileBuilder builder
    property bool canTake: false
    property string takeError: ""
    signal takeRequested()
    spacing: 8

    readonly property var formats: [
        { value: "", text: qsTr("detected") },
        { value: "s", text: qsTr("epoch seconds") },
        { value: "ms", text: qsTr("epoch milliseconds") },
        { value: "us", text: qsTr("epoch microseconds") },
        { value: "ns", text: qsTr("epoch nanoseconds") },
        { value: "iso8601", text: qsTr("ISO 8601 text") },
        { value: "auto", text: qsTr("auto (per message)") }
    ]

    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        Button {
            objectName: "takeButton"
            text: qsTr("Take the newest message")
            enabled: pane.canTake
            onClicked: pane.takeRequested()
        }
        Label {
            objectName: "takeLabel"
            Layout.fillWidth: true
            text: pane.takeError || (pane.canTake ? qsTr("…from this connection's inspector, or paste one message below.")
                                                  : qsTr("Paste one message the feed sends (the connection is not open yet)."))
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: pane.takeError ? Theme.danger : Theme.muted
        }
    }
    ScrollView {
        Layout.fillWidth: true
        Layout.preferredHeight: Math.round(Theme.em * 4.5)
        TextArea {
            id: sampleField
            objectName: "sampleField"
            textFormat: TextEdit.PlainText
            font.family: Theme.monoFamily
            wrapMode: TextEdit.WrapAnywhere
            selectByMouse: true
            placeholderText: "{\"type\": \"ticker\", \"product_id\": \"BTC-USD\", \"price\": \"64250.5\", \"time\": \"2024-05-01T12:00:00.123456Z\"}"
            onTextChanged: if (text !== pane.builder.sample) pane.builder.sample = text
            background: Rectangle { color: Theme.raised; radius: 3; border.color: pane.builder.sampleError ? Theme.danger : Theme.border }
            // Not a binding: pasting would break it, and a sample taken later must still show.
            Component.onCompleted: text = pane.builder.sample
            Connections {
                target: pane.builder
                function onSampleChanged() {
                    if (sampleField.text !== pane.builder.sample)
                        sampleField.text = pane.builder.sample
                }
            }
        }
    }

    SplitView {
        Layout.fillWidth: true
        Layout.fillHeight: true
        orientation: Qt.Horizontal

        ColumnLayout {
            SplitView.preferredWidth: pane.width * 0.58
            SplitView.minimumWidth: 320
            spacing: 4
            Label {
                text: qsTr("Fields: click a number to chart it; the buttons give a field its part.")
                textFormat: Text.PlainText
                elide: Text.ElideRight
                color: Theme.muted
                Layout.fillWidth: true
            }
            FieldTree {
                id: tree
                objectName: "fieldTree"
                builder: pane.builder
                Layout.fillWidth: true
                Layout.fillHeight: true
            }
            Label {
                objectName: "fieldError"
                visible: text.length > 0
                text: tree.fieldError || (pane.builder.fields.hiddenCount > 0
                      ? qsTr("%1 values of this sample are not listed (too many or nested too deeply).").arg(pane.builder.fields.hiddenCount)
                      : "")
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: tree.fieldError ? Theme.danger : Theme.muted
                Layout.fillWidth: true
            }
        }

        ColumnLayout {
            SplitView.minimumWidth: 300
            spacing: 8
            GridLayout {
                columns: 2
                columnSpacing: 8
                rowSpacing: 6
                Layout.fillWidth: true
                Layout.leftMargin: 10
                Label { text: qsTr("Profile name") }
                TextField {
                    objectName: "profileNameField"
                    Layout.fillWidth: true
                    text: pane.builder.profileName
                    placeholderText: qsTr("Built from a sample")
                    onTextEdited: pane.builder.profileName = text
                }
                Label { text: qsTr("Series name") }
                TextField {
                    objectName: "templateField"
                    Layout.fillWidth: true
                    text: pane.builder.nameTemplate
                    font.family: Theme.monoFamily
                    onTextEdited: pane.builder.nameTemplate = text
                }
                Label { text: qsTr("Time") }
                Label {
                    objectName: "timeLabel"
                    Layout.fillWidth: true
                    text: pane.builder.timePath
                          ? qsTr("%1 (detected: %2)").arg(pane.builder.timePath).arg(pane.builder.detectedTimeFormat)
                          : qsTr("arrival time; mark a field Time to use the feed's own")
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: pane.builder.timePath ? Theme.text : Theme.muted
                }
                Label { text: qsTr("Read as"); visible: pane.builder.timePath.length > 0 }
                ComboBox {
                    objectName: "timeFormatBox"
                    visible: pane.builder.timePath.length > 0
                    Layout.fillWidth: true
                    model: pane.formats
                    textRole: "text"
                    currentIndex: Math.max(0, pane.formats.findIndex(f => f.value === pane.builder.timeFormat))
                    onActivated: index => pane.builder.timeFormat = pane.formats[index].value
                }
            }
            Label {
                Layout.leftMargin: 10
                text: qsTr("{value} is the value's label, {/field} a field of the record.")
                textFormat: Text.PlainText
                color: Theme.muted
                font.pointSize: Theme.smallSize
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label {
                objectName: "previewTitle"
                Layout.leftMargin: 10
                text: pane.builder.previewTotal > 0
                      ? qsTr("Preview: %n sample(s) from this message", "", pane.builder.previewTotal)
                      : qsTr("Preview")
                font.bold: true
            }
            SeriesPreview {
                objectName: "seriesPreview"
                builder: pane.builder
                Layout.leftMargin: 10
                Layout.fillWidth: true
                Layout.fillHeight: true
            }
        }
    }
}
