// HubEnvelope: parsing and validation of one incoming envelope (docs/protocol.md §2),
// and serialisation of outgoing ones. EnvelopeReader pulls typed, bounded members out
// of a JSON object and remembers the first problem as a HubError naming the member, so
// the dispatcher's handlers read like the protocol tables. Pure code, no sockets.
#pragma once
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

struct HubError
{
    QString code;           // stable, e.g. "invalid_field"
    QString field;          // member at fault, may be empty
    QString message;        // English, for people
    qint64 retryAfterMs = -1;
    bool isError() const { return !code.isEmpty(); }
};

struct Envelope
{
    QJsonObject object;
    QString type;
    QJsonValue id{QJsonValue::Undefined};   // Undefined when absent: replies then carry no "re"
    HubError error;         // set when the frame is not a valid envelope
};

namespace HubEnvelope {
Envelope parse(const QByteArray &utf8);
QByteArray serialize(const QJsonObject &o);              // compact JSON
QJsonObject errorObject(const HubError &e, const QJsonValue &re);
}

class EnvelopeReader
{
public:
    explicit EnvelopeReader(const QJsonObject &o) : m_o(o) {}

    // Required/optional string; `check` returns false for an invalid value, `rule` says why.
    QString string(const char *field, bool required, int maxChars,
                   bool (*check)(const QString &) = nullptr, const char *rule = nullptr);
    // Required/optional integer in [min, max].
    std::optional<qint64> integer(const char *field, bool required, qint64 min, qint64 max);
    std::optional<bool> boolean(const char *field, bool required);
    // Required object or array.
    QJsonValue structure(const char *field);
    // Base64 string decoding to [minBytes, maxBytes].
    QByteArray base64(const char *field, int minBytes, int maxBytes);

    void fail(const QString &code, const char *field, const QString &message);
    bool ok() const { return !m_error.isError(); }
    const HubError &error() const { return m_error; }

private:
    bool present(const char *field, bool required);
    QJsonObject m_o;
    HubError m_error;
};
