# QML files of export (qml/export) and record/replay (qml/record), included by the
# top-level CMakeLists.txt into the Pulseboard module.
set(PULSEBOARD_KEEP_QML_FILES
    qml/export/ExportDialog.qml
    qml/record/RecordBar.qml
    qml/record/ReplayDialog.qml
)
