import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Pulseboard

// Join a chat session: one click on a session announced on the LAN, or any ws:// or
// wss:// address typed by hand; nickname and password. A wss:// hub seen for the first
// time shows its certificate fingerprint and is joined only once the user trusts it
// (pinned in known hosts); a hub whose certificate CHANGED is refused with a warning.
// Esc closes.
Dialog {
    id: dialog
    required property ChatClient client
    property DiscoveryListener discovery: ownDiscovery   // tests hand in their own
    property string page: "form"                          // form, probing, trust, changed, connecting
    property string error: ""
    property string notice: ""
    property string announcedUrl: ""                      // the discovered session last chosen...
    property string announcedFingerprint: ""              // ...and the fingerprint it announced
    property string trustFingerprint: ""
    property string changedWarning: ""

    signal joined()

    title: qsTr("Join a chat session")
    modal: true
    focus: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 60 : 640, 640)
    padding: 16
    closePolicy: Popup.CloseOnEscape
    background: Rectangle {
        color: Theme.panel
        radius: Theme.radius
        border.color: Theme.border
    }
    Overlay.modal: Rectangle { color: Qt.rgba(0, 0, 0, Theme.dark ? 0.55 : 0.32) }
    header: Label {
        text: dialog.title
        textFormat: Text.PlainText
        font.bold: true
        font.pointSize: Qt.application.font.pointSize + 1
        color: Theme.text
        elide: Text.ElideRight
        padding: 16
        bottomPadding: 2
    }

    readonly property string url: urlField.text.trim()
    readonly property bool busy: page === "probing" || page === "connecting"

    HubJoinCheck { id: check; knownHostsFile: dialog.client.knownHostsFile }
    DiscoveryListener { id: ownDiscovery }

    function openDialog() {
        page = "form"
        error = ""
        notice = dialog.client.connected ? qsTr("Joining another session leaves “%1”.").arg(dialog.client.sessionName) : ""
        if (nickField.text.length === 0)
            nickField.text = dialog.client.nickname
        open()
        if (discovery === ownDiscovery && !ownDiscovery.listening)
            ownDiscovery.start()
        (nickField.text.length === 0 ? nickField : urlField).forceActiveFocus()
    }

    // Prefilled (e.g. one's own hosted session): the fingerprint is treated as announced.
    function openFor(sessionUrl, fingerprint) {
        urlField.text = sessionUrl
        announcedUrl = sessionUrl
        announcedFingerprint = fingerprint
        openDialog()
        nickField.forceActiveFocus()
    }

    function chooseSession(sessionUrl, fingerprint, passwordRequired) {
        urlField.text = sessionUrl
        announcedUrl = sessionUrl
        announcedFingerprint = fingerprint
        if (passwordRequired && passwordField.text.length === 0) {
            error = qsTr("This session needs a password.")
            passwordField.forceActiveFocus()
            return
        }
        join()
    }

    function join() {
        error = ""
        const urlProblem = check.urlError(url)
        if (urlProblem.length > 0) { error = urlProblem; urlField.forceActiveFocus(); return }
        const nickProblem = check.nickError(nickField.text)
        if (nickProblem.length > 0) { error = nickProblem; nickField.forceActiveFocus(); return }
        decide(url === announcedUrl ? announcedFingerprint : "", false)
    }

    // `fingerprint`: what discovery announced or the probe read (may be empty).
    function decide(fingerprint, probed) {
        const pin = check.pinStatus(url, fingerprint)
        if (pin.state === "invalid") {
            error = check.urlError(url)
        } else if (pin.state === "plain" || pin.state === "trusted") {
            connectNow(pin.pinned)
        } else if (pin.state === "changed") {
            changedWarning = pin.warning
            page = "changed"
        } else if (pin.announced.length > 0) {   // unknown: show it, let the user decide
            trustFingerprint = pin.announced
            page = "trust"
        } else if (!probed) {
            page = "probing"
            check.probe(url)
        } else {
            error = qsTr("The hub presented no certificate fingerprint.")
            page = "form"
        }
    }

    function trustAndJoin() {
        const e = check.trust(url, trustFingerprint)
        notice = e.length > 0 ? qsTr("The fingerprint could not be saved (%1); it is trusted for this connection only.").arg(e) : ""
        connectNow(trustFingerprint)
    }

    function connectNow(fingerprint) {
        if (dialog.client.state !== ChatClient.Disconnected && dialog.client.state !== ChatClient.Failed)
            dialog.client.disconnectFromHub()
        dialog.client.url = url
        dialog.client.nickname = nickField.text.trim()
        dialog.client.password = passwordField.text
        dialog.client.expectedFingerprint = fingerprint
        page = "connecting"
        dialog.client.connectToHub()
    }

    function cancel() {
        if (page === "probing")
            check.cancelProbe()
        if (page === "connecting")
            dialog.client.disconnectFromHub()
        page = "form"
    }

    Connections {
        target: check
        function onProbeFinished(probedUrl, fingerprint, why) {
            if (dialog.page !== "probing" || probedUrl !== dialog.url)
                return
            if (why.length > 0) {
                dialog.error = why
                dialog.page = "form"
                return
            }
            dialog.decide(fingerprint, true)
        }
    }
    Connections {
        target: dialog.client
        enabled: dialog.page === "connecting"
        function onStateChanged() {
            if (dialog.client.state === ChatClient.Connected) {
                if (dialog.client.rooms.count === 0)
                    dialog.client.join("general")
                dialog.page = "form"
                dialog.joined()
                dialog.close()
            } else if (dialog.client.state === ChatClient.Failed) {
                Qt.callLater(dialog.showFailure)   // the reason (lastError) is set right after the state
            }
        }
    }
    function showFailure() {
        if (client.certificateWarning.length > 0) {
            changedWarning = client.certificateWarning
            page = "changed"
        } else {
            error = client.lastError.length > 0 ? client.lastError : qsTr("Could not join %1.").arg(url)
            page = "form"
        }
    }

    onClosed: {
        if (busy)
            cancel()
        if (discovery === ownDiscovery)
            ownDiscovery.stop()
    }

    // One page at a time; an Item rather than a StackLayout, whose implicit size would
    // follow the tallest page and loop with the wrapped labels.
    contentItem: Item {
        implicitWidth: 560
        implicitHeight: (dialog.page === "trust" ? trustPanel : dialog.page === "changed" ? changedPanel : form).implicitHeight

        ColumnLayout {   // the form
            id: form
            width: parent.width
            visible: dialog.page !== "trust" && dialog.page !== "changed"
            spacing: 10

            DiscoveredSessions {
                objectName: "discoveredSessions"
                discovery: dialog.discovery
                enabled: !dialog.busy
                Layout.fillWidth: true
                onChosen: (sessionUrl, fingerprint, passwordRequired) =>
                          dialog.chooseSession(sessionUrl, fingerprint, passwordRequired)
            }

            GridLayout {
                columns: 2
                columnSpacing: 12
                rowSpacing: 8
                enabled: !dialog.busy
                Layout.fillWidth: true

                Label { text: qsTr("Address"); color: Theme.muted; Layout.alignment: Qt.AlignRight }
                TextField {
                    id: urlField
                    objectName: "urlField"
                    Layout.fillWidth: true
                    placeholderText: "wss://192.168.1.20:8765/"
                    selectByMouse: true
                    font.family: Theme.monoFamily
                    inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                    onTextChanged: dialog.error = ""
                    onAccepted: dialog.join()
                }
                Label { text: qsTr("Nickname"); color: Theme.muted; Layout.alignment: Qt.AlignRight }
                TextField {
                    id: nickField
                    objectName: "nickField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("how others see you, e.g. alice")
                    maximumLength: 24
                    selectByMouse: true
                    onTextChanged: dialog.error = ""
                    onAccepted: dialog.join()
                }
                Label { text: qsTr("Password"); color: Theme.muted; Layout.alignment: Qt.AlignRight }
                TextField {
                    id: passwordField
                    objectName: "passwordField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("only if the session has one")
                    echoMode: TextInput.Password
                    selectByMouse: true
                    onAccepted: dialog.join()
                }
            }

            RowLayout {
                visible: dialog.busy
                spacing: 8
                Layout.fillWidth: true
                BusyIndicator { running: dialog.busy; implicitWidth: 24; implicitHeight: 24 }
                Label {
                    text: dialog.page === "probing" ? qsTr("Reading the certificate of %1…").arg(dialog.url)
                          : dialog.client.state === ChatClient.Reconnecting && dialog.client.lastError.length > 0
                            ? dialog.client.lastError
                            : qsTr("Connecting to %1…").arg(dialog.url)
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: Theme.muted
                    Layout.fillWidth: true
                }
            }
            Label {
                objectName: "errorLabel"
                visible: dialog.error.length > 0 && !dialog.busy
                text: dialog.error
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: Theme.danger
                Layout.fillWidth: true
            }
            Label {
                visible: dialog.notice.length > 0
                text: dialog.notice
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: Theme.muted
                font.pointSize: Theme.smallSize
                Layout.fillWidth: true
            }
            Label {
                visible: dialog.url.startsWith("ws://") && dialog.error.length === 0
                text: qsTr("ws:// is not encrypted: people on the network can read the messages.")
                color: Theme.warning
                font.pointSize: Theme.smallSize
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
        }

        TrustPanel {
            id: trustPanel
            width: parent.width
            visible: dialog.page === "trust"
            objectName: "trustPanel"
            address: dialog.url
            fingerprint: dialog.trustFingerprint
            onTrusted: dialog.trustAndJoin()
            onCancelled: dialog.page = "form"
        }

        CertificateChangedPanel {
            id: changedPanel
            width: parent.width
            visible: dialog.page === "changed"
            objectName: "changedPanel"
            warning: dialog.changedWarning
            onBack: dialog.page = "form"
            onForgetRequested: {
                const e = check.forget(dialog.url)
                dialog.error = e.length > 0 ? e : ""
                dialog.notice = e.length > 0 ? "" : qsTr("The old certificate was forgotten. Join again to see the new fingerprint.")
                dialog.page = "form"
            }
        }
    }

    footer: DialogButtonBox {
        background: null
        padding: 12
        visible: dialog.page === "form" || dialog.busy
        Button {
            text: dialog.busy ? qsTr("Stop") : qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: dialog.busy ? dialog.cancel() : dialog.close()
        }
        PrimaryButton {
            objectName: "joinButton"
            text: qsTr("Join")
            enabled: !dialog.busy && dialog.url.length > 0
            DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
            onClicked: dialog.join()
        }
    }
}
