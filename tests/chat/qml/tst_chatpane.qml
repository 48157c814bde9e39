import QtQuick
import QtTest
import Pulseboard

// ChatPane against a real hub: history on join with its divider, sending (Enter, not
// Shift+Enter) reaches another client, markup shown literally, @mentions highlighted,
// unread counts of other rooms, typing indicator, private conversations, readable
// errors, the composer's byte limit and Ctrl+K.
ChatFixtureBase {
    id: root
    name: "ChatPane"

    Component { id: paneComponent; ChatPane { width: root.width; height: root.height } }

    property ChatClient alice: null
    property ChatClient bob: null
    property ChatPane pane: null

    function init() {
        destroyClients()
        host = startHost()
        bob = makeClient("bob", host)
        verify(bob.join("general"))
    }
    function openPane() {
        alice = makeClient("alice", host)
        pane = createTemporaryObject(paneComponent, root, { client: alice })
        verify(alice.join("general"))
        tryCompare(alice, "currentRoom", "general")
        tryCompare(alice.participants, "count", 2)
    }
    function row(seq) { return findChild(pane, "message_" + seq) }
    function part(seq, name) { const r = row(seq); return r ? findChild(r, name) : null }

    function test_historyOnJoin() {
        tryCompare(bob.rooms, "count", 1)
        say(bob, "morning")
        say(bob, "anyone?")
        openPane()
        tryCompare(alice.messages, "count", 2)
        tryVerify(() => row(2) !== null)
        compare(part(1, "messageText").text, "morning")
        compare(part(2, "messageText").text, "anyone?")
        // the divider closes the history: at the end while nothing live has arrived
        const footer = findChild(pane, "historyFooter")
        tryCompare(footer, "visible", true)
        compare(findChild(footer, "historyLabel").text, "▲ history · 2 earlier messages")
        // grouping: the second line from bob has no header of its own
        compare(part(1, "senderLabel").visible, true)
        compare(part(2, "senderLabel").visible, false)
        // a live message moves the divider above it
        say(bob, "live now")
        tryVerify(() => row(3) !== null)
        compare(row(3).showHistoryDivider, true)
        compare(row(2).showHistoryDivider, false)
        compare(footer.visible, false)
    }

    function test_sendReachesAnotherClient() {
        openPane()
        const field = findChild(pane, "composerField")
        field.forceActiveFocus()
        field.text = "hello"
        field.cursorPosition = field.length
        keyClick(Qt.Key_Return, Qt.ShiftModifier)          // Shift+Enter: new line, not sent
        compare(field.text, "hello\n")
        field.insert(field.length, "bob")
        keyClick(Qt.Key_Return)                               // Enter: sent
        compare(field.text, "")
        tryVerify(() => texts(bob.messages).indexOf("hello\nbob") >= 0, 5000, texts(bob.messages).join("|"))
        tryVerify(() => row(1) !== null)
        compare(part(1, "messageText").text, "hello\nbob")
    }

    function test_markupIsShownLiterally() {
        openPane()
        const hostile = "<b>bold</b><img src=x>"
        say(bob, hostile)
        tryVerify(() => row(1) !== null)
        const text = part(1, "messageText")
        compare(text.text, hostile)
        compare(text.textFormat, TextEdit.PlainText)
        compare(text.length, hostile.length)                  // rich text would leave "bold" + an image
        compare(text.getText(0, text.length), hostile)
        compare(part(1, "senderLabel").textFormat, Text.PlainText)
    }

    function test_mentionIsHighlighted() {
        openPane()
        say(bob, "plain line")
        say(bob, "ping @alice, look")
        tryVerify(() => row(2) !== null)
        compare(row(1).mentionsMe, false)
        compare(row(2).mentionsMe, true)
        compare(part(1, "messageBody").color.a, 0)            // transparent unless hovered
        verify(part(2, "messageBody").color.a > 0)
        say(bob, "mail@alice.example is not a mention")
        tryVerify(() => row(3) !== null)
        compare(row(3).mentionsMe, false)
    }

    function test_alertPostIsNotTheSendersWords() {
        openPane()
        say(bob, "I look at the disk")
        verify(bob.sendAlertToRoom("general", "disk: raised, 97 % > 90 %"))
        tryVerify(() => row(2) !== null)
        compare(row(1).alert, false)
        compare(row(2).alert, true)
        compare(part(1, "alertLabel").visible, false)
        // its own group with the alert label, though bob sent both lines
        compare(part(2, "senderLabel").visible, true)
        compare(part(2, "alertLabel").visible, true)
        compare(part(2, "alertLabel").text, "⚠ alert from their Pulseboard")
        verify(part(2, "messageBody").color.a > 0)
        // an alert post never counts as a mention, whatever it says
        verify(bob.sendAlertToRoom("general", "@alice disk again"))
        tryVerify(() => row(3) !== null)
        compare(row(3).mentionsMe, false)
        compare(row(3).alert, true)
    }

    function test_unreadCountInOtherRoom() {
        openPane()
        verify(alice.join("random"))
        tryVerify(() => fixture.column(alice.rooms, "joined").join() === "true,true")   // before bob speaks
        verify(bob.join("random"))
        tryCompare(alice, "currentRoom", "general")
        tryVerify(() => findChild(pane, "room_random") !== null)
        const badge = findChild(findChild(pane, "room_random"), "unreadBadge")
        compare(badge.visible, false)
        bob.currentRoom = "random"
        say(bob, "over here")
        say(bob, "anyone?")
        tryCompare(findChild(findChild(pane, "room_random"), "unreadCount"), "text", "2")
        compare(badge.visible, true)
        compare(alice.rooms.totalUnread, 2)
        mouseClick(findChild(pane, "room_random"))
        compare(alice.currentRoom, "random")
        tryCompare(badge, "visible", false)
        tryVerify(() => row(2) !== null)
    }

    function test_typingIndicator() {
        openPane()
        bob.currentRoom = "general"
        bob.setTyping(true)
        tryCompare(findChild(pane, "typingLabel"), "text", "bob is typing…")
        bob.setTyping(false)
        tryCompare(findChild(pane, "typingLabel"), "text", "")
    }

    function test_privateConversation() {
        openPane()
        verify(bob.sendPrivate("alice", "psst <i>secret</i>"))
        tryVerify(() => findChild(pane, "room_@bob") !== null)
        compare(alice.currentRoom, "general")
        mouseClick(findChild(pane, "room_@bob"))
        compare(alice.currentRoom, "@bob")
        tryVerify(() => row(1) !== null)
        compare(part(1, "messageText").text, "psst <i>secret</i>")
        const field = findChild(pane, "composerField")
        field.forceActiveFocus()
        field.text = "ok"
        keyClick(Qt.Key_Return)
        tryCompare(bob.rooms, "count", 2)
        bob.currentRoom = "@alice"
        tryVerify(() => texts(bob.messages).indexOf("ok") >= 0)
    }

    function test_hubErrorsAreReadable() {
        openPane()
        const carol = makeClient("Bob", host, false)       // nicknames are unique case-insensitively
        carol.connectToHub()
        tryCompare(carol, "state", ChatClient.Failed)
        const other = createTemporaryObject(paneComponent, root, { client: carol })
        const banner = findChild(other, "errorBanner")
        tryCompare(banner, "visible", true)
        compare(findChild(other, "errorText").text, "The nickname \"Bob\" is already in use on this hub; choose another.")
        // an invalid room name from the join field is explained, nothing is sent
        const joinField = findChild(pane, "joinRoomField")
        joinField.forceActiveFocus()
        joinField.text = "no spaces!"
        keyClick(Qt.Key_Return)
        compare(alice.rooms.count, 1)
    }

    function test_composerByteLimit() {
        openPane()
        const field = findChild(pane, "composerField")
        const send = findChild(pane, "sendButton")
        field.text = "é".repeat(2000)                          // 4,000 UTF-8 bytes: allowed
        compare(send.enabled, true)
        field.text = "é".repeat(2000) + "x"
        compare(send.enabled, false)
        compare(findChild(pane, "byteCounter").text, "4001 / 4000 bytes — too long to send")
        field.forceActiveFocus()
        keyClick(Qt.Key_Return)
        compare(alice.messages.count, 0)
    }

    function test_ctrlKJumpsToRoom() {
        openPane()
        verify(alice.join("random"))
        tryVerify(() => findChild(pane, "room_random") !== null)
        findChild(pane, "composerField").forceActiveFocus()
        keyClick(Qt.Key_K, Qt.ControlModifier)
        const switcher = findChild(pane, "roomSwitcher")
        tryCompare(switcher, "opened", true)
        keyClick("r")
        keyClick("a")
        compare(findChild(switcher, "switcherField").text, "ra")
        compare(switcher.matches, ["random", "general"])      // names starting with it first
        keyClick(Qt.Key_Return)
        compare(alice.currentRoom, "random")
        tryCompare(switcher, "visible", false)
        keyClick(Qt.Key_K, Qt.ControlModifier)
        tryCompare(switcher, "opened", true)
        keyClick(Qt.Key_Escape)
        tryCompare(switcher, "visible", false)
        compare(alice.currentRoom, "random")
    }
}
