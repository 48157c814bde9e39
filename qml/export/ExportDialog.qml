import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Pulseboard

// "Export…" for one chart: its data as CSV or NDJSON (the visible range or everything,
// for the series ticked here) or the chart as PNG (the item on screen) or SVG (drawn from
// the data). Data exports run on a worker thread (SeriesExporter) with a progress bar and
// Cancel; the file is written whole or not at all. The chart's context menu opens it:
//   ExportDialog { workspace: ...; seriesNames: [...]; fromMs: ...; toMs: ...; chartItem: chartView }
Dialog {
    id: dialog
    objectName: "exportDialog"
    required property Workspace workspace
    required property var seriesNames        // list of series names on the chart
    required property double fromMs          // the visible range; 0 and 0 = everything
    required property double toMs
    property Item chartItem: null             // what PNG captures
    property string chartTitle: ""
    property var seriesColors: []

    // "csv", "ndjson", "png" or "svg"
    property string format: "csv"
    property bool visibleRange: !(fromMs === 0 && toMs === 0)
    property string filePath: ""
    property string message: ""
    property bool failed: false
    readonly property bool isData: format === "csv" || format === "ndjson"
    readonly property bool busy: exporter.busy || charts.busy
    readonly property var chosenSeries: {
        const out = []
        for (let i = 0; i < seriesRepeater.count; ++i) {
            const box = seriesRepeater.itemAt(i)
            if (box && box.checked)
                out.push(dialog.seriesNames[i])
        }
        return out
    }

    title: qsTr("Export")
    modal: true
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(560, (parent ? parent.width : 600) - 40)
    closePolicy: busy ? Popup.NoAutoClose : Popup.CloseOnEscape

    function suffix() { return format === "ndjson" ? "ndjson" : format }
    function start() {
        message = ""
        failed = false
        const file = filePath.startsWith("file:") ? filePath : "file://" + filePath
        let why = ""
        if (format === "png")
            why = charts.savePng(chartItem, file)
        else if (format === "svg")
            why = charts.saveSvg(file, workspace.store, chosenSeries, visibleRange ? fromMs : 0, visibleRange ? toMs : 0,
                                 chartItem ? chartItem.width : 960, chartItem ? chartItem.height : 480,
                                 chartTitle, seriesColors)
        else
            why = exporter.start(file, format, chosenSeries, visibleRange ? fromMs : 0, visibleRange ? toMs : 0)
        if (why.length > 0) {
            message = why
            failed = true
        }
    }

    SeriesExporter {
        id: exporter
        store: dialog.workspace.store
        onFinished: (ok, text) => { dialog.message = text; dialog.failed = !ok }
    }
    ChartExport {
        id: charts
        onFinished: (ok, text) => { dialog.message = text; dialog.failed = !ok }
    }
    FileDialog {
        id: fileDialog
        title: qsTr("Export to")
        fileMode: FileDialog.SaveFile
        defaultSuffix: dialog.suffix()
        nameFilters: [dialog.format.toUpperCase() + " (*." + dialog.suffix() + ")", qsTr("All files (*)")]
        onAccepted: dialog.filePath = exporter.localPath(selectedFile)
    }

    contentItem: ColumnLayout {
        spacing: Theme.gap
        Label { text: qsTr("Format"); color: Theme.muted }
        RowLayout {
            Repeater {
                model: [["csv", qsTr("CSV")], ["ndjson", qsTr("NDJSON")], ["png", qsTr("PNG image")], ["svg", qsTr("SVG image")]]
                delegate: RadioButton {
                    required property var modelData
                    objectName: "format_" + modelData[0]
                    text: modelData[1]
                    checked: dialog.format === modelData[0]
                    enabled: !dialog.busy && (modelData[0] !== "png" || dialog.chartItem !== null)
                    onToggled: if (checked) dialog.format = modelData[0]
                }
            }
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.muted
            font.pointSize: Theme.smallSize
            text: dialog.format === "csv" ? qsTr("series,t,v,time per row: t in epoch milliseconds, time as ISO 8601 UTC; RFC 4180 quoting.")
                : dialog.format === "ndjson" ? qsTr("One {\"series\", \"t\", \"v\"} object per line; loads as is into pandas, DuckDB or Parquet.")
                : dialog.format === "png" ? qsTr("The chart as it is on screen, at the screen's pixel density.")
                : qsTr("The visible series drawn as vectors, with axes and legend.")
        }
        RowLayout {
            visible: dialog.format !== "png"
            Label { text: qsTr("Range"); color: Theme.muted }
            RadioButton {
                objectName: "rangeVisible"
                text: qsTr("Visible range")
                enabled: !(dialog.fromMs === 0 && dialog.toMs === 0) && !dialog.busy
                checked: dialog.visibleRange
                onToggled: if (checked) dialog.visibleRange = true
            }
            RadioButton {
                objectName: "rangeAll"
                text: qsTr("Everything held")
                checked: !dialog.visibleRange
                enabled: !dialog.busy
                onToggled: if (checked) dialog.visibleRange = false
            }
        }
        Label { text: qsTr("Series"); color: Theme.muted; visible: dialog.format !== "png" }
        ScrollView {
            visible: dialog.format !== "png"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(seriesColumn.implicitHeight, Theme.em * 7)
            clip: true
            Column {
                id: seriesColumn
                Repeater {
                    id: seriesRepeater
                    model: dialog.seriesNames
                    delegate: CheckBox {
                        required property string modelData
                        text: modelData
                        checked: true
                        enabled: !dialog.busy
                    }
                }
            }
        }
        Label { text: qsTr("File"); color: Theme.muted }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: pathField
                objectName: "exportPath"
                Layout.fillWidth: true
                placeholderText: qsTr("Choose where to save…")
                text: dialog.filePath
                enabled: !dialog.busy
                onTextEdited: dialog.filePath = text
            }
            Button {
                text: qsTr("Browse…")
                enabled: !dialog.busy
                onClicked: fileDialog.open()
            }
        }
        ProgressBar {
            objectName: "exportProgress"
            Layout.fillWidth: true
            visible: dialog.isData && (exporter.busy || exporter.progress > 0)
            value: exporter.progress
        }
        Label {
            objectName: "exportMessage"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: text.length > 0
            text: dialog.message
            color: dialog.failed ? Theme.danger : Theme.ok
        }
    }
    footer: DialogButtonBox {
        Button {
            objectName: "exportStart"
            text: qsTr("Export")
            enabled: !dialog.busy && dialog.filePath.length > 0 && (dialog.format === "png" || dialog.chosenSeries.length > 0)
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: dialog.start()
        }
        Button {
            objectName: "exportCancel"
            text: dialog.busy ? qsTr("Cancel") : qsTr("Close")
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: dialog.busy ? exporter.cancel() : dialog.close()
        }
    }
}
