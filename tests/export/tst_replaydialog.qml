import QtQuick
import QtTest
import Pulseboard
import KeepTest

// ReplayDialog and RecordBar: a recording is inspected (summary, connections), replayed
// at max speed into the workspace (a connection appears, its series fill the store with
// the recorded times), the progress bar reaches the end; a file that is not a recording
// shows why; the record button with no connection says so.
Item {
    id: root
    width: 900
    height: 700

    RecordBar {
        id: bar
        workspace: KeepWorkspace
    }
    ReplayDialog {
        id: dialog
        workspace: KeepWorkspace
    }
    SessionReplay {
        id: replay
        workspace: KeepWorkspace
    }

    TestCase {
        name: "ReplayDialog"
        when: windowShown

        function test_1_recordWithoutConnectionSaysSo() {
            mouseClick(findChild(bar, "recordButton"))
            compare(findChild(bar, "recordStatus").text, "There is no connection to record.")
            verify(!bar.recorder.recording)
        }

        function test_2_garbageIsExplained() {
            compare(replay.inspect("file://" + KeepFiles.path("missing.mcap")).indexOf("Cannot open the recording"), 0)
            verify(replay.start("max").length > 0, "nothing to start")
        }

        function test_3_replayAtMaxSpeed() {
            const file = KeepFiles.recording("r.mcap", 250)
            verify(file.length > 0)
            compare(replay.inspect("file://" + file), "")
            verify(replay.summary.indexOf("1 connection(s), 250 messages") === 0, replay.summary)
            compare(replay.connections, ["rec"])
            compare(replay.start("fast"), "Unknown speed \"fast\"; choose 1x, 10x or max.")
            compare(replay.start("max"), "")
            verify(replay.running || replay.progress === 1)
            tryVerify(() => !replay.running, 10000)
            compare(replay.progress, 1)
            verify(replay.status.indexOf("rec: replay finished: 250 messages") === 0, replay.status)
            compare(KeepWorkspace.connections.count, 1)
            compare(KeepFiles.names(KeepWorkspace.store), ["/x"])
            // Arrival-timed samples carry the recorded times, not the time of the replay.
            compare(KeepFiles.lastT(KeepWorkspace.store, "/x"), 1700000000000 + 249 * 10)
        }

        function test_4_dialogShowsTheSummary() {
            dialog.open()
            tryVerify(() => dialog.opened)
            compare(findChild(dialog.footer, "replayStart").enabled, false)
            dialog.error = ""
            verify(findChild(dialog.contentItem, "replayPath").text === "")
            dialog.close()
        }
    }
}
