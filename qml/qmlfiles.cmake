# QML files of the Pulseboard module, grouped by feature. Paths are relative to
# the top-level CMakeLists.txt (qt_add_qml_module is called there).
set(PULSEBOARD_QML_FILES
    qml/Main.qml
)
