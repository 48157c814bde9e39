pragma Singleton
import QtQuick

// Colours, sizes and fonts of the window. Follows the system palette: a dark system
// palette selects the dark set, a light one the light set; the View menu can force
// either (mode, saved in the workspace layout). Presentation only, no application state.
QtObject {
    id: theme

    property string mode: "system"      // "system", "light" or "dark"
    readonly property SystemPalette system: SystemPalette { colorGroup: SystemPalette.Active }
    readonly property bool dark: mode === "dark"
                                 || (mode === "system" && luma(system.window) < 0.5)

    function luma(c) { return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b }

    readonly property color window: dark ? "#15181d" : "#eceef2"
    readonly property color panel: dark ? "#1e2228" : "#ffffff"
    readonly property color raised: dark ? "#262b33" : "#f5f6f8"
    readonly property color hover: dark ? "#2c323b" : "#eef2f8"
    readonly property color selected: dark ? "#213650" : "#dde9fb"
    readonly property color border: dark ? "#30363f" : "#d8dce3"
    readonly property color grid: dark ? "#2a2f37" : "#eceef2"
    readonly property color text: dark ? "#e3e7ee" : "#1b2130"
    readonly property color muted: dark ? "#8f99a8" : "#5d6777"
    readonly property color faint: dark ? "#5f6875" : "#9aa2ae"
    readonly property color accent: dark ? "#4d9bff" : "#2463d1"
    readonly property color accentText: "#ffffff"
    readonly property color up: dark ? "#2fcf86" : "#0f9a55"
    readonly property color down: dark ? "#ff6464" : "#d23a3a"
    readonly property color warning: dark ? "#f2b24c" : "#b86e00"
    readonly property color danger: down
    readonly property color ok: up
    readonly property color upFlash: Qt.rgba(up.r, up.g, up.b, dark ? 0.28 : 0.20)
    readonly property color downFlash: Qt.rgba(down.r, down.g, down.b, dark ? 0.28 : 0.18)

    readonly property var seriesPalette: dark
        ? ["#4d9bff", "#f5a524", "#2fcf86", "#ff6b6b", "#b18cff", "#22c7d6", "#ff8fcf", "#c7d13a"]
        : ["#2463d1", "#e08600", "#0f9a55", "#d23a3a", "#7b4fd6", "#0a9aa8", "#c4448f", "#8a9410"]
    function seriesColor(i) { return seriesPalette[i % seriesPalette.length] }

    // One "em" of the application font in pixels (font sizes are in points, so
    // font.pixelSize is -1): table columns and row heights scale with it.
    readonly property FontMetrics metrics: FontMetrics { font: Qt.application.font }
    readonly property real em: metrics.height

    readonly property int gap: 8
    readonly property int radius: 6
    readonly property string monoFamily: "DejaVu Sans Mono, Menlo, Consolas, monospace"
    readonly property real smallSize: Math.max(7, Qt.application.font.pointSize - 1)
}
