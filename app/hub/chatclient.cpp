#include "chatclient.h"
#include "hubauth.h"
#include "hubclock.h"
#include "hubnames.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QStandardPaths>

using L = QLatin1String;

namespace {
constexpr int kTypingResendMs = 3'000;
constexpr int kTypingExpiryMs = 6'000;
QString privateRoom(const QString &nick) { return u'@' + nick; }
} // namespace

ChatClient::ChatClient(QObject *parent)
    : QObject(parent),
      m_connection(new ChatConnection(this)),
      m_roomModel(new ChatRoomModel(this)),
      m_messageModel(new ChatMessageModel(this)),
      m_participantModel(new ChatParticipantModel(this)),
      m_idPrefix(QString::fromLatin1(HubAuth::randomBytes(6).toBase64(QByteArray::Base64UrlEncoding)))
{
    m_settings.knownHostsFile = defaultKnownHostsFile();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(16);
    connect(&m_flushTimer, &QTimer::timeout, this, &ChatClient::flush);
    m_typingTimer.setInterval(1'000);
    connect(&m_typingTimer, &QTimer::timeout, this, &ChatClient::expireTyping);
    connect(m_connection, &ChatConnection::stateChanged, this, &ChatClient::stateChanged);
    connect(m_connection, &ChatConnection::welcomed, this, &ChatClient::onWelcomed);
    connect(m_connection, &ChatConnection::envelope, this, &ChatClient::onEnvelope);
    connect(m_connection, &ChatConnection::failed, this, &ChatClient::setLastError);
    connect(m_connection, &ChatConnection::problem, this, &ChatClient::setLastError);
    connect(m_connection, &ChatConnection::certificateChanged, this, [this](const QString &w) {
        m_certificateWarning = w;
        Q_EMIT lastErrorChanged();
    });
}

ChatClient::~ChatClient() = default;

QString ChatClient::defaultKnownHostsFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("known_hosts.json"));
}

void ChatClient::setLastError(const QString &e)
{
    if (m_lastError != e) {
        m_lastError = e;
        Q_EMIT lastErrorChanged();
    }
}

void ChatClient::connectToHub()
{
    if (!HubNames::isValidNick(m_settings.nick))
        return setLastError(tr("Choose a nickname of 1-24 letters, digits, '_', '.' or '-' (starting with a letter or digit)."));
    m_certificateWarning.clear();
    setLastError({});
    m_mention = QRegularExpression(QStringLiteral("(?<![A-Za-z0-9_.@-])@%1(?![A-Za-z0-9_-])")
                                       .arg(QRegularExpression::escape(m_settings.nick)),
                                   QRegularExpression::CaseInsensitiveOption);
    m_connection->setSettings(m_settings);
    m_connection->open();
    m_typingTimer.start();
}

void ChatClient::disconnectFromHub()
{
    m_connection->close();
    m_typingTimer.stop();
}

bool ChatClient::mentionsMe(const QString &text) const
{
    return m_mention.isValid() && !m_mention.pattern().isEmpty() && m_mention.match(text).hasMatch();
}

void ChatClient::sendJoin(const QString &room)
{
    const Room &r = m_rooms[room];
    QJsonObject j{{L("type"), L("join")}, {L("room"), room}};
    if (r.lastSeq > 0) {   // resume: everything after what we have, each message once
        j.insert(L("since"), r.lastSeq);
        j.insert(L("limit"), 1000);
    }
    m_connection->send(j);
}

bool ChatClient::join(const QString &room)
{
    if (!HubNames::isValidRoom(room)) {
        setLastError(tr("Room names are 1-32 characters of a-z, 0-9, '_' or '-'."));
        return false;
    }
    if (!m_roomModel->ensure(room, false)) {
        setLastError(tr("Too many rooms and conversations open; leave one first."));
        return false;
    }
    m_rooms[room];   // remembered: re-joined after every reconnect
    if (isConnected())
        sendJoin(room);
    if (m_current.isEmpty())
        setCurrentRoom(room);
    return true;
}

