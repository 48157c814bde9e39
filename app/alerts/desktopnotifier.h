// DesktopNotifier: shows alert notifications (already thinned by AlertThrottle) on the
// desktop through QSystemTrayIcon::showMessage(), but only when the window is not the
// active one: while the user looks at Pulseboard, the in-app toast is enough. Without a
// system tray (QSystemTrayIcon::isSystemTrayAvailable() false: no tray host, Xvfb,
// offscreen) it stays silent and desktopAvailable is false so the UI can say alerts are
// shown in the window only. Clicking the desktop message emits activated() with the
// notification it showed, so AlertService can focus the chart, connection or room.
//
// Sound: Pulseboard does not link QtMultimedia, so "sound" is QApplication::beep() (the
// platform's bell: may be silent on desktops that disable it), on or off per severity.
//
// Text from the network (series names, chat) is shown as plain text: control
// characters become spaces, '<', '>' and '&' become look-alikes (some notification
// servers read markup), and title and body are cut to MaxTitle/MaxBody characters.
// Owned by AlertService (GUI thread); QML reads and sets its properties.
#pragma once
#include "alertnotification.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>
#include <functional>

class QSystemTrayIcon;

class DesktopNotifier : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("DesktopNotifier belongs to the AlertService")
    Q_PROPERTY(bool desktopAvailable READ desktopAvailable NOTIFY availabilityChanged)
    Q_PROPERTY(bool enabled READ isEnabled WRITE setEnabled NOTIFY settingsChanged)
    Q_PROPERTY(bool windowActive READ windowActive WRITE setWindowActive NOTIFY windowActiveChanged)
    Q_PROPERTY(bool soundInfo READ soundInfo WRITE setSoundInfo NOTIFY settingsChanged)
    Q_PROPERTY(bool soundWarning READ soundWarning WRITE setSoundWarning NOTIFY settingsChanged)
    Q_PROPERTY(bool soundCritical READ soundCritical WRITE setSoundCritical NOTIFY settingsChanged)
    Q_PROPERTY(int shownCount READ shownCount NOTIFY shown)
public:
    enum class Decision {
        Desktop,        // shown through the tray (or the presenter)
        WindowActive,   // the user is looking at the window: in-app toast only
        Unavailable,    // no system tray: in-app only
        Disabled        // the user turned desktop notifications off
    };
    Q_ENUM(Decision)
    static constexpr int MaxTitle = 120;
    static constexpr int MaxBody = 400;
    static constexpr int MessageMs = 10'000;

    // Shows one notification instead of the tray: for platforms with their own
    // notification API, and for tests (the tray does not exist offscreen).
    using Presenter = std::function<void(const QString &title, const QString &body, const AlertNotification &)>;

    explicit DesktopNotifier(QObject *parent = nullptr);
    ~DesktopNotifier() override;

    bool desktopAvailable() const;
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool on);
    bool windowActive() const { return m_windowActive; }
    void setWindowActive(bool active);
    bool soundInfo() const { return m_sound[0]; }
    bool soundWarning() const { return m_sound[1]; }
    bool soundCritical() const { return m_sound[2]; }
    void setSoundInfo(bool on) { setSound(AlertRule::Severity::Info, on); }
    void setSoundWarning(bool on) { setSound(AlertRule::Severity::Warning, on); }
    void setSoundCritical(bool on) { setSound(AlertRule::Severity::Critical, on); }
    void setSound(AlertRule::Severity severity, bool on);
    bool soundFor(AlertRule::Severity severity) const;
    int shownCount() const { return m_shown; }

    void setPresenter(Presenter presenter);
    static Decision decide(bool available, bool enabled, bool windowActive);
    static QString plainText(const QString &text, int maxChars);

    // Beeps if the severity has sound, then shows it on the desktop if decide() says so.
    Decision notify(const AlertNotification &notification);

public Q_SLOTS:
    // QSystemTrayIcon::messageClicked (it has no arguments: the last message shown).
    void onMessageClicked();

Q_SIGNALS:
    void availabilityChanged();
    void settingsChanged();
    void windowActiveChanged();
    void shown(const AlertNotification &notification);
    void activated(const AlertNotification &notification);
    void soundPlayed(AlertRule::Severity severity);

private:
    void showOnTray(const QString &title, const QString &body, const AlertNotification &n);

    bool m_enabled = true;
    bool m_windowActive = true;
    bool m_sound[3] = {false, false, false};
    int m_shown = 0;
    bool m_haveLast = false;
    AlertNotification m_last;
    Presenter m_presenter;
    QSystemTrayIcon *m_tray = nullptr;   // created on the first desktop notification
};
