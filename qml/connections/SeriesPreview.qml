import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The live preview of the profile builder: the samples the generated profile maps the
// sample message to (ProfileBuilder.preview, computed by the real SampleMapper): series
// name, value and time. Names come from the network: plain text.
ListView {
    id: list
    required property ProfileBuilder builder
    model: builder.preview
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

    header: RowLayout {
        width: list.width
        spacing: 8
        Label { text: qsTr("Series"); font.bold: true; Layout.fillWidth: true }
        Label { text: qsTr("Value"); font.bold: true; Layout.preferredWidth: list.width * 0.22 }
        Label { text: qsTr("Time (UTC)"); font.bold: true; Layout.preferredWidth: list.width * 0.33 }
    }

    delegate: RowLayout {
        id: row
        required property int index
        required property var modelData
        objectName: "preview:" + modelData.series
        width: ListView.view.width
        height: Math.round(Theme.em * 1.6)
        spacing: 8
        Label {
            text: row.modelData.series
            textFormat: Text.PlainText
            font.family: Theme.monoFamily
            elide: Text.ElideMiddle
            Layout.fillWidth: true
        }
        Label {
            text: Number(row.modelData.value).toLocaleString(Qt.locale(), "g", 10)
            textFormat: Text.PlainText
            font.family: Theme.monoFamily
            color: Theme.accent
            elide: Text.ElideRight
            Layout.preferredWidth: list.width * 0.22
        }
        Label {
            text: row.modelData.time
            textFormat: Text.PlainText
            color: Theme.muted
            font.pointSize: Theme.smallSize
            elide: Text.ElideRight
            Layout.preferredWidth: list.width * 0.33
        }
    }
}
