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
    readonly property var baseWidths: [unitWidth * 7.5, unitWidth * 6.5, unitWidth * 5.5, unitWidth * 4.6,
                                       unitWidth * 6, unitWidth * 6, unitWidth * 3.8, unitWidth * 6]
    // A narrow table (small window, 200 % scale) drops the least needed columns first:
    // low, high, updates/s, sparkline, change. A width of 0 hides a column.
    // The name column takes what is left.
    readonly property var columnWidths: {
        const w = baseWidths.slice()
        const available = width - 2
        let fixed = w.reduce((a, b) => a + b, 0) - w[0]
        for (const c of [5, 4, 6, 7, 2]) {
            if (fixed <= available - Theme.em * 6)   // keep about 6 em for the names
                break
            fixed -= w[c]
            w[c] = 0
        }
        w[0] = Math.max(Theme.em * 3, available - fixed)
        return w
    }
    readonly property var columnX: {
        const x = [0]
        for (let i = 1; i < columnWidths.length; ++i)
            x.push(x[i - 1] + columnWidths[i - 1])
        return x
    }
    readonly property var columns: [
        { key: "name", label: qsTr("Series") }, { key: "last", label: qsTr("Last") },
        { key: "change", label: qsTr("Chg") }, { key: "changePercent", label: qsTr("Chg %") },
        { key: "high", label: qsTr("High") }, { key: "low", label: qsTr("Low") },
        { key: "rate", label: qsTr("Upd/s") }, { key: "", label: qsTr("1 min") }
    ]

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Item {
            id: headerRow
            objectName: "tickerHeader"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.round(Theme.em * 1.7)
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
                    x: ticker.columnX[index]
                    width: ticker.columnWidths[index]
                    height: headerRow.height
                    visible: width > 0
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
                columnX: ticker.columnX
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
