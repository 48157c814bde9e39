import QtQuick
import QtTest
import Pulseboard
import KeepTest

// Not a test: the scene for docs/screenshot-export.png. The real main window (Main.qml)
// with data in its store and the ExportDialog open over it, as the chart menu opens it.
// Run under Xvfb (see docs/recording.md, "Screenshots"); it waits until KeepFiles'
// "done" flag file exists so the screen can be captured from outside.
Item {
    Main {
        id: main
        workspace: KeepWorkspace
    }
    ExportDialog {
        id: dialog
        parent: main.contentItem
        workspace: KeepWorkspace
        seriesNames: ["BTCUSD.price", "ETHUSD.price", "lab-1.temperature"]
        fromMs: Date.now() - 60000
        toMs: Date.now()
        chartItem: main.contentItem
        format: "csv"
    }
    TestCase {
        name: "ShotExport"
        when: windowShown
        function test_shot() {
            compare(KeepFiles.demo(KeepWorkspace), "")
            tryVerify(() => KeepFiles.names(KeepWorkspace.store).length > 10, 20000)
            wait(8000)   // let the demo draw some history (a screenshot scene, not a test)
            dialog.seriesNames = KeepFiles.names(KeepWorkspace.store).slice(0, 6)
            dialog.fromMs = Date.now() - 60000
            dialog.toMs = Date.now()
            dialog.filePath = KeepFiles.path("market-last-minute.csv")
            dialog.open()
            tryVerify(() => dialog.opened)
            dialog.start()
            tryVerify(() => dialog.message.length > 0, 10000)
            tryVerify(() => KeepFiles.exists("done"), 600000)
        }
    }
}
