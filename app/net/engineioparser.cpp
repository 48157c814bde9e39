#include "engineioparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

namespace {
QString preview(QByteArrayView bytes)
{
    const QByteArrayView head = bytes.first(std::min<qsizetype>(bytes.size(), 60));
    QString text = QString::fromUtf8(head);
    for (QChar &c : text) {
        if (c.unicode() < 0x20)
            c = QLatin1Char('?');
    }
    return bytes.size() > head.size() ? text + QStringLiteral("...") : text;
}

qsizetype skipSpace(QByteArrayView s, qsizetype i)
{
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        ++i;
    return i;
}

// Splits a *valid* JSON array into its top-level elements (views into text).
QList<QByteArrayView> topLevelElements(QByteArrayView text)
{
    QList<QByteArrayView> out;
    qsizetype i = skipSpace(text, 0) + 1; // past '['
    int depth = 0;
    qsizetype start = skipSpace(text, i);
    for (i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\')
                    ++i;
            }
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            if (depth == 0) {
                QByteArrayView last = text.sliced(start, i - start).trimmed();
                if (!last.isEmpty())
                    out.append(last);
                break;
            }
            --depth;
        } else if (c == ',' && depth == 0) {
            out.append(text.sliced(start, i - start).trimmed());
            start = i + 1;
        }
    }
    return out;
}

QByteArray withNamespace(const char *type, const QString &nsp)
{
    QByteArray out(type);
    if (!nsp.isEmpty() && nsp != QLatin1String("/"))
        out += nsp.toUtf8() + ',';
    return out;
}
} // namespace

EngineIoPacket EngineIoParser::parsePacket(QByteArrayView frame)
{
    EngineIoPacket p;
    if (frame.isEmpty()) {
        p.error = QStringLiteral("empty Engine.IO packet");
        return p;
    }
    const char t = frame.front();
    if (t < '0' || t > '6') {
        p.error = QStringLiteral("not an Engine.IO v4 packet (starts with \"%1\"): is this a Socket.IO "
                                 "server, and does it speak protocol v4 (Socket.IO 3 or newer)?")
                      .arg(preview(frame.first(std::min<qsizetype>(frame.size(), 12))));
        return p;
    }
    p.type = EngineIoPacket::Type(t - '0');
    p.data = frame.sliced(1);
    return p;
}

EngineIoOpen EngineIoParser::parseOpen(QByteArrayView json)
{
    EngineIoOpen open;
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        open.error = QStringLiteral("Engine.IO open packet is not a JSON object: %1").arg(preview(json));
        return open;
    }
    const QJsonObject o = doc.object();
    open.sid = o.value(QLatin1String("sid")).toString();
    const double interval = o.value(QLatin1String("pingInterval")).toDouble(-1);
    const double timeout = o.value(QLatin1String("pingTimeout")).toDouble(-1);
    if (open.sid.isEmpty() || open.sid.size() > 256 || interval <= 0 || timeout <= 0) {
        open.error = QStringLiteral("Engine.IO open packet lacks sid, pingInterval or pingTimeout: %1")
                         .arg(preview(json));
        return open;
    }
    // A server asking for a ping every 10 days is as broken as one asking every 0 ms: clamp.
    open.pingIntervalMs = int(std::clamp(interval, 100.0, 3'600'000.0));
    open.pingTimeoutMs = int(std::clamp(timeout, 100.0, 3'600'000.0));
    const double maxPayload = o.value(QLatin1String("maxPayload")).toDouble(-1);
    if (maxPayload >= 1)   // below one byte (0.1, ...) would limit every message to 0: ignored
        open.maxPayload = qint64(std::min(maxPayload, 1e15));
    return open;
}

