import QtQuick

// Puts plain text on the system clipboard (QtQuick has no clipboard type: a hidden
// TextEdit copies its selection). `lastCopied` lets tests see what a menu action copied.
Item {
    id: clip
    property string lastCopied: ""
    function copy(text) {
        edit.text = text
        edit.selectAll()
        edit.copy()
        lastCopied = text
    }
    visible: false
    TextEdit { id: edit; textFormat: TextEdit.PlainText }
}
