import QtQuick
import QtTest
import Pulseboard
import ChatTest

// Shared set-up of the chat QML tests: a real HubHost on 127.0.0.1 port 0 (no TLS,
// history in memory) and real ChatClients with private known-hosts files.
TestCase {
    id: base
    width: 1100
    height: 760
    when: windowShown
    visible: true     // TestCase hides itself by default; the views under test are its children


    property HubHost host: null
    ChatTestFixture { id: fixtureObject }
    readonly property ChatTestFixture fixture: fixtureObject

    Component { id: hostComponent; HubHost {} }
    Component { id: clientComponent; ChatClient {} }
    readonly property Component hostFactory: hostComponent

    // Hubs and clients outlive the views of a test (as in the app, where the window owns
    // them): they are destroyed at the start of the next test, after its temporary views.
    property var clients: []
    function destroyClients() {
        for (const c of clients)
            c.destroy()
        clients = []
    }
    function own(object) {
        clients.push(object)
        return object
    }
    function init() { destroyClients() }
    function cleanupTestCase() { destroyClients() }

    function startHost(props) {
        const p = Object.assign({ address: "127.0.0.1", port: 0, tlsMode: HubHost.Off, announce: false,
                                  sessionName: "Test bench" }, props || {})
        const h = own(hostComponent.createObject(base, p))
        verify(h.start(), h.lastError)
        return h
    }
    function makeClient(nick, h, connect, fastReconnect) {
        const c = clientComponent.createObject(base, {
            url: h.url, nickname: nick, knownHostsFile: fixture.path(nick + "-known-hosts.json") })
        clients.push(c)
        fixture.setReconnect(c, fastReconnect !== false)
        if (connect !== false) {
            c.connectToHub()
            tryCompare(c, "connected", true, 5000, nick + " connects: " + c.lastError)
        }
        return c
    }
    // Says `text` in the client's current room and waits for the hub's echo.
    function say(client, text) {
        const before = client.messages.count
        verify(client.sendMessage(text))
        tryVerify(() => client.messages.count > before, 5000, "echo of " + text)
    }
    function texts(model) { return fixture.column(model, "text") }
}