bool ChatClient::leave(const QString &room)
{
    if (!m_rooms.contains(room))
        return false;
    if (!m_rooms.value(room).isPrivate)
        m_connection->send({{L("type"), L("leave")}, {L("room"), room}});
    m_rooms.remove(room);
    m_roomModel->remove(room);
    if (m_current == room)
        setCurrentRoom(m_rooms.isEmpty() ? QString() : m_rooms.keys().constFirst());
    return true;
}

namespace {
QJsonObject sayEnvelope(const QString &id, const QString &room, const QString &text, bool alert)
{
    QJsonObject say{{QLatin1String("type"), QLatin1String("say")}, {QLatin1String("room"), room},
                    {QLatin1String("text"), text}, {QLatin1String("id"), id}};
    if (alert)
        say.insert(QLatin1String("kind"), QLatin1String("alert"));
    return say;
}
} // namespace

bool ChatClient::sendMessage(const QString &text)
{
    if (m_current.startsWith(u'@'))
        return sendPrivate(m_current.mid(1), text);
    return queueSay(m_current, text);
}

bool ChatClient::sendToRoom(const QString &room, const QString &text)
{
    const auto it = m_rooms.constFind(room);
    if (!isConnected() || it == m_rooms.cend() || it->isPrivate || !it->joined)
        return false;
    return queueSay(room, text);
}

bool ChatClient::sendAlertToRoom(const QString &room, const QString &text)
{
    const auto it = m_rooms.constFind(room);
    if (!isConnected() || it == m_rooms.cend() || it->isPrivate || !it->joined)
        return false;
    return queueSay(room, text, true);
}

bool ChatClient::queueSay(const QString &room, const QString &text, bool alert)
{
    if (room.isEmpty() || text.trimmed().isEmpty())
        return false;
    if (m_outboxOrder.size() >= MaxOutbox) {
        setLastError(tr("Too many messages waiting for the hub; wait for the connection to come back."));
        return false;
    }
    const QString id = m_idPrefix + u'-' + QString::number(m_nextId++);
    m_outbox.insert(id, {room, text, alert});
    m_outboxOrder.append(id);
    m_connection->send(sayEnvelope(id, room, text, alert));
    if (room == m_current && m_typingActive)
        setTyping(false);
    return true;
}

bool ChatClient::sendPrivate(const QString &nick, const QString &text)
{
    if (!HubNames::isValidNick(nick) || text.trimmed().isEmpty() || !isConnected())
        return false;
    if (!m_connection->send({{L("type"), L("pm")}, {L("to"), nick}, {L("text"), text}}))
        return false;
    openPrivate(nick);
    addMessage(privateRoom(nick), {0, QDateTime::currentMSecsSinceEpoch(), m_connection->nick(), text, true, false}, false);
    return true;
}

void ChatClient::openPrivate(const QString &nick)
{
    const QString room = privateRoom(nick);
    if (!m_rooms.contains(room)) {
        if (!m_roomModel->ensure(room, true))
            return;
        Room r;
        r.isPrivate = true;
        m_rooms.insert(room, r);
    }
    setCurrentRoom(room);
}

void ChatClient::setTyping(bool typing)
{
    if (m_current.isEmpty() || m_current.startsWith(u'@') || !isConnected())
        return;
    const qint64 now = HubClock::nowMs();
    if (typing && m_typingActive && now - m_lastTypingSentMs < kTypingResendMs)
        return;
    if (!typing && !m_typingActive)
        return;
    m_typingActive = typing;
    m_lastTypingSentMs = now;
    m_connection->send({{L("type"), L("typing")}, {L("room"), m_current}, {L("active"), typing}});
}

void ChatClient::markRead(const QString &room)
{
    auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    it->unread = 0;
    m_roomModel->setUnread(room, 0);
}

