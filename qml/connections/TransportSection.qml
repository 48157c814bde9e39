import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// The connection editor's transport choice: Auto (by URL scheme), WebSocket, Socket.IO
// (namespace, auth object), Server-Sent Events or HTTP polling (interval). Holds the
// values of ConnectionSpec's transport fields; the Workspace checks them with the rest.
ColumnLayout {
    id: section
    signal edited()
    spacing: 6

    readonly property var transports: [
        { value: "auto", text: qsTr("Auto (from the URL)") },
        { value: "websocket", text: qsTr("WebSocket") },
        { value: "socketio", text: qsTr("Socket.IO") },
        { value: "sse", text: qsTr("Server-Sent Events") },
        { value: "poll", text: qsTr("HTTP polling") }
    ]
    readonly property string transport: transports[transportBox.currentIndex].value

    function load(spec) {
        const i = transports.findIndex(t => t.value === (spec.transport || "auto"))
        transportBox.currentIndex = i < 0 ? 0 : i
        pollBox.value = Math.max(1, Math.round((spec.pollIntervalMs || 5000) / 1000))
        namespaceField.text = spec.socketIoNamespace || "/"
        authField.text = spec.socketIoAuth || ""
    }
    function values() {
        return {
            transport: transport,
            pollIntervalMs: pollBox.value * 1000,
            socketIoNamespace: namespaceField.text,
            socketIoAuth: authField.text
        }
    }

    ComboBox {
        id: transportBox
        objectName: "transportBox"
        model: section.transports
        textRole: "text"
        Layout.preferredWidth: 240
        onActivated: section.edited()
        Accessible.name: qsTr("Transport")
    }

    RowLayout {
        visible: section.transport === "poll"
        spacing: 8
        Label { text: qsTr("Get the URL every") }
        SpinBox {
            id: pollBox
            objectName: "pollInterval"
            from: 1
            to: 86400
            value: 5
            editable: true
            onValueModified: section.edited()
            Accessible.name: qsTr("Poll interval in seconds")
        }
        Label { text: qsTr("seconds") }
    }

    GridLayout {
        visible: section.transport === "socketio"
        columns: 2
        columnSpacing: 8
        rowSpacing: 6
        Layout.fillWidth: true
        Label { text: qsTr("Namespace") }
        TextField {
            id: namespaceField
            objectName: "namespaceField"
            text: "/"
            Layout.fillWidth: true
            placeholderText: "/"
            selectByMouse: true
            onTextChanged: section.edited()
        }
        Label { text: qsTr("Auth") }
        TextField {
            id: authField
            objectName: "authField"
            Layout.fillWidth: true
            placeholderText: qsTr("optional JSON object, e.g. {\"token\": \"…\"}")
            font.family: Theme.monoFamily
            selectByMouse: true
            onTextChanged: section.edited()
        }
    }

    Label {
        text: ({
            auto: qsTr("ws:// and wss:// connect by WebSocket, socketio:// by Socket.IO; for an http(s):// URL choose SSE or HTTP polling."),
            websocket: qsTr("A plain WebSocket (ws:// or wss://)."),
            socketio: qsTr("Socket.IO v4 server: socketio://, http(s):// or ws(s)://host (the /socket.io/ path is added)."),
            sse: qsTr("A text/event-stream URL (http or https); reconnects with Last-Event-ID."),
            poll: qsTr("Gets a JSON URL at this interval (with the headers below); waits longer after errors.")
        })[section.transport]
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: Theme.muted
        font.pointSize: Theme.smallSize
        Layout.fillWidth: true
    }
}
