#include "natslink.h"
#include "natsbridge.h"

#include <QFileInfo>
#include <QMetaObject>
#include <mutex>
#include <nats/nats.h>
#include <unordered_map>

namespace {
std::mutex g_lock;                                   // guards the registry and each callback
std::unordered_map<quintptr, NatsLink *> g_links;
quintptr g_nextId = 1;

NatsLink *find(void *closure)
{
    auto it = g_links.find(quintptr(closure));
    return it == g_links.end() ? nullptr : it->second;
}

void liveCb(natsConnection *, natsSubscription *, natsMsg *msg, void *closure)
{
    {
        std::lock_guard g(g_lock);
        if (NatsLink *l = find(closure))
            l->onLive(natsMsg_GetSubject(msg), natsMsg_GetData(msg), natsMsg_GetDataLength(msg));
    }
    natsMsg_Destroy(msg);
}

void streamCb(natsConnection *, natsSubscription *, natsMsg *msg, void *closure)
{
    std::lock_guard g(g_lock);
    if (NatsLink *l = find(closure))
        l->onStream(msg);    // takes the message
    else
        natsMsg_Destroy(msg);
}

void upCb(natsConnection *, void *closure)
{
    std::lock_guard g(g_lock);
    if (NatsLink *l = find(closure))
        l->onState(true);
}

void downCb(natsConnection *, void *closure)
{
    std::lock_guard g(g_lock);
    if (NatsLink *l = find(closure))
        l->onState(false);
}

void errorCb(natsConnection *, natsSubscription *, natsStatus, void *)
{
    // Slow-consumer notices: the drops themselves are counted by NatsLink::dropped().
}

QString statusText(natsStatus s)
{
    const char *last = nats_GetLastError(nullptr);
    return QString::fromUtf8(last && *last ? last : natsStatus_GetText(s));
}
} // namespace

NatsLink::NatsLink(NatsBridge *owner, const NatsBridgeConfig &config, const QString &origin)
    : m_owner(owner), m_config(config), m_origin(origin)
{
    std::lock_guard g(g_lock);
    m_id = g_nextId++;
    g_links.emplace(m_id, this);
}

NatsLink::~NatsLink()
{
    {
        std::lock_guard g(g_lock);   // from here on no callback reaches this object
        g_links.erase(m_id);
    }
    dropStreamSubscription();
    for (void *s : m_live)
        natsSubscription_Destroy(static_cast<natsSubscription *>(s));
    jsCtx_Destroy(static_cast<jsCtx *>(m_js));
    if (m_conn)
        natsConnection_Close(static_cast<natsConnection *>(m_conn));
    natsConnection_Destroy(static_cast<natsConnection *>(m_conn));
    natsOptions_Destroy(static_cast<natsOptions *>(m_opts));
}

