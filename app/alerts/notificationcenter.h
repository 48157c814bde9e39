// NotificationCenter: the history of raised and cleared alerts shown in the notification
// center, newest first, with acknowledge and clear. Fed by AlertEngine::alertEvent
// (addEvent) or, better at high rates, one batch per frame (addEvents: one insertion).
// Bounded: at most maxEntries rows (default 1,000); when full, the oldest acknowledged
// entries are dropped first, then the oldest ones. QML reads unacknowledgedCount for
// the badge. Lives on the GUI thread.
#pragma once
#include "alertevent.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

class NotificationCenter : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int unacknowledgedCount READ unacknowledgedCount NOTIFY unacknowledgedCountChanged)
    Q_PROPERTY(int maxEntries READ maxEntries WRITE setMaxEntries NOTIFY maxEntriesChanged)
public:
    static constexpr int DefaultMaxEntries = 1000;

    enum Role {
        RuleRole = Qt::UserRole + 1,
        StateRole,          // "alertState": "raised" | "cleared" ("state" would shadow Item.state)
        SeverityRole,       // "info" | "warning" | "critical"
        KindRole,           // "above", "connectionLost", ...
        SourceRole,         // series, connection, room or sender
        ValueRole,          // double
        TimeRole,           // QDateTime (local time)
        TimeMsRole,         // epoch ms
        DetailRole,
        SummaryRole,        // one human line (AlertEvent::summary)
        AcknowledgedRole,   // bool
    };
    Q_ENUM(Role)

    explicit NotificationCenter(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_entries.size()); }
    int unacknowledgedCount() const { return m_unacknowledged; }
    int maxEntries() const { return m_maxEntries; }
    void setMaxEntries(int max);      // at least 1; trims at once
    AlertEvent event(int row) const;  // default-constructed when out of range
    bool isAcknowledged(int row) const;

    Q_INVOKABLE void acknowledge(int row);
    Q_INVOKABLE void acknowledgeAll();
    Q_INVOKABLE void clear(int row);
    Q_INVOKABLE void clearAll();

public Q_SLOTS:
    void addEvent(const AlertEvent &event);
    void addEvents(const QList<AlertEvent> &events);   // in time order; newest ends on top

Q_SIGNALS:
    void countChanged();
    void unacknowledgedCountChanged();
    void maxEntriesChanged();

private:
    struct Entry {
        AlertEvent event;
        bool acknowledged = false;
    };
    void makeRoom(int needed);
    void removeRange(int first, int last);

    QList<Entry> m_entries;           // row 0 = newest
    int m_unacknowledged = 0;
    int m_maxEntries = DefaultMaxEntries;
};
