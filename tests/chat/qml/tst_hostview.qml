import QtQuick
import QtTest
import Pulseboard

// HostView and HostDialog against a real hub: a connected peer is listed with its
// nickname and address, Kick removes it (and logs why), Block refuses its address,
// Stop hosting closes everyone; the dialog starts a session and reports a busy port.
ChatFixtureBase {
    id: root
    name: "HostView"

    Component { id: viewComponent; HostView { width: root.width; height: root.height } }
    Component { id: dialogComponent; HostDialog { } }

    function peerRow(nick) { return findChild(view, "peer_" + nick) }
    property HostView view: null

    function init() {
        destroyClients()
        host = startHost()
        view = createTemporaryObject(viewComponent, root, { host: host })
    }

    function test_listsPeerAndKickRemovesIt() {
        const alice = makeClient("alice", host, true, false)  // slow reconnect: stays away after the kick
        verify(alice.join("general"))
        tryVerify(() => peerRow("alice") !== null, 5000)      // nickname arrives with the 1 s refresh
        const row = peerRow("alice")
        verify(row.address.startsWith("127.0.0.1:"))
        compare(row.kind, "chat")
        tryCompare(row, "rooms", ["general"], 3000)
        compare(row.topics, [])
        compare(findChild(row, "roomsAndTopics").text, "#general")
        compare(findChild(view, "peerCount").text, "1 connected")
        mouseClick(findChild(row, "kickButton"))
        tryCompare(host.server.peers, "count", 0)
        tryVerify(() => peerRow("alice") === null)
        tryVerify(() => !alice.connected)
        verify(fixture.column(host.server.rejections, "reason").indexOf("kicked by the host") >= 0,
               fixture.column(host.server.rejections, "reason").join("|"))
    }

    function test_blockRefusesTheAddress() {
        const bob = makeClient("bob", host)
        tryVerify(() => peerRow("bob") !== null, 5000)
        mouseClick(findChild(peerRow("bob"), "blockButton"))
        const dialog = findChild(view, "blockDialog")
        tryCompare(dialog, "opened", true)
        mouseClick(findChild(dialog, "confirmBlockButton"))
        tryCompare(host.server.peers, "count", 0)
        // bob is closed with 1008 (final: he does not reconnect by himself)...
        tryVerify(() => !bob.connected, 5000)
        tryVerify(() => bob.lastError.length > 0, 5000)
        const blockedCount = () => fixture.column(host.server.rejections, "reason").filter((r) => r.indexOf("blocked") >= 0).length
        const before = blockedCount()
        // ...and when he tries again by hand, his address is refused: never listed again
        bob.connectToHub()
        tryVerify(() => blockedCount() > before, 5000, fixture.column(host.server.rejections, "reason").join("|"))
        compare(bob.connected, false)
        compare(host.server.peers.count, 0)
    }

    function test_stopHostingClosesEveryone() {
        const alice = makeClient("alice", host, true, false)
        tryCompare(host.server.peers, "count", 1)
        mouseClick(findChild(view, "stopHostingButton"))
        const dialog = findChild(view, "stopDialog")
        tryCompare(dialog, "opened", true)
        findChild(dialog, "stopReasonField").text = "lunch break"
        mouseClick(findChild(dialog, "confirmStopButton"))
        tryCompare(host, "hosting", false)
        tryCompare(alice, "connected", false)
        verify(alice.lastError.indexOf("lunch break") >= 0, alice.lastError)
    }

    function test_dialogStartsSessionAndExplainsBusyPort() {
        const other = own(hostFactory.createObject(root, { announce: false, tlsMode: HubHost.Off }))
        const dialog = createTemporaryObject(dialogComponent, root, { host: other })
        dialog.openDialog()
        tryCompare(dialog, "opened", true)
        findChild(dialog, "addressBox").currentIndex = 1     // this computer only
        compare(findChild(dialog, "tlsSwitch").checked, false) // loopback: TLS off by default
        findChild(dialog, "addressBox").currentIndex = 0     // every interface
        compare(findChild(dialog, "tlsSwitch").checked, true)  // off loopback: wss by default
        findChild(dialog, "addressBox").currentIndex = 1
        findChild(dialog, "sessionNameField").text = "Lab bench"
        findChild(dialog, "portBox").value = host.server.port   // taken by the test's hub
        mouseClick(findChild(dialog, "startHostingButton"))
        compare(other.hosting, false)
        const error = findChild(dialog, "hostError")
        verify(error.visible)
        verify(error.text.length > 20 && error.text.indexOf(String(host.server.port)) >= 0, error.text)
        findChild(dialog, "portBox").value = 0
        mouseClick(findChild(dialog, "startHostingButton"))
        tryCompare(other, "hosting", true)
        compare(other.sessionName, "Lab bench")
        verify(findChild(dialog, "hostUrl").text.startsWith("ws://127.0.0.1:"))
        keyClick(Qt.Key_Escape)
        tryCompare(dialog, "visible", false)
        other.stop("")
    }
}
