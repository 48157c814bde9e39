#include "desktopnotifier.h"

#include <QApplication>
#include <QIcon>
#include <QSystemTrayIcon>
#include <algorithm>

namespace {
QSystemTrayIcon::MessageIcon iconFor(AlertRule::Severity s)
{
    switch (s) {
    case AlertRule::Severity::Info: return QSystemTrayIcon::Information;
    case AlertRule::Severity::Warning: return QSystemTrayIcon::Warning;
    case AlertRule::Severity::Critical: return QSystemTrayIcon::Critical;
    }
    return QSystemTrayIcon::Information;
}
} // namespace

DesktopNotifier::DesktopNotifier(QObject *parent)
    : QObject(parent)
{
    // Follow the application state; QML may also set windowActive from Window.active.
    m_windowActive = QGuiApplication::applicationState() == Qt::ApplicationActive;
    if (auto *app = qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        connect(app, &QGuiApplication::applicationStateChanged, this,
                [this](Qt::ApplicationState state) { setWindowActive(state == Qt::ApplicationActive); });
    }
}

DesktopNotifier::~DesktopNotifier() = default;

bool DesktopNotifier::desktopAvailable() const
{
    if (m_presenter)
        return true;
    // QSystemTrayIcon is a widget-module class: it needs a QApplication.
    return qobject_cast<QApplication *>(QCoreApplication::instance()) && QSystemTrayIcon::isSystemTrayAvailable();
}

void DesktopNotifier::setEnabled(bool on)
{
    if (on == m_enabled)
        return;
    m_enabled = on;
    Q_EMIT settingsChanged();
}

void DesktopNotifier::setWindowActive(bool active)
{
    if (active == m_windowActive)
        return;
    m_windowActive = active;
    Q_EMIT windowActiveChanged();
}

void DesktopNotifier::setSound(AlertRule::Severity severity, bool on)
{
    bool &slot = m_sound[int(severity)];
    if (slot == on)
        return;
    slot = on;
    Q_EMIT settingsChanged();
}

bool DesktopNotifier::soundFor(AlertRule::Severity severity) const
{
    return m_sound[int(severity)];
}

void DesktopNotifier::setPresenter(Presenter presenter)
{
    const bool before = desktopAvailable();
    m_presenter = std::move(presenter);
    if (desktopAvailable() != before)
        Q_EMIT availabilityChanged();
}

DesktopNotifier::Decision DesktopNotifier::decide(bool available, bool enabled, bool windowActive)
{
    if (!enabled)
        return Decision::Disabled;
    if (windowActive)
        return Decision::WindowActive;
    if (!available)
        return Decision::Unavailable;
    return Decision::Desktop;
}

QString DesktopNotifier::plainText(const QString &text, int maxChars)
{
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), maxChars));
    for (QChar c : text) {
        if (out.size() >= maxChars)
            break;
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            out.append(QLatin1Char(' '));
        else if (c == QLatin1Char('<'))
            out.append(QChar(0x2039));   // ‹
        else if (c == QLatin1Char('>'))
            out.append(QChar(0x203A));   // ›
        else if (c == QLatin1Char('&'))
            out.append(QChar(0xFF06));   // ＆
        else
            out.append(c);
    }
    if (out.size() >= maxChars && text.size() > maxChars)
        out[maxChars - 1] = QChar(0x2026);   // …
    return out;
}

DesktopNotifier::Decision DesktopNotifier::notify(const AlertNotification &n)
{
    if (soundFor(n.severity)) {
        if (qobject_cast<QApplication *>(QCoreApplication::instance()))
            QApplication::beep();
        Q_EMIT soundPlayed(n.severity);
    }
    const Decision d = decide(desktopAvailable(), m_enabled, m_windowActive);
    if (d != Decision::Desktop)
        return d;
    const QString title = plainText(n.title, MaxTitle);
    const QString body = plainText(n.body, MaxBody);
    m_last = n;
    m_haveLast = true;
    if (m_presenter)
        m_presenter(title, body, n);
    else
        showOnTray(title, body, n);
    ++m_shown;
    Q_EMIT shown(n);
    return d;
}

void DesktopNotifier::showOnTray(const QString &title, const QString &body, const AlertNotification &n)
{
    if (!m_tray) {
        QIcon icon = QGuiApplication::windowIcon();
        if (icon.isNull())
            icon = QIcon(QStringLiteral(":/Pulseboard/resources/icons/pulseboard.svg"));
        m_tray = new QSystemTrayIcon(icon, this);
        m_tray->setToolTip(QStringLiteral("Pulseboard"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &DesktopNotifier::onMessageClicked);
        // A left click on the icon itself also brings the window (and the last alert) up.
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger)
                onMessageClicked();
        });
        m_tray->show();
    }
    m_tray->showMessage(title, body, iconFor(n.severity), MessageMs);
}

void DesktopNotifier::onMessageClicked()
{
    if (m_haveLast)
        Q_EMIT activated(m_last);
}