bool NatsLink::connect(QString *error)
{
    auto fail = [error](const QString &e) {
        *error = e;
        return false;
    };
    for (const QString &f : {m_config.credsFile, m_config.caFile}) {
        if (!f.isEmpty() && !QFileInfo(f).isReadable())
            return fail(QObject::tr("Cannot read %1: check the path given to --nats-creds / --nats-ca.").arg(f));
    }
    natsOptions *o = nullptr;
    if (natsOptions_Create(&o) != NATS_OK)
        return fail(QObject::tr("The NATS client could not start: %1").arg(statusText(NATS_NO_MEMORY)));
    m_opts = o;
    std::vector<QByteArray> urls;
    std::vector<const char *> ptrs;
    bool tls = false;
    for (const QString &u : m_config.urls) {
        urls.push_back(u.trimmed().toUtf8());
        tls = tls || u.trimmed().startsWith(QLatin1String("tls://"));
    }
    for (const QByteArray &u : urls)
        ptrs.push_back(u.constData());
    const QByteArray name = QStringLiteral("pulseboard hub %1").arg(m_origin).toUtf8();
    void *closure = reinterpret_cast<void *>(m_id);
    natsStatus s = natsOptions_SetServers(o, ptrs.data(), int(ptrs.size()));
    if (s != NATS_OK)
        return fail(QObject::tr("Invalid --nats URL list \"%1\": %2. Use nats://host:4222 or tls://host:4222, "
                                "comma-separated.").arg(m_config.urls.join(u','), statusText(s)));
    natsOptions_SetName(o, name.constData());
    natsOptions_SetNoEcho(o, true);                 // our own live messages never come back
    natsOptions_SetMaxReconnect(o, -1);             // a hub keeps trying for as long as it runs
    natsOptions_SetReconnectWait(o, m_config.reconnectWaitMs);
    natsOptions_SetTimeout(o, m_config.requestTimeoutMs);
    natsOptions_SetPingInterval(o, 2'000);
    natsOptions_SetMaxPingsOut(o, 2);
    natsOptions_SetRetryOnFailedConnect(o, true, upCb, closure);
    natsOptions_SetReconnectedCB(o, upCb, closure);
    natsOptions_SetDisconnectedCB(o, downCb, closure);
    natsOptions_SetErrorHandler(o, errorCb, closure);
    if (tls && (s = natsOptions_SetSecure(o, true)) != NATS_OK)
        return fail(QObject::tr("TLS to NATS is not available: %1").arg(statusText(s)));
    if (!m_config.caFile.isEmpty()
        && (s = natsOptions_LoadCATrustedCertificates(o, m_config.caFile.toUtf8().constData())) != NATS_OK)
        return fail(QObject::tr("Cannot load the NATS CA file %1: %2").arg(m_config.caFile, statusText(s)));
    if (!m_config.credsFile.isEmpty()
        && (s = natsOptions_SetUserCredentialsFromFiles(o, m_config.credsFile.toUtf8().constData(), nullptr)) != NATS_OK)
        return fail(QObject::tr("Cannot use the NATS credentials %1: %2").arg(m_config.credsFile, statusText(s)));
    natsConnection *nc = nullptr;
    s = natsConnection_Connect(&nc, o);
    m_conn = nc;
    if (s == NATS_OK) {
        onState(true);   // the connected callback only fires for a connect that had to retry
        return true;
    }
    if (s == NATS_NOT_YET_CONNECTED)
        return true;
    return fail(QObject::tr("Cannot connect to NATS at %1: %2").arg(m_config.urls.join(u','), statusText(s)));
}

quint64 NatsLink::dropped(DropReason r) const
{
    quint64 n = m_drops[size_t(r)].load();
    if (r == DropReason::InboundOverflow) {
        for (void *s : m_live) {
            int64_t lost = 0;
            if (s && natsSubscription_GetDropped(static_cast<natsSubscription *>(s), &lost) == NATS_OK)
                n += quint64(lost);
        }
    }
    return n;
}

bool NatsLink::isConnected() const
{
    return m_conn && natsConnection_Status(static_cast<natsConnection *>(m_conn)) == NATS_CONN_STATUS_CONNECTED;
}

bool NatsLink::subscribeLive(QString *error)
{
    if (m_live[0])
        return true;   // core subscriptions survive reconnects inside the client
    const QString p = m_config.prefix;
    const QString subjects[] = {p + QLatin1String(".presence.*"), p + QLatin1String(".typing.*"),
                                p + QLatin1String(".topic.>"), BridgeCodec::rosterSubject(p)};
    for (size_t i = 0; i < m_live.size(); ++i) {
        natsSubscription *sub = nullptr;
        const natsStatus s = natsConnection_Subscribe(&sub, static_cast<natsConnection *>(m_conn),
                                                      subjects[i].toUtf8().constData(), liveCb,
                                                      reinterpret_cast<void *>(m_id));
        if (s != NATS_OK) {
            *error = QObject::tr("Cannot subscribe to %1 on NATS: %2").arg(subjects[i], statusText(s));
            return false;
        }
        natsSubscription_SetPendingLimits(sub, 65'536, 64 * 1024 * 1024);
        m_live[i] = sub;
    }
    return true;
}

bool NatsLink::ensureStream(QString *streamId, QString *error)
{
    natsConnection *nc = static_cast<natsConnection *>(m_conn);
    if (!m_js) {
        jsOptions jo;
        jsOptions_Init(&jo);
        jo.Wait = m_config.requestTimeoutMs;
        jsCtx *js = nullptr;
        if (natsConnection_JetStream(&js, nc, &jo) != NATS_OK) {
            *error = QObject::tr("No JetStream context: %1").arg(statusText(NATS_ERR));
            return false;
        }
        m_js = js;
    }
    jsCtx *js = static_cast<jsCtx *>(m_js);
    const QByteArray name = m_config.stream.toUtf8();
    const QByteArray subject = (m_config.prefix + QLatin1String(".room.*")).toUtf8();
    jsStreamInfo *si = nullptr;
    jsErrCode jerr = jsErrCode(0);
    natsStatus s = js_GetStreamInfo(&si, js, name.constData(), nullptr, &jerr);
    if (s == NATS_NOT_FOUND || jerr == JSStreamNotFoundErr) {
        jsStreamConfig sc;
        jsStreamConfig_Init(&sc);
        const char *subjects[] = {subject.constData()};
        sc.Name = name.constData();
        sc.Subjects = subjects;
        sc.SubjectsLen = 1;
        sc.Storage = js_FileStorage;
        sc.MaxMsgsPerSubject = m_config.roomBound;    // the same bound as each hub's history
        sc.MaxMsgSize = BridgeCodec::MaxPayloadBytes;
        sc.Duplicates = int64_t(120) * 1'000'000'000; // Nats-Msg-Id dedup window: 2 min
        jerr = jsErrCode(0);
        s = js_AddStream(&si, js, &sc, nullptr, &jerr);
        if (s != NATS_OK)   // another hub may have created it a moment ago
            s = js_GetStreamInfo(&si, js, name.constData(), nullptr, &jerr);
    }
    if (s != NATS_OK) {
        *error = (jerr == JSNotEnabledErr || jerr == JSNotEnabledForAccountErr)
                     ? QObject::tr("The NATS server has no JetStream: start nats-server with -js (room history "
                                   "needs it); topics and presence are bridged meanwhile.")
                     : QObject::tr("Cannot use the JetStream stream %1: %2 (error %3)")
                           .arg(m_config.stream, statusText(s)).arg(int(jerr));
        return false;
    }
    *streamId = m_config.stream + u'@' + QString::number(si->Created);
    jsStreamInfo_Destroy(si);
    return true;
}

bool NatsLink::subscribeStream(quint64 afterSeq, QString *error)
{
    dropStreamSubscription();
    jsSubOptions so;
    jsSubOptions_Init(&so);
    const QByteArray stream = m_config.stream.toUtf8();
    const QByteArray subject = (m_config.prefix + QLatin1String(".room.*")).toUtf8();
    so.Stream = stream.constData();
    so.ManualAck = true;
    so.Config.AckPolicy = js_AckExplicit;
    so.Config.MaxAckPending = m_config.maxAckPending;
    so.Config.DeliverPolicy = afterSeq > 0 ? js_DeliverByStartSequence : js_DeliverAll;
    so.Config.OptStartSeq = afterSeq > 0 ? afterSeq + 1 : 0;
    natsSubscription *sub = nullptr;
    jsErrCode jerr = jsErrCode(0);
    const natsStatus s = js_Subscribe(&sub, static_cast<jsCtx *>(m_js), subject.constData(), streamCb,
                                      reinterpret_cast<void *>(m_id), nullptr, &so, &jerr);
    if (s != NATS_OK) {
        *error = QObject::tr("Cannot follow the room stream %1: %2").arg(m_config.stream, statusText(s));
        return false;
    }
    natsSubscription_SetPendingLimits(sub, m_config.maxAckPending * 2, 256 * 1024 * 1024);
    m_stream = sub;
    ++m_generation;
    return true;
}

void NatsLink::dropStreamSubscription()
{
    if (!m_stream)
        return;
    // Destroy without Unsubscribe: the ephemeral consumer goes away by itself on the
    // server (inactivity), and no blocking API request is made on the hub's thread.
    natsSubscription_Destroy(static_cast<natsSubscription *>(m_stream));
    m_stream = nullptr;
}

bool NatsLink::publish(const QString &subject, const QByteArray &data, const QString &msgId)
{
    if (!m_conn)
        return false;
    const QByteArray subj = subject.toUtf8();
    natsConnection *nc = static_cast<natsConnection *>(m_conn);
    if (msgId.isEmpty())
        return natsConnection_Publish(nc, subj.constData(), data.constData(), int(data.size())) == NATS_OK;
    natsMsg *m = nullptr;
    if (natsMsg_Create(&m, subj.constData(), nullptr, data.constData(), int(data.size())) != NATS_OK)
        return false;
    natsMsgHeader_Set(m, "Nats-Msg-Id", msgId.toUtf8().constData());   // JetStream drops resends
    const bool ok = natsConnection_PublishMsg(nc, m) == NATS_OK;
    natsMsg_Destroy(m);
    return ok;
}

void NatsLink::ack(const StreamDelivery &d)
{
    // A message of a replaced subscription cannot be acked (its subscription is gone); its
    // consumer went with it, so nothing is redelivered from there.
    if (d.msg && d.generation == m_generation && m_stream)
        natsMsg_Ack(static_cast<natsMsg *>(d.msg.get()), nullptr);
}

void NatsLink::onLive(const char *subject, const char *data, int len)
{
    if (m_inFlight->load() >= m_config.maxInFlight) {
        countDrop(DropReason::InboundOverflow);
        return;
    }
    DropReason why = DropReason::Count;
    const std::optional<BridgeEvent> ev = BridgeCodec::decode(
        m_config.prefix, QString::fromUtf8(subject),
        QByteArray::fromRawData(data, len < 0 ? 0 : len), m_origin, &why);
    if (!ev) {
        countDrop(why);
        return;
    }
    ++*m_inFlight;
    QMetaObject::invokeMethod(m_owner, [owner = m_owner, e = *ev, n = m_inFlight] {
        --*n;
        owner->liveEvent(e);
    }, Qt::QueuedConnection);
}

void NatsLink::onStream(void *raw)
{
    natsMsg *msg = static_cast<natsMsg *>(raw);
    StreamDelivery d;
    d.msg = std::shared_ptr<void>(msg, [](void *m) { natsMsg_Destroy(static_cast<natsMsg *>(m)); });
    jsMsgMetaData *meta = nullptr;
    if (natsMsg_GetMetaData(&meta, msg) != NATS_OK)
        return;   // not a stream delivery (a flow-control or heartbeat message): nothing to apply
    d.streamSeq = meta->Sequence.Stream;
    d.generation = m_generation;
    jsMsgMetaData_Destroy(meta);
    const char *id = nullptr;
    if (natsMsgHeader_Get(msg, "Nats-Msg-Id", &id) == NATS_OK && id)
        d.msgId = QString::fromUtf8(id).left(128);
    const int len = natsMsg_GetDataLength(msg);
    d.event = BridgeCodec::decode(m_config.prefix, QString::fromUtf8(natsMsg_GetSubject(msg)),
                                  QByteArray::fromRawData(natsMsg_GetData(msg), len < 0 ? 0 : len),
                                  m_origin, &d.why);
    QMetaObject::invokeMethod(m_owner, [owner = m_owner, d] { owner->streamDelivered(d); },
                              Qt::QueuedConnection);
}

void NatsLink::onState(bool up)
{
    QMetaObject::invokeMethod(m_owner, [owner = m_owner, up] { up ? owner->linkUp() : owner->linkDown(); },
                              Qt::QueuedConnection);
}