void ChatClient::setCurrentRoom(const QString &room)
{
    if (room == m_current || (!room.isEmpty() && !m_rooms.contains(room)))
        return;
    flush();
    if (m_typingActive)
        setTyping(false);
    m_current = room;
    const Room r = m_rooms.value(room);
    m_messageModel->reset(r.messages);
    QStringList typing;
    for (auto it = r.typingUntil.begin(); it != r.typingUntil.end(); ++it)
        typing << it.key();
    m_participantModel->reset(r.members, m_connection->nick(), typing);
    markRead(room);
    Q_EMIT currentRoomChanged();
    Q_EMIT typingChanged();
}

QString ChatClient::typingText() const
{
    const auto &typing = m_rooms.value(m_current).typingUntil;
    QStringList who(typing.keyBegin(), typing.keyEnd());
    who.sort();
    if (who.isEmpty())
        return {};
    if (who.size() == 1)
        return tr("%1 is typing…").arg(who.first());
    if (who.size() <= 3)
        return tr("%1 are typing…").arg(who.join(QStringLiteral(", ")));
    return tr("%1 people are typing…").arg(who.size());
}

void ChatClient::onWelcomed()
{
    setLastError({});
    if (m_connection->maxTextBytes() != m_maxTextBytes) {
        m_maxTextBytes = m_connection->maxTextBytes();
        Q_EMIT maxTextBytesChanged();
    }
    for (auto it = m_rooms.begin(); it != m_rooms.end(); ++it) {
        if (!it->isPrivate)
            sendJoin(it.key());
    }
    for (const QString &id : std::as_const(m_outboxOrder)) {   // unacked: same id, the hub deduplicates
        const Outgoing &o = m_outbox.value(id);
        m_connection->send(sayEnvelope(id, o.room, o.text, o.alert));
    }
}

void ChatClient::onEnvelope(const QJsonObject &o)
{
    const QString type = o.value(L("type")).toString();
    if (type == L("msg"))
        onMsg(o);
    else if (type == L("joined"))
        onJoined(o);
    else if (type == L("presence"))
        onPresence(o);
    else if (type == L("typing"))
        onTyping(o);
    else if (type == L("pm"))
        onPm(o);
    else if (type == L("ack")) {
        const QString id = o.value(L("re")).toString();
        if (m_outbox.remove(id))
            m_outboxOrder.removeOne(id);
    } else if (type == L("left")) {
        const QString room = o.value(L("room")).toString();
        if (m_rooms.contains(room))
            m_rooms[room].joined = false;
        m_roomModel->setJoined(room, false);
    } else if (type == L("error")) {
        const QString message = o.value(L("message")).toString().left(300);
        setLastError(message);
        Q_EMIT errorReceived(o.value(L("code")).toString().left(40), message, o.value(L("field")).toString().left(40));
    }
}

void ChatClient::onJoined(const QJsonObject &o)
{
    const QString room = o.value(L("room")).toString();
    auto it = m_rooms.find(room);
    if (it == m_rooms.end() || it->isPrivate)
        return;
    it->joined = true;
    it->replayRemaining = o.value(L("replay")).toInt();
    it->replayIsHistory = it->lastSeq == 0;
    it->members.clear();
    for (const QJsonValue &m : o.value(L("members")).toArray())
        it->members << m.toString();
    m_roomModel->setJoined(room, true);
    if (room == m_current) {
        flush();
        m_participantModel->reset(it->members, m_connection->nick(), {});
    }
}

void ChatClient::onMsg(const QJsonObject &o)
{
    const QString room = o.value(L("room")).toString();
    auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    const qint64 seq = o.value(L("seq")).toInteger();
    bool isNew = true;
    bool history = false;
    if (it->replayRemaining > 0) {
        --it->replayRemaining;
        history = it->replayIsHistory;
        isNew = !history;
    }
    if (seq <= it->lastSeq)
        return;   // already have it (resume overlap)
    it->lastSeq = seq;
    const QString from = o.value(L("from")).toString();
    const QString text = o.value(L("text")).toString();
    const bool mine = from.compare(m_connection->nick(), Qt::CaseInsensitive) == 0;
    const bool alert = o.value(L("kind")) == QJsonValue(L("alert"));
    ChatMessage m{seq, o.value(L("ts")).toInteger(), from, text, mine, !mine && !alert && mentionsMe(text), history, alert};
    addMessage(room, m, isNew);
    if (it->typingUntil.remove(from) && room == m_current) {
        m_participantModel->setTyping(from, false);
        Q_EMIT typingChanged();
    }
}

