# QML files of the LAN chat (qml/chat) and the host view (qml/host), appended to the
# Pulseboard module's QML_FILES by the top-level CMakeLists.txt.
set(PULSEBOARD_CHAT_QML_FILES
    qml/chat/ChatFormat.js
    qml/chat/ChatPage.qml
    qml/chat/ChatPane.qml
    qml/chat/RoomList.qml
    qml/chat/RoomSwitcher.qml
    qml/chat/MessageList.qml
    qml/chat/ChatMessageRow.qml
    qml/chat/HistoryDivider.qml
    qml/chat/ChatComposer.qml
    qml/chat/ParticipantList.qml
    qml/chat/JoinDialog.qml
    qml/chat/DiscoveredSessions.qml
    qml/chat/TrustPanel.qml
    qml/chat/CertificateChangedPanel.qml
    qml/host/HostDialog.qml
    qml/host/HostView.qml
    qml/host/HostingSummary.qml
    qml/host/PeerTable.qml
    qml/host/RejectionTable.qml
)
