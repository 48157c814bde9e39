// Presentation helpers shared by the alert components: severity accents (the only
// fixed colours; they follow the same light/dark pairs as the dashboard theme), kind
// labels, and number/time formatting. No state.
.pragma library

function isDark(windowColor) {
    return 0.299 * windowColor.r + 0.587 * windowColor.g + 0.114 * windowColor.b < 0.5
}

function severityColor(severity, dark) {
    switch (severity) {
    case "critical": return dark ? "#ff6464" : "#d23a3a"
    case "warning": return dark ? "#f2b24c" : "#b86e00"
    default: return dark ? "#4d9bff" : "#2463d1"
    }
}

function severityLabel(severity) {
    switch (severity) {
    case "critical": return qsTr("Critical")
    case "warning": return qsTr("Warning")
    default: return qsTr("Info")
    }
}

const kinds = [
    { value: "above", label: qsTr("Above a threshold"), target: "series" },
    { value: "below", label: qsTr("Below a threshold"), target: "series" },
    { value: "rate", label: qsTr("Changes too fast"), target: "series" },
    { value: "stale", label: qsTr("No data for a while"), target: "series" },
    { value: "connectionLost", label: qsTr("Connection lost"), target: "connection" },
    { value: "connectionFailed", label: qsTr("Connection down for a while"), target: "connection" },
    { value: "connectionRestored", label: qsTr("Connection restored"), target: "connection" },
    { value: "mention", label: qsTr("Chat: my nickname mentioned"), target: "room" },
    { value: "privateMessage", label: qsTr("Chat: private message"), target: "from" },
    { value: "roomMessage", label: qsTr("Chat: message in a room"), target: "room" }
]

function kindIndex(kind) {
    for (let i = 0; i < kinds.length; ++i) {
        if (kinds[i].value === kind)
            return i
    }
    return 0
}

function kindLabel(kind) { return kinds[kindIndex(kind)].label }
function targetField(kind) { return kinds[kindIndex(kind)].target }

function targetLabel(kind) {
    switch (targetField(kind)) {
    case "series": return qsTr("Series")
    case "connection": return qsTr("Connection")
    case "room": return qsTr("Room")
    default: return qsTr("From")
    }
}

function hasLevels(kind) { return kind === "above" || kind === "below" || kind === "rate" }
function hasAfter(kind) { return kind === "stale" || kind === "connectionFailed" }
function targetRequired(kind) { return targetField(kind) === "series" || kind === "roomMessage" }

function number(v) {
    if (typeof v !== "number" || !isFinite(v))
        return String(v)
    return Math.abs(v) >= 1e6 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toPrecision(6) : String(+v.toPrecision(8))
}

// One line saying what a rule (in its JSON form) watches.
function ruleSummary(r) {
    const target = r[targetField(r.kind)] || "*"
    switch (r.kind) {
    case "above":
    case "below": {
        const op = r.kind === "above" ? ">" : "<"
        let s = target + " " + op + " " + number(r.raise)
        if (r.clear !== undefined)
            s += qsTr(", clears at %1").arg(number(r.clear))
        if (r.forSeconds)
            s += qsTr(", for %1 s").arg(number(r.forSeconds))
        return s
    }
    case "rate":
        return qsTr("%1 changes by more than %2 in %3 s").arg(target).arg(number(r.raise)).arg(number(r.windowSeconds))
    case "stale":
        return qsTr("%1 silent for %2 s").arg(target).arg(number(r.afterSeconds))
    case "connectionFailed":
        return qsTr("%1 down for %2 s").arg(target).arg(number(r.afterSeconds))
    default:
        return kindLabel(r.kind) + " · " + target
    }
}

function clockTime(date) {
    if (!date || isNaN(date.getTime()))
        return ""
    const today = new Date()
    const sameDay = date.toDateString() === today.toDateString()
    return Qt.formatDateTime(date, sameDay ? "HH:mm:ss" : "yyyy-MM-dd HH:mm")
}
