import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The ticker: one row per series (symbol or sensor reading), sortable by any column.
Panel {
    id: ticker
    required property Workspace workspace
    property alias sortKey: tickerModel.sortKey
    property alias sortOrder: tickerModel.sortOrder
    readonly property TickerModel model: tickerModel

    title: qsTr("Ticker")
    subtitle: tickerModel.hiddenCount > 0 ? qsTr("%1 rows, %2 more not shown").arg(tickerModel.count).arg(tickerModel.hiddenCount)
                                          : qsTr("%1 rows").arg(tickerModel.count)

    TickerModel {
        id: tickerModel
        store: ticker.workspace.store
        sortKey: "name"
    }

    // name, last, chg, chg%, high, low, upd/s, trend
    readonly property real unitWidth: Theme.em * 0.95
    readonly property var columnWidths: [unitWidth * 7.5, unitWidth * 6.5, unitWidth * 5.5, unitWidth * 4.6,
                                         unitWidth * 6, unitWidth * 6, unitWidth * 3.8, unitWidth * 6]
    readonly property var columns: [
        { key: "name", label: qsTr("Series") }, { key: "last", label: qsTr("Last") },
        { key: "change", label: qsTr("Chg") }, { key: "changePercent", label: qsTr("Chg %") },
        { key: "high", label: qsTr("High") }, { key: "low", label: qsTr("Low") },
        { key: "rate", label: qsTr("Upd/s") }, { key: "", label: qsTr("1 min") }
    ]

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            id: headerRow
            objectName: "tickerHeader"
            Layout.fillWidth: true
            Layout.fillHeight: false
            Layout.preferredHeight: Math.round(Theme.em * 1.7)
            spacing: 0
            Repeater {
                model: ticker.columns
                delegate: SortHeader {
                    required property var modelData
                    required property int index
                    objectName: "sort_" + (modelData.key || "none")
                    key: modelData.key
                    label: modelData.label
                    align: index === 0 ? Text.AlignLeft : Text.AlignRight
                    sortKey: tickerModel.sortKey
                    sortOrder: tickerModel.sortOrder
                    enabled: key.length > 0
                    Layout.preferredWidth: ticker.columnWidths[index]
                    Layout.fillWidth: index === 0
                    Layout.fillHeight: true
                    onClicked: tickerModel.sortBy(key)
                }
            }
        }
        Rectangle { Layout.fillWidth: true; Layout.preferredHeight: 1; color: Theme.border }

        ListView {
            id: list
            objectName: "tickerList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            model: tickerModel
            ScrollBar.vertical: ScrollBar {}
            delegate: TickerRow {
                columnWidths: ticker.columnWidths
                unit: ticker.workspace.unitFor(name)
            }
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("Waiting for data…")
                color: Theme.muted
            }
        }
    }
}