SocketIoPacket EngineIoParser::parseSocketIo(QByteArrayView data)
{
    SocketIoPacket p;
    if (data.isEmpty() || data.front() < '0' || data.front() > '6') {
        p.error = QStringLiteral("not a Socket.IO v4 packet: \"%1\"").arg(preview(data));
        return p;
    }
    const auto type = SocketIoPacket::Type(data.front() - '0');
    if (type == SocketIoPacket::BinaryEvent || type == SocketIoPacket::BinaryAck) {
        p.error = QStringLiteral("the server sent a binary Socket.IO event (type %1, with binary "
                                 "attachments); Pulseboard charts JSON events only: emit plain JSON "
                                 "from the server").arg(int(type));
        return p;
    }
    qsizetype i = 1;
    if (i < data.size() && data[i] == '/') {
        const qsizetype comma = data.indexOf(',', i);
        const qsizetype end = comma < 0 ? data.size() : comma;
        if (end - i > kMaxNamespaceBytes) {
            p.error = QStringLiteral("Socket.IO namespace longer than %1 bytes").arg(kMaxNamespaceBytes);
            return p;
        }
        p.nsp = QString::fromUtf8(data.sliced(i, end - i));
        i = comma < 0 ? end : end + 1;
    }
    qsizetype digits = 0;
    qint64 id = 0;
    while (i < data.size() && data[i] >= '0' && data[i] <= '9') {
        if (++digits > kMaxAckDigits) {
            p.error = QStringLiteral("Socket.IO ack id longer than %1 digits").arg(kMaxAckDigits);
            return p;
        }
        id = id * 10 + (data[i] - '0');
        ++i;
    }
    if (digits > 0)
        p.ackId = id;
    p.payload = data.sliced(i);
    const QByteArrayView body = p.payload.trimmed();
    switch (type) {
    case SocketIoPacket::Connect:
    case SocketIoPacket::ConnectError:
        if (!body.isEmpty() && body.front() != '{' && !(type == SocketIoPacket::ConnectError && body.front() == '"')) {
            p.error = QStringLiteral("Socket.IO %1 packet has a payload that is not a JSON object: %2")
                          .arg(type == SocketIoPacket::Connect ? QStringLiteral("connect") : QStringLiteral("connect error"),
                               preview(body));
            return p;
        }
        break;
    case SocketIoPacket::Disconnect:
        break;
    case SocketIoPacket::Event:
    case SocketIoPacket::Ack:
        if (body.isEmpty() || body.front() != '[') {
            p.error = QStringLiteral("Socket.IO %1 packet without a JSON array: %2")
                          .arg(type == SocketIoPacket::Event ? QStringLiteral("event") : QStringLiteral("ack"),
                               preview(data));
            return p;
        }
        break;
    default:
        break;
    }
    p.type = type;
    return p;
}

QByteArray EngineIoParser::connectPacket(const QString &nsp, QByteArrayView authJson)
{
    return withNamespace("40", nsp) + authJson.trimmed().toByteArray();
}

QByteArray EngineIoParser::eventPacket(const QString &nsp, QByteArrayView jsonArray)
{
    return withNamespace("42", nsp) + jsonArray.trimmed().toByteArray();
}

QByteArray EngineIoParser::ackPacket(const QString &nsp, qint64 ackId)
{
    return withNamespace("43", nsp) + QByteArray::number(ackId) + "[]";
}

QByteArray EngineIoParser::eventMessage(QByteArrayView payload, QString *error)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(payload.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isArray()) {
        *error = QStringLiteral("Socket.IO event is not valid JSON (%1 at byte %2): %3")
                     .arg(err.errorString()).arg(err.offset).arg(preview(payload));
        return {};
    }
    if (doc.array().isEmpty() || !doc.array().first().isString()) {
        *error = QStringLiteral("Socket.IO event array does not start with the event name: %1").arg(preview(payload));
        return {};
    }
    const QList<QByteArrayView> parts = topLevelElements(payload);
    if (parts.size() != doc.array().size()) { // cannot happen on valid JSON; never emit a broken message
        *error = QStringLiteral("Socket.IO event could not be split: %1").arg(preview(payload));
        return {};
    }
    QByteArray out;
    out.reserve(payload.size() * 2 + 32);
    out += "{\"event\":";
    out += parts.first();
    out += ",\"data\":";
    out += parts.size() > 1 ? parts.at(1) : QByteArrayView("null");
    out += ",\"args\":[";
    for (qsizetype k = 1; k < parts.size(); ++k) {
        if (k > 1)
            out += ',';
        out += parts.at(k);
    }
    out += "]}";
    return out;
}

QString EngineIoParser::connectErrorText(QByteArrayView payload)
{
    const QByteArrayView body = payload.trimmed();
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson("[" + body.toByteArray() + "]", &err);
    if (err.error == QJsonParseError::NoError && doc.array().size() == 1) {
        const QJsonValue v = doc.array().first();
        if (v.isString())
            return v.toString().left(300);
        const QString m = v.toObject().value(QLatin1String("message")).toString();
        if (!m.isEmpty())
            return m.left(300);
    }
    return body.isEmpty() ? QStringLiteral("no reason given") : preview(body);
}

QString EngineIoParser::namespaceProblem(const QString &nsp)
{
    if (!nsp.startsWith(QLatin1Char('/')))
        return QStringLiteral("Socket.IO namespace \"%1\" must start with \"/\" (e.g. \"/\" or \"/prices\")").arg(nsp.left(80));
    if (nsp.toUtf8().size() > kMaxNamespaceBytes)
        return QStringLiteral("Socket.IO namespace is longer than %1 bytes").arg(kMaxNamespaceBytes);
    for (QChar c : nsp) {
        if (c.unicode() < 0x20 || c == QLatin1Char(',') || c == QLatin1Char('?') || c == QLatin1Char('#'))
            return QStringLiteral("Socket.IO namespace \"%1\" contains a comma, ?, # or a control character").arg(nsp.left(80));
    }
    return {};
}
