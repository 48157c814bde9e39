.pragma library
// Number, rate and time formatting shared by the chart legends, ticker and status bar.

function group(intText) {
    let out = ""
    for (let i = 0; i < intText.length; ++i) {
        if (i > 0 && (intText.length - i) % 3 === 0)
            out += ","
        out += intText[i]
    }
    return out
}

// Decimals that show 6 significant digits of a value of this size (2 to 8).
function decimalsFor(reference) {
    const a = Math.abs(reference)
    if (!(a > 0) || !isFinite(a))
        return 2
    const digits = Math.floor(Math.log10(a)) + 1
    return Math.min(8, Math.max(2, 6 - digits))
}

// a >= 0 with `decimals` decimals, zeros beyond the second trimmed, thousands grouped.
function plain(a, decimals) {
    let text = a.toFixed(decimals)
    if (text.indexOf(".") >= 0) {
        while (text.endsWith("0") && text.length - text.indexOf(".") - 1 > 2)
            text = text.slice(0, -1)
    }
    const dot = text.indexOf(".")
    return group(dot >= 0 ? text.slice(0, dot) : text) + (dot >= 0 ? text.slice(dot) : "")
}

// At most 6 significant digits, at least 2 decimals, thousands grouped: 64,250.50,
// 1.08423, 21.53, 0.221.
function number(v, unit) {
    if (v === undefined || v === null || !isFinite(v))
        return "–"
    return withUnit((v < 0 ? "−" : "") + plain(Math.abs(v), decimalsFor(v)), unit)
}

// v shown with no more decimals than the references show (a mean beside its min and
// max: 21.43 next to 21.29 and 21.54, not 21.4273).
function numberLike(v, references, unit) {
    if (v === undefined || v === null || !isFinite(v))
        return "–"
    let decimals = 2
    for (const r of references) {
        const t = number(r)
        const dot = t.indexOf(".")
        if (dot >= 0)
            decimals = Math.max(decimals, t.length - dot - 1)
    }
    return withUnit((v < 0 ? "−" : "") + plain(Math.abs(v), Math.min(decimals, decimalsFor(v))), unit)
}

function withUnit(text, unit) {
    if (!unit)
        return text
    if (unit === "$")
        return text.startsWith("−") ? "−$" + text.slice(1) : "$" + text
    return text + (unit === "%" || unit === "°C" ? "" : " ") + unit
}

function signed(v, decimals) {
    if (v === undefined || !isFinite(v))
        return "–"
    const t = Math.abs(v).toFixed(decimals)
    return (v > 0 ? "+" : v < 0 ? "−" : "") + t
}

// A change shown with the precision of the value it changes: −4.00 for 64,266.00,
// +0.00004 for 1.08427.
function change(v, reference) {
    if (v === undefined || !isFinite(v))
        return "–"
    const text = plain(Math.abs(v), decimalsFor(reference === undefined ? v : reference))
    return (v > 0 ? "+" : v < 0 ? "−" : "") + text
}

function percent(v) {
    const a = Math.abs(v)
    return signed(v, a >= 100 ? 0 : a >= 10 ? 1 : 2) + "%"
}

// 12, 1.2k, 45.6k, 1.23M
function compact(n) {
    if (n === undefined || !isFinite(n))
        return "–"
    const a = Math.abs(n)
    if (a < 1000)
        return String(Math.round(n))
    if (a < 1e6)
        return (n / 1000).toFixed(a < 1e4 ? 2 : 1) + "k"
    if (a < 1e9)
        return (n / 1e6).toFixed(a < 1e7 ? 2 : 1) + "M"
    return (n / 1e9).toFixed(2) + "G"
}

// 0.5, 6.0, 205, 1,234
function perSecond(v) {
    if (v === undefined || !isFinite(v))
        return "–"
    return v < 10 ? v.toFixed(1) : group(String(Math.round(v)))
}

function rate(perSec) {
    if (!isFinite(perSec))
        return "–"
    return (perSec < 10 ? perSec.toFixed(1) : compact(perSec)) + "/s"
}

function rtt(ms) {
    if (ms === undefined || ms < 0)
        return "–"
    return ms < 10 ? ms.toFixed(1) + " ms" : Math.round(ms) + " ms"
}

function clock(ms) {
    const d = new Date(ms)
    const p = (n, w) => String(n).padStart(w, "0")
    return p(d.getHours(), 2) + ":" + p(d.getMinutes(), 2) + ":" + p(d.getSeconds(), 2) + "." + p(d.getMilliseconds(), 3)
}

function span(ms) {
    if (ms <= 0)
        return "all"
    if (ms < 60000)
        return Math.round(ms / 1000) + " s"
    if (ms < 3600000)
        return Math.round(ms / 60000) + " min"
    return Math.round(ms / 3600000) + " h"
}
