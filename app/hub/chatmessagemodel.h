// ChatMessageModel: the messages of the room shown in the chat pane, oldest first, with
// the roles the pane needs (sender, time, text, mine, @mention, first-of-group for
// visual grouping, history = replayed on first join rather than received live). ChatClient fills it in batches (one insert per batch, one reset per
// room switch). Bound: MaxRows (2,000); the oldest rows go first. `text` is untrusted:
// QML must show it with textFormat: Text.PlainText.
#pragma once
#include "chatmessage.h"

#include <QAbstractListModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

class ChatMessageModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by ChatClient")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role { SeqRole = Qt::UserRole + 1, FromRole, TextRole, TimeRole, MineRole, MentionsMeRole, FirstOfGroupRole, HistoryRole, AlertRole };
    static constexpr int MaxRows = 2'000;
    static constexpr qint64 GroupGapMs = 5 * 60 * 1000;

    using QAbstractListModel::QAbstractListModel;

    void reset(const QList<ChatMessage> &messages);
    void append(const QList<ChatMessage> &batch);
    const QList<ChatMessage> &messages() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    bool firstOfGroup(int row) const;
    QList<ChatMessage> m_rows;
};
