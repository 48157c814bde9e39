#include "hubreply.h"
#include "hubnames.h"
#include "hubserver.h"

namespace HubReply {

HubError error(const char *code, const QString &message, const char *field)
{
    return {QString::fromLatin1(code), QString::fromLatin1(field), message};
}

QJsonObject withRe(QJsonObject o, const QJsonValue &re)
{
    if (!re.isUndefined())
        o.insert(QLatin1String("re"), re);
    return o;
}

void send(HubServer &server, HubPeer &p, const QJsonObject &o)
{
    server.sendText(p, HubEnvelope::serialize(o));
}

void reject(HubServer &server, HubPeer &p, const HubError &err, const QJsonValue &re, int closeCode)
{
    server.logRejection(p.peerText(),
                        err.code + (err.field.isEmpty() ? QString() : u'(' + err.field + u')')
                            + QStringLiteral(": ") + err.message,
                        closeCode);
    send(server, p, HubEnvelope::errorObject(err, re));
    if (closeCode)
        server.closePeer(p, closeCode, err.message, false);
}

bool checkText(EnvelopeReader &r, const QString &text, int maxBytes)
{
    if (!r.ok())
        return false;
    if (text.isEmpty() || text.toUtf8().size() > maxBytes || !HubNames::isCleanText(text)) {
        r.fail(QStringLiteral("invalid_field"), "text",
               QStringLiteral("text must be 1-%1 bytes of UTF-8 without control characters other than tab and newline")
                   .arg(maxBytes));
        return false;
    }
    return true;
}

} // namespace HubReply
