import QtQuick
import QtTest
import Pulseboard
import PulseboardTest

// The connection editor: bad URLs and bad profiles get a readable message under the form
// and keep "Connect" disabled; a good one connects.
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

        function test_connectAddsTheConnection() {
            const before = TestWorkspace.connections.count
            field("urlField").text = "ws://127.0.0.1:9/added"
            field("nameField").text = "Added from the dialog"
            tryVerify(() => okButton().enabled)
            mouseClick(okButton())
            tryCompare(dialog, "visible", false)
            compare(TestWorkspace.connections.count, before + 1)
            const row = TestWorkspace.connections.count - 1
            compare(TestWorkspace.connectionSpec(row).name, "Added from the dialog")
            // Editing shows what was entered.
            dialog.openEdit(row)
            compare(field("urlField").text, "ws://127.0.0.1:9/added")
            compare(okButton().text, "Apply")
            TestWorkspace.removeConnection(row)
        }
    }
}
