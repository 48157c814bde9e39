.pragma library
// Small pure helpers of the chat and host views: UTF-8 length (the hub's text limit is
// in bytes), nickname colours and initials, times and byte counts.

// Bytes `text` takes in UTF-8 (what the hub's maxTextBytes counts).
function utf8Bytes(text) {
    let n = 0
    for (let i = 0; i < text.length; ++i) {
        const c = text.charCodeAt(i)
        if (c < 0x80) n += 1
        else if (c < 0x800) n += 2
        else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { n += 4; ++i }   // surrogate pair
        else n += 3
    }
    return n
}

// A stable colour index per nickname (case-insensitive, like the hub's uniqueness rule).
function nickIndex(nick) {
    let h = 0
    const s = String(nick).toLowerCase()
    for (let i = 0; i < s.length; ++i)
        h = (h * 31 + s.charCodeAt(i)) >>> 0
    return h % 8
}

function initial(nick) {
    const s = String(nick)
    return s.length > 0 ? s[0].toUpperCase() : "?"
}

function two(n) { return n < 10 ? "0" + n : String(n) }

// 14:02 today, "Mon 14:02" this week, "3 Mar 14:02" before.
function messageTime(date) {
    if (!date || isNaN(date.getTime()))
        return ""
    const now = new Date()
    const hm = two(date.getHours()) + ":" + two(date.getMinutes())
    if (date.toDateString() === now.toDateString())
        return hm
    if (now - date < 6 * 24 * 3600 * 1000)
        return Qt.locale().dayName(date.getDay(), 1) + " " + hm
    return date.getDate() + " " + Qt.locale().monthName(date.getMonth(), 1) + " " + hm
}

function fullTime(date) {
    if (!date || isNaN(date.getTime()))
        return ""
    return date.toLocaleString(Qt.locale(), "ddd d MMM yyyy, hh:mm:ss")
}

// "12 s", "5 min", "2 h 10 min"
function since(date, now) {
    if (!date || isNaN(date.getTime()))
        return ""
    const s = Math.max(0, Math.round((now - date) / 1000))
    if (s < 60) return s + " s"
    if (s < 3600) return Math.floor(s / 60) + " min"
    const h = Math.floor(s / 3600)
    return h + " h " + Math.floor((s % 3600) / 60) + " min"
}

// 0 B, 812 B, 12.4 KiB, 3.1 MiB
function bytes(n) {
    if (n === undefined || !isFinite(n)) return "–"
    if (n < 1024) return Math.round(n) + " B"
    if (n < 1024 * 1024) return (n / 1024).toFixed(n < 10240 ? 1 : 0) + " KiB"
    return (n / 1048576).toFixed(1) + " MiB"
}

// "ab12…ef" style short fingerprint for lists: first and last 4 byte groups.
function shortFingerprint(hex) {
    const h = String(hex).toUpperCase().replace(/:/g, "")
    if (h.length < 16) return h
    const g = (s) => s.match(/.{2}/g).join(":")
    return g(h.slice(0, 8)) + " … " + g(h.slice(-8))
}

// "AB:CD:…" in two lines of 16 groups.
function fingerprintLines(hex) {
    const h = String(hex).toUpperCase().replace(/:/g, "")
    const groups = h.match(/.{1,2}/g) || []
    return groups.slice(0, 16).join(":") + (groups.length > 16 ? "\n" + groups.slice(16).join(":") : "")
}
