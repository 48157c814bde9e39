import QtQuick
import QtTest
import Pulseboard

// JoinDialog: malformed addresses and nicknames are refused in words; a ws:// hub is
// joined; a wss:// hub seen for the first time shows its fingerprint and is joined only
// once trusted; a CHANGED certificate is refused (announced or presented); a session
// found by discovery is joined with one click; a wrong password is explained.
ChatFixtureBase {
    id: root
    name: "JoinDialog"

    Component { id: dialogComponent; JoinDialog { } }
    Component { id: checkComponent; HubJoinCheck { } }

    property ChatClient client: null
    property JoinDialog dialog: null

    function open(h) {
        client = makeClient("alice", h, false)
        dialog = createTemporaryObject(dialogComponent, root, { client: client, discovery: null })
        dialog.openDialog()
        tryCompare(dialog, "opened", true)
        findChild(dialog, "nickField").text = "alice"
    }
    function joinWith(url) {
        findChild(dialog, "urlField").text = url
        mouseClick(findChild(dialog, "joinButton"))
    }
    function errorText() { return findChild(dialog, "errorLabel").text }

    function test_malformedUrlsAreRefusedReadably_data() {
        return [
            { tag: "no scheme", url: "192.168.1.20:8765", expect: "must start with ws:// or wss://" },
            { tag: "http", url: "http://example.com/", expect: "must start with ws:// or wss://" },
            { tag: "missing colon", url: "ws//nope", expect: "must start with ws:// or wss://" },
            { tag: "no host", url: "ws://", expect: "has no host name" },
            { tag: "path", url: "ws://127.0.0.1:9/topics/lab", expect: "root path" },
            { tag: "control characters", url: "ws://a\u0007b/", expect: "" },
            { tag: "port zero", url: "ws://127.0.0.1:0/", expect: "Port 0" },
        ]
    }
    function test_malformedUrlsAreRefusedReadably(data) {
        host = startHost()
        open(host)
        joinWith(data.url)
        compare(dialog.page, "form")
        compare(client.state, ChatClient.Disconnected)
        verify(findChild(dialog, "errorLabel").visible)
        verify(errorText().length > 20, errorText())
        verify(errorText().indexOf(data.expect) >= 0, errorText())
        verify(errorText().indexOf("\u0007") < 0, "control characters are escaped: " + errorText())
    }

    function test_badNicknameIsRefused() {
        host = startHost()
        open(host)
        findChild(dialog, "nickField").text = "no spaces"
        joinWith(host.url)
        verify(errorText().indexOf("nickname is 1-24") >= 0, errorText())
        compare(client.state, ChatClient.Disconnected)
    }

    function test_plainHubJoinedAndGeneralOpened() {
        host = startHost()
        open(host)
        joinWith(host.url)
        tryCompare(client, "connected", true)
        tryCompare(dialog, "visible", false)
        compare(client.nickname, "alice")
        compare(client.currentRoom, "general")
    }

    function test_firstUseShowsFingerprintThenPins() {
        host = startHost({ tlsMode: HubHost.On, dataDir: fixture.path("hub-tls") })
        verify(host.url.startsWith("wss://"))
        open(host)
        joinWith(host.url)
        tryCompare(dialog, "page", "trust", 10000)
        compare(client.state, ChatClient.Disconnected)        // nothing sent before the user decides
        compare(dialog.trustFingerprint, host.fingerprint)
        compare(findChild(dialog, "trustFingerprint").text.replace(/[:\n]/g, "").toLowerCase(), host.fingerprint)
        mouseClick(findChild(dialog, "trustButton"))
        tryCompare(client, "connected", true, 10000)
        const check = createTemporaryObject(checkComponent, root, { knownHostsFile: client.knownHostsFile })
        const pin = check.pinStatus(host.url, "")
        compare(pin.state, "trusted")
        compare(pin.pinned, host.fingerprint)
    }

    function test_changedCertificateIsRefused() {
        host = startHost({ tlsMode: HubHost.On, dataDir: fixture.path("hub-tls2") })
        open(host)
        const check = createTemporaryObject(checkComponent, root, { knownHostsFile: client.knownHostsFile })
        compare(check.trust(host.url, "ab".repeat(32)), "")     // an older certificate was pinned here
        joinWith(host.url)
        tryCompare(dialog, "page", "changed", 10000)
        verify(findChild(dialog, "changedWarning").text.indexOf("CHANGED") >= 0)
        compare(client.connected, false)
        compare(host.server.peers.count, 0)
        // a discovered session announcing a different fingerprint is refused before connecting
        mouseClick(findChild(dialog, "changedBackButton"))
        compare(dialog.page, "form")
        dialog.chooseSession(host.url, "cd".repeat(32), false)
        compare(dialog.page, "changed")
        compare(client.state, ChatClient.Failed)               // still the earlier refusal, no new attempt
    }

    function test_discoveredSessionJoinedWithOneClick() {
        host = startHost()
        open(host)
        dialog.discovery = fixture.discovery("Lab <b>bench</b>", host.server.port, false, "", false)
        const list = findChild(dialog, "sessionList")
        tryCompare(list, "count", 1, 5000)
        tryVerify(() => list.itemAtIndex(0) !== null)         // delegates come a frame after the count
        const row = list.itemAtIndex(0)
        compare(row.session, "Lab <b>bench</b>")
        mouseClick(findChild(row, "joinSessionButton"))
        tryCompare(client, "connected", true)
        compare(client.url, "ws://127.0.0.1:" + host.server.port + "/")
    }

    function test_wrongPasswordIsExplained() {
        host = startHost({ password: "s3cret" })
        open(host)
        findChild(dialog, "passwordField").text = "guess"
        joinWith(host.url)
        tryCompare(dialog, "page", "form", 10000)
        compare(errorText(), "Wrong password for this hub.")
        compare(client.connected, false)
    }
}
