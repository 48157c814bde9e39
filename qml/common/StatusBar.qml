import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard
import "Format.js" as Format

// The window's footer: overall state, total message rate and counters, refusals.
Rectangle {
    id: bar
    required property Workspace workspace
    readonly property ConnectionListModel connections: workspace.connections

    implicitHeight: row.implicitHeight + 8
    color: Theme.raised
    Rectangle { width: parent.width; height: 1; color: Theme.border }

    component Stat: Label {
        textFormat: Text.PlainText
        color: Theme.muted
        font.pointSize: Theme.smallSize
    }
    component Sep: Rectangle { width: 1; Layout.preferredHeight: 14; color: Theme.border }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 10
        anchors.rightMargin: 10
        spacing: 12

        Pill {
            objectName: "overallState"
            text: bar.connections.overallState
            tint: bar.connections.overallLevel === 0 && bar.connections.count > 0 ? Theme.ok
                : bar.connections.overallLevel === 2 ? Theme.danger
                : bar.connections.count === 0 ? Theme.muted : Theme.warning
            pulsing: false   // steady when live: animations keep the scene graph rendering (idle CPU)
        }
        Stat {
            objectName: "totalRate"
            text: qsTr("%1 msg/s").arg(Format.perSecond(bar.connections.totalMessagesPerSec))
            color: Theme.text
        }
        Sep {}
        Stat { text: qsTr("%1 received").arg(Format.compact(bar.connections.totalMessages)) }
        Sep {}
        Stat {
            id: seriesStat
            text: qsTr("%1 series").arg(seriesCount.count)
            SeriesListModel { id: seriesCount; store: bar.workspace.store; refreshIntervalMs: 1000 }
        }
        Sep {}
        Stat {
            objectName: "dropped"
            text: qsTr("%1 dropped").arg(Format.compact(bar.connections.totalDropped))
            color: bar.connections.totalDropped > 0 ? Theme.warning : Theme.muted
        }
        Stat {
            objectName: "unparsed"
            text: qsTr("%1 unparsed").arg(Format.compact(bar.connections.totalUnparsed))
            color: bar.connections.totalUnparsed > 0 ? Theme.warning : Theme.muted
        }
        Item { Layout.fillWidth: true }
        Stat {
            visible: bar.workspace.chartsPaused
            text: qsTr("Charts paused — Space to resume")
            color: Theme.warning
        }
        Stat {
            visible: bar.workspace.demoRunning
            text: qsTr("Demo hub on 127.0.0.1:%1").arg(bar.workspace.demoPort)
        }
    }
}
