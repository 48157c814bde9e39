import QtQuick
import QtTest
import Pulseboard
import AlertsTest

// AlertRuleEditor: the form's errors are the C++ parser's own words; a good rule is
// applied and evaluated at once; edit, enable, mute, delete and import/export through
// the editor's controls.
// TestCase is not visible itself: components are created in this visible root.
Item {
    id: root
    width: 1000
    height: 760

    TestCase {
        id: tc
        name: "AlertRuleEditor"
        when: windowShown

        property AlertService service: null
        property var editor: null

        Component {
            id: editorComponent
            AlertRuleEditor { width: 980; height: 740 }
        }

        function init() {
            service = Harness.createService()
            editor = createTemporaryObject(editorComponent, root, { service: service })
            verify(editor)
        }

        function field(name) { return findChild(editor, name) }
        function typeInto(name, text) {
            const f = field(name)
            verify(f.visible, name + " visible")
            f.forceActiveFocus()   // a click could land before the form's first layout
            f.selectAll()
            keyClick(Qt.Key_Delete)
            for (let i = 0; i < text.length; ++i)
                keyClick(text[i])
            compare(f.text, text)
        }
        function rowAt(i) {
            const l = field("ruleList")
            l.forceLayout()
            return l.itemAtIndex(i)
        }
        function newAboveRule() {
            mouseClick(field("newRuleButton"))
            verify(field("ruleForm").visible)
            typeInto("nameField", "Hot")
            typeInto("targetField", "T*")
        }

        function test_badLevelShowsTheParsersError() {
            newAboveRule()
            typeInto("raiseField", "ten")
            const error = field("errorLabel")
            // Shown while typing, and it is exactly what the parser says about the same rule.
            verify(error.visible)
            compare(error.text, 'rule "Hot" (rules[0]): field "raise": must be a number')
            compare(error.text, service.validateRule(editor.form.toMap(), -1))
            mouseClick(field("applyButton"))
            compare(error.text, 'rule "Hot" (rules[0]): field "raise": must be a number')
            compare(service.ruleCount, 0)
            verify(field("ruleForm").visible)   // the form stays open to fix it
        }

        function test_clearOnTheWrongSide() {
            newAboveRule()
            typeInto("raiseField", "10")
            typeInto("clearField", "20")
            mouseClick(field("applyButton"))
            compare(field("errorLabel").text,
                    'rule "Hot" (rules[0]): field "clear": must be a number below "raise" for an "above" rule')
            compare(service.ruleCount, 0)
        }

        function test_goodRuleIsApplied() {
            newAboveRule()
            typeInto("raiseField", "10")
            typeInto("clearField", "5")
            typeInto("forField", "2")
            field("severityBox").currentIndex = 2
            typeInto("roomField", "ops")
            verify(!field("errorLabel").visible)
            mouseClick(field("applyButton"))
            compare(service.ruleCount, 1)
            const r = service.rules[0]
            compare(r.name, "Hot")
            compare(r.kind, "above")
            compare(r.series, "T*")
            compare(r.raise, 10)
            compare(r.clear, 5)
            compare(r.forSeconds, 2)
            compare(r.severity, "critical")
            compare(r.postToRoom, "ops")
            compare(editor.editingIndex, -2)   // form closed
            compare(field("ruleList").count, 1)
            // The rule is live: a sample above 10 held for 2 s raises it.
            Harness.feed(service, "TEMP", 1000, 11)
            Harness.feed(service, "TEMP", 3000, 11)
            compare(service.notificationCenter.count, 1)
            compare(service.notificationCenter.event === undefined, true)
        }

        function test_editExistingRule() {
            compare(service.applyRulesJson('{"rules":[{"name":"Hot","kind":"above","series":"T","raise":10}]}'), "")
            mouseClick(rowAt(0), 120, 12)
            compare(editor.editingIndex, 0)
            compare(field("nameField").text, "Hot")
            compare(field("raiseField").text, "10")
            compare(field("applyButton").text, "Apply")
            typeInto("raiseField", "12.5")
            mouseClick(field("applyButton"))
            compare(service.ruleCount, 1)
            compare(service.rules[0].raise, 12.5)
        }

        function test_kindChangesTheFields() {
            mouseClick(field("newRuleButton"))
            typeInto("nameField", "Quiet")
            field("kindBox").currentIndex = 3   // stale
            verify(!field("raiseField").visible)
            verify(field("afterField").visible)
            typeInto("targetField", "BTC")
            mouseClick(field("applyButton"))
            compare(field("errorLabel").text, 'rule "Quiet" (rules[0]): field "afterSeconds": required (a number)')
            typeInto("afterField", "30")
            verify(!field("errorLabel").visible)
            mouseClick(field("applyButton"))
            compare(service.rules[0].afterSeconds, 30)
            compare(service.rules[0].kind, "stale")
        }

        function test_quickSwitchesAndDelete() {
            compare(service.applyRulesJson('{"rules":[{"name":"Hot","kind":"above","series":"T","raise":10}]}'), "")
            const sw = findChild(rowAt(0), "enabledSwitch")
            verify(sw.checked)
            mouseClick(sw)
            compare(service.rules[0].enabled, false)
            mouseClick(findChild(rowAt(0), "muteButton"))
            compare(service.rules[0].muted, true)
            compare(findChild(rowAt(0), "muteButton").text, "Unmute")
            service.snoozeRule("Hot", 3600)
            compare(service.rules[0].snoozeUntil, Harness.now + 3600 * 1000)
            compare(findChild(rowAt(0), "snoozeButton").text, "Wake")
            mouseClick(findChild(rowAt(0), "snoozeButton"))
            compare(service.rules[0].snoozeUntil, undefined)

            mouseClick(findChild(rowAt(0), "deleteButton"))
            const dialog = findChild(editor, "confirmDelete")
            tryCompare(dialog, "opened", true)
            dialog.accept()
            compare(service.ruleCount, 0)
        }

        function test_importAndExport() {
            compare(service.applyRulesJson('{"rules":[{"name":"Hot","kind":"above","series":"T","raise":10}]}'), "")
            const out = Harness.tempUrl("exported.json")
            editor.exportTo(out)
            compare(field("messageLabel").text, "Exported 1 rule(s).")
            compare(service.applyRulesJson('{"rules":[]}'), "")
            editor.importFrom(out)
            compare(service.ruleCount, 1)
            compare(field("messageLabel").text, "Imported 1 rule(s).")

            const bad = Harness.tempUrl("bad.json", '{"rules":[{"name":"x","kind":"above","series":"a","raise":"1"}]}')
            editor.importFrom(bad)
            verify(editor.messageIsError)
            verify(field("messageLabel").text.endsWith('bad.json: rule "x" (rules[0]): field "raise": must be a number'))
            compare(service.ruleCount, 1)   // kept
        }
    }
}
