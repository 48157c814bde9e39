import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// "Fixed Y range…": the chart's manual Y range (kept in the workspace's chart list).
Popup {
    id: rangePopup
    required property ChartFeeder feeder
    required property Workspace workspace
    required property int chartIndex
    modal: true
    onOpened: {
        minField.text = Number(feeder.yMin.toPrecision(6)).toString()
        maxField.text = Number(feeder.yMax.toPrecision(6)).toString()
        minField.forceActiveFocus()
    }
    contentItem: GridLayout {
        columns: 2
        Label { text: qsTr("Y from") }
        TextField {
            id: minField
            selectByMouse: true
            validator: DoubleValidator {}
        }
        Label { text: qsTr("to") }
        TextField {
            id: maxField
            selectByMouse: true
            onAccepted: if (applyRange.enabled) applyRange.clicked()
            validator: DoubleValidator {}
        }
        Label {
            Layout.columnSpan: 2
            visible: Number(minField.text) >= Number(maxField.text)
            text: qsTr("“from” must be below “to”.")
            color: Theme.danger
        }
        Button {
            id: applyRange
            Layout.columnSpan: 2
            Layout.alignment: Qt.AlignRight
            text: qsTr("Fix range")
            enabled: minField.acceptableInput && maxField.acceptableInput && Number(minField.text) < Number(maxField.text)
            onClicked: {
                rangePopup.workspace.charts.setManualRange(rangePopup.chartIndex, Number(minField.text), Number(maxField.text))
                rangePopup.workspace.charts.setAutoScale(rangePopup.chartIndex, false)
                rangePopup.close()
            }
        }
    }
}
