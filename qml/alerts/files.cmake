# QML files of the alerts feature (qml/alerts), included by the top-level CMakeLists.txt
# into the Pulseboard module. Paths are relative to the top-level CMakeLists.txt.
set(PULSEBOARD_ALERTS_QML_FILES
    qml/alerts/AlertStyle.js
    qml/alerts/AlertBadge.qml
    qml/alerts/AlertToast.qml
    qml/alerts/NotificationRow.qml
    qml/alerts/NotificationCenterPane.qml
    qml/alerts/AlertRuleRow.qml
    qml/alerts/AlertRuleForm.qml
    qml/alerts/AlertRuleEditor.qml
    qml/alerts/AlertSettings.qml
)
