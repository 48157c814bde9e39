import QtQuick
import QtQuick.Controls
import QtCharts
import Pulseboard

ApplicationWindow {
    id: window
    required property Workspace workspace
    width: 1280
    height: 800
    visible: true
    title: qsTr("Pulseboard")
    ChartView {
        anchors.fill: parent
        DateTimeAxis { id: ax; min: feeder.xMin; max: feeder.xMax; format: "hh:mm:ss" }
        ValueAxis { id: ay; min: feeder.yMin; max: feeder.yMax }
        LineSeries { id: s; axisX: ax; axisY: ay; name: "BTCUSD" }
        ChartFeeder { id: feeder; store: window.workspace.store; Component.onCompleted: attach("BTCUSD", s) }
    }
    Timer { running: true; interval: 3000; onTriggered: { console.log("points", feeder.pointsDrawn, window.workspace.connections.overallState, window.workspace.store.seriesCount); } repeat: true }
}
