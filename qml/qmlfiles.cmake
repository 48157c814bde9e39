# QML files of the Pulseboard module, grouped by feature. Paths are relative to
# the top-level CMakeLists.txt (qt_add_qml_module is called there).
set(PULSEBOARD_QML_FILES
    qml/Main.qml
    qml/common/Theme.qml
    qml/common/Format.js
    qml/common/Panel.qml
    qml/common/Pill.qml
    qml/common/Logo.qml
    qml/common/PrimaryButton.qml
    qml/common/StatusBar.qml
    qml/common/MainToolBar.qml
    qml/common/ShortcutsDialog.qml
    qml/common/DashboardTabs.qml
    qml/common/MainMenuBar.qml
    qml/common/WorkspaceFiles.qml
    qml/common/Clipboard.qml
    qml/connections/ConnectionSidebar.qml
    qml/connections/ConnectionCard.qml
    qml/connections/ConnectionDialog.qml
    qml/connections/ProfileBuilderDialog.qml
    qml/connections/ProfileBuilderPane.qml
    qml/connections/FieldTree.qml
    qml/connections/SeriesPreview.qml
    qml/connections/SeriesList.qml
    qml/charts/ChartPane.qml
    qml/charts/ChartCard.qml
    qml/charts/SeriesPicker.qml
    qml/charts/ChartAxisLabels.qml
    qml/charts/ChartInspector.qml
    qml/charts/ChartTooltip.qml
    qml/charts/ChartMenu.qml
    qml/charts/SeriesMenu.qml
    qml/charts/ChartLegendRow.qml
    qml/charts/ChartRangePopup.qml
    qml/ticker/TickerTable.qml
    qml/ticker/TickerRow.qml
    qml/ticker/SortHeader.qml
    qml/ticker/Sparkline.qml
    qml/inspector/InspectorPane.qml
    qml/inspector/MessageRow.qml
    qml/inspector/Composer.qml
)
# Theme is a singleton (colours and sizes that follow the system palette).
set_source_files_properties(qml/common/Theme.qml PROPERTIES QT_QML_SINGLETON_TYPE TRUE)
