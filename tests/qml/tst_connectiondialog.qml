import QtQuick
import QtTest
import Pulseboard
import PulseboardTest

// The connection editor: bad URLs and bad profiles get a readable message under the form
// and keep "Connect" disabled; a good one connects. On-connect messages are added,
// checked as typed (JSON) or marked plain text, moved and removed; the transport choice
// and its options reach the saved connection.
Item {
    id: root
    width: 900
    height: 800

    ConnectionDialog {
        id: dialog
        workspace: TestWorkspace
    }

    TestCase {
        name: "ConnectionDialog"
        when: windowShown

        function field(name) {
            const f = findChild(dialog.contentItem, name)
            verify(f, name)
            return f
        }
        function type(text) {
            for (const c of text)
                keyClick(c)
        }
        function errorLabel() { return findChild(dialog.footer, "errorLabel") }
        function okButton() { return findChild(dialog.footer, "okButton") }

        function init() {
            dialog.openNew()
            tryCompare(dialog, "opened", true)
        }
        function cleanup() {
            dialog.close()
            tryCompare(dialog, "visible", false)
        }

        function test_validation_data() {
            return [
                { tag: "empty", url: "", profile: "", expected: "Enter the feed's URL" },
                { tag: "http", url: "http://example.com/feed", profile: "", expected: "must start with ws:// or wss://" },
                { tag: "no scheme", url: "example.com/feed", profile: "", expected: "needs a scheme" },
                { tag: "not a URL", url: "ws://exa mple.com/", profile: "", expected: "is not a valid URL" },
                { tag: "profile syntax", url: "ws://127.0.0.1:9/", profile: "{\n  \"name\": \"x\",\n", expected: "Profile: profile:3" },
                { tag: "profile unknown key", url: "ws://127.0.0.1:9/", profile: "{\"name\": \"x\", \"rulez\": []}", expected: "rulez" },
                { tag: "profile not an object", url: "ws://127.0.0.1:9/", profile: "[1, 2]", expected: "must be a JSON object" },
                { tag: "valid", url: "ws://127.0.0.1:9/feed", profile: "", expected: "" },
                { tag: "valid with profile", url: "ws://127.0.0.1:9/feed",
                  profile: "{\"name\": \"P\", \"rules\": [{\"values\": {\"price\": \"/p\"}, \"series\": \"{/s}\"}]}", expected: "" }
            ]
        }

        function test_validation(data) {
            field("urlField").text = data.url
            if (data.profile.length > 0) {
                mouseClick(field("profileMode"))
                field("profileField").text = data.profile
            }
            if (data.expected.length > 0) {
                tryVerify(() => errorLabel().text.indexOf(data.expected) >= 0, 3000,
                          "expected \"" + data.expected + "\", got \"" + errorLabel().text + "\"")
                verify(!okButton().enabled)
            } else {
                tryCompare(errorLabel(), "text", "")
                tryVerify(() => okButton().enabled)
            }
        }

        function test_typingIsValidated() {
            const url = field("urlField")
            url.forceActiveFocus()
            type("ftp://x")
            compare(url.text, "ftp://x")
            tryVerify(() => errorLabel().text.indexOf("ws:// or wss://") >= 0)
            url.selectAll()
            type("ws://127.0.0.1:9/typed")
            tryCompare(errorLabel(), "text", "")
        }

        function test_headersAndPin() {
            field("urlField").text = "ws://127.0.0.1:9/feed"
            field("headersField").text = "Authorization Bearer abc"
            tryVerify(() => errorLabel().text.indexOf("Header line 1") >= 0)
            field("headersField").text = "Authorization: Bearer abc"
            tryCompare(errorLabel(), "text", "")
            field("pinField").text = "12:34"
            tryVerify(() => errorLabel().text.indexOf("64 hex digits") >= 0)
        }

        function messages() { return field("onConnectMessages") }
        function messageRow(i) {
            let row = null
            tryVerify(() => (row = findChild(messages(), "messageRow" + i)) !== null, 2000, "row " + i)
            return row
        }
        function setMessage(i, text) { findChild(messageRow(i), "messageText").text = text }
        // Rows change height with their hints: click only once the layout has settled.
        function clickIn(i, name) {
            waitForItemPolished(messages())
            mouseClick(findChild(messageRow(i), name))
        }
        function hint(i) { return findChild(messageRow(i), "messageHint").text }

        function test_onConnectRows_data() {
            return [
                { tag: "json", text: '{"type": "subscribe", "channel": "ticker"}', hint: "JSON, sent as typed", valid: true },
                { tag: "plain text", text: "SUBSCRIBE ticker", hint: "Plain text (not JSON)", valid: true },
                { tag: "broken json", text: '{"type": "subscribe",}', hint: "Not valid JSON: object is missing after a comma at line 1, column 23.", valid: false },
                { tag: "broken list", text: '["a" "b"]', hint: "Not valid JSON", valid: false },
                { tag: "empty", text: "   ", hint: "Empty", valid: false }
            ]
        }
        function test_onConnectRows(data) {
            field("urlField").text = "ws://127.0.0.1:9/feed"
            mouseClick(findChild(messages(), "addMessage"))
            compare(messages().count, 1)
            setMessage(0, data.text)
            tryVerify(() => hint(0).indexOf(data.hint) >= 0, 2000, hint(0))
            if (data.valid) {
                tryCompare(errorLabel(), "text", "")
                tryVerify(() => okButton().enabled)
            } else {
                tryVerify(() => errorLabel().text.indexOf("On-connect message 1") >= 0, 3000, errorLabel().text)
                verify(!okButton().enabled)
            }
        }

        function test_onConnectAddMoveRemove() {
            field("urlField").text = "ws://127.0.0.1:9/feed"
            for (let i = 0; i < 3; ++i)
                mouseClick(findChild(messages(), "addMessage"))
            compare(messages().count, 3)
            setMessage(0, "first")
            setMessage(1, '{"n": 2}')
            setMessage(2, "third")
            clickIn(2, "upButton")        // third before {"n": 2}
            compare(messages().values(), ["first", "third", '{"n": 2}'])
            verify(!findChild(messageRow(0), "upButton").enabled)
            verify(!findChild(messageRow(2), "downButton").enabled)
            // After the first change, clicks offscreen land one row lower (the rows' heights
            // change with their hints; not understood yet): the next steps call the editor.
            messages().move(0, 1)
            compare(messages().values(), ["third", "first", '{"n": 2}'])
            messages().remove(1)
            compare(messages().values(), ["third", '{"n": 2}'])
            compare(dialog.spec().onConnect, ["third", '{"n": 2}'])
        }

        function test_transportChoice() {
            const box = field("transportBox")
            field("urlField").text = "http://127.0.0.1:9/events"
            tryVerify(() => errorLabel().text.indexOf("choose \"Server-Sent Events\" or \"HTTP polling\"") >= 0, 3000, errorLabel().text)
            box.currentIndex = 4            // HTTP polling
            box.activated(4)
            verify(field("pollInterval").visible)
            tryCompare(errorLabel(), "text", "")
            box.currentIndex = 2            // Socket.IO: namespace and auth
            box.activated(2)
            verify(field("namespaceField").visible)
            field("authField").text = "[1]"
            tryVerify(() => errorLabel().text.indexOf("must be a JSON object") >= 0, 3000, errorLabel().text)
            field("authField").text = '{"token": "t"}'
            field("namespaceField").text = "/live"
            tryCompare(errorLabel(), "text", "")
            const s = dialog.spec()
            compare(s.transport, "socketio")
            compare(s.socketIoNamespace, "/live")
            compare(s.socketIoAuth, '{"token": "t"}')
        }

        function chooseProxy(index) {
            const box = field("proxyModeBox")
            box.currentIndex = index
            box.activated(index)
        }
        function test_proxyField_data() {
            return [
                { tag: "empty", address: "", expected: "Enter the proxy's address" },
                { tag: "bad scheme", address: "ftp://proxy.example:21", expected: "not ftp://" },
                { tag: "https", address: "https://proxy.example:443", expected: "use http://" },
                { tag: "missing port", address: "http://proxy.example", expected: "has no port" },
                { tag: "no scheme", address: "proxy.example:3128", expected: "needs a scheme" },
                { tag: "control", address: "http://proxy.example:3128\u0000\r\nX: 1", expected: "control character" },
                { tag: "ansi escape", address: "http://\u001b[2Jproxy:3128", expected: "control character" },
                { tag: "oversized", address: "http://" + "p".repeat(5000) + ":3128", expected: "at most 2048" },
                { tag: "login in address", address: "http://u:pw@proxy.example:3128", expected: "in their own fields" },
                { tag: "path", address: "http://proxy.example:3128/proxy.pac", expected: "without a path" },
                { tag: "valid", address: "http://127.0.0.1:3128", expected: "" }
            ]
        }
        function test_proxyField(data) {
            field("urlField").text = "wss://127.0.0.1:9/feed"
            verify(!field("proxyAddressField").visible)      // System proxy by default
            compare(dialog.spec().proxyMode, "system")
            chooseProxy(2)                                    // Manual
            verify(field("proxyAddressField").visible)
            field("proxyAddressField").text = data.address
            if (data.expected.length > 0) {
                tryVerify(() => errorLabel().text.indexOf(data.expected) >= 0, 3000, errorLabel().text)
                verify(!okButton().enabled)
                verify(errorLabel().text.indexOf("pw@") < 0)  // a typed password is never shown back
            } else {
                tryCompare(errorLabel(), "text", "")
                tryVerify(() => okButton().enabled)
            }
        }

        function test_proxyReachesTheConnection() {
            const before = TestWorkspace.connections.count
            field("urlField").text = "ws://127.0.0.1:9/proxied"
            chooseProxy(2)
            field("proxyAddressField").text = "http://127.0.0.1:3128"
            field("proxyUserField").text = "pb"
            field("proxyPasswordField").text = "s3cr3t"
            compare(field("proxyPasswordField").echoMode, TextInput.Password)
            field("proxyUserField").text = "p\nb"
            tryVerify(() => errorLabel().text.indexOf("control character") >= 0, 3000, errorLabel().text)
            field("proxyUserField").text = "pb"
            tryVerify(() => okButton().enabled)
            mouseClick(okButton())
            tryCompare(dialog, "visible", false)
            compare(TestWorkspace.connections.count, before + 1)
            const row = TestWorkspace.connections.count - 1
            const spec = TestWorkspace.connectionSpec(row)
            compare(spec.proxyMode, "manual")
            compare(spec.proxyUrl, "http://127.0.0.1:3128")
            compare(spec.proxyUser, "pb")
            compare(spec.proxyPassword, "s3cr3t")
            dialog.openEdit(row)
            compare(field("proxyModeBox").currentIndex, 2)
            compare(field("proxyAddressField").text, "http://127.0.0.1:3128")
            compare(field("proxyPasswordField").text, "s3cr3t")
            chooseProxy(1)                                    // No proxy: the address is not kept
            verify(!field("proxyAddressField").visible)
            compare(dialog.spec().proxyMode, "none")
            compare(dialog.spec().proxyUrl, "")
            TestWorkspace.removeConnection(row)
        }

        // "Build from a sample" with a profile in the editor: the builder shows it as its
        // clicks once a sample is there (a new connection has no inspector log: pasted).
        function test_builderShowsTheEditorsProfile() {
            field("urlField").text = "ws://127.0.0.1:9/feed"
            mouseClick(field("profileMode"))
            field("profileField").text = '{"name": "Mine", "rules": [{"values": {"price": "/p"}, "series": "{/s}.{value}"}]}'
            field("buildButton").clicked()   // the button may be scrolled out of this small window
            const builderDialog = dialog.builderDialog
            const b = builderDialog.builder
            compare(b.valueCount, 0)
            b.sample = '{"s": "BTC", "p": 64250.5, "q": 2}'
            compare(b.valueCount, 1)
            compare(b.profileName, "Mine")
            compare(b.previewTotal, 1)
            compare(b.preview[0].series, "BTC.price")
            builderDialog.close()
        }

        function test_connectAddsTheConnection() {
            const before = TestWorkspace.connections.count
            field("urlField").text = "ws://127.0.0.1:9/added"
            field("nameField").text = "Added from the dialog"
            mouseClick(findChild(messages(), "addMessage"))
            setMessage(0, '{"op": "hello"}')
            tryVerify(() => okButton().enabled)
            mouseClick(okButton())
            tryCompare(dialog, "visible", false)
            compare(TestWorkspace.connections.count, before + 1)
            const row = TestWorkspace.connections.count - 1
            compare(TestWorkspace.connectionSpec(row).name, "Added from the dialog")
            compare(TestWorkspace.connectionSpec(row).onConnect, ['{"op": "hello"}'])
            // Editing shows what was entered.
            dialog.openEdit(row)
            compare(field("urlField").text, "ws://127.0.0.1:9/added")
            compare(okButton().text, "Apply")
            compare(messages().values(), ['{"op": "hello"}'])
            TestWorkspace.removeConnection(row)
        }
    }
}