void ChatClient::onPm(const QJsonObject &o)
{
    const QString from = o.value(L("from")).toString();
    if (!HubNames::isValidNick(from))
        return;
    const QString room = privateRoom(from);
    if (!m_rooms.contains(room)) {
        if (!m_roomModel->ensure(room, true))
            return;
        Room r;
        r.isPrivate = true;
        m_rooms.insert(room, r);
    }
    const QString text = o.value(L("text")).toString();
    addMessage(room, {0, o.value(L("ts")).toInteger(), from, text, false, mentionsMe(text)}, true);
    Q_EMIT privateMessageReceived(from, text);
}

void ChatClient::addMessage(const QString &room, const ChatMessage &msg, bool isNew)
{
    Room &r = m_rooms[room];
    ChatMessage m = msg;
    if (r.isPrivate)
        m.seq = ++r.localSeq;
    r.messages.append(m);
    if (r.messages.size() > MaxMessagesPerRoom)
        r.messages.remove(0, r.messages.size() - MaxMessagesPerRoom);
    if (room == m_current) {
        m_pending.append(m);
        if (!m_flushTimer.isActive())
            m_flushTimer.start();
    } else if (isNew && !m.mine) {
        m_roomModel->setUnread(room, ++r.unread);
    }
    if (isNew && m.mentionsMe && !r.isPrivate)
        Q_EMIT mentioned(room, m.from, m.text, m.seq);
    if (isNew && !m.mine && !m.alert)   // another desktop's alert post is not chat for our rules
        Q_EMIT messageReceived(room, m.from, m.text, r.isPrivate);
}

void ChatClient::flush()
{
    m_flushTimer.stop();
    if (m_pending.isEmpty())
        return;
    m_messageModel->append(m_pending);
    m_pending.clear();
}

void ChatClient::onPresence(const QJsonObject &o)
{
    const QString room = o.value(L("room")).toString();
    const QString nick = o.value(L("nick")).toString();
    auto it = m_rooms.find(room);
    if (it == m_rooms.end() || !HubNames::isValidNick(nick))
        return;
    const bool joined = o.value(L("event")).toString() == L("join");
    if (joined && !it->members.contains(nick)) {
        it->members.append(nick);
        it->members.sort();
    } else if (!joined) {
        it->members.removeAll(nick);
        it->typingUntil.remove(nick);
    }
    if (room == m_current) {
        if (joined)
            m_participantModel->add(nick);
        else
            m_participantModel->remove(nick);
        Q_EMIT typingChanged();
    }
}

void ChatClient::onTyping(const QJsonObject &o)
{
    const QString room = o.value(L("room")).toString();
    const QString nick = o.value(L("nick")).toString();
    auto it = m_rooms.find(room);
    if (it == m_rooms.end() || !it->members.contains(nick))
        return;
    const bool active = o.value(L("active")).toBool();
    if (active)
        it->typingUntil.insert(nick, HubClock::nowMs() + kTypingExpiryMs);
    else
        it->typingUntil.remove(nick);
    if (room == m_current) {
        m_participantModel->setTyping(nick, active);
        Q_EMIT typingChanged();
    }
}

void ChatClient::expireTyping()
{
    const qint64 now = HubClock::nowMs();
    for (auto room = m_rooms.begin(); room != m_rooms.end(); ++room) {
        for (auto it = room->typingUntil.begin(); it != room->typingUntil.end();) {
            if (it.value() <= now) {
                if (room.key() == m_current)
                    m_participantModel->setTyping(it.key(), false);
                it = room->typingUntil.erase(it);
                if (room.key() == m_current)
                    Q_EMIT typingChanged();
            } else {
                ++it;
            }
        }
    }
}
