// ProfileBuilder: builds a feed profile (docs/profiles.md) from one sample message by
// pointing at fields, for the connection editor's "Build from a sample" pane
// (qml/connections/ProfileBuilderPane.qml). The sample comes from the connection's
// inspector log (the newest incoming JSON message) or is pasted; its fields are listed
// by a FieldTreeModel. The user marks fields: values to chart, name fields (series
// template), the time field (format detected from the sample: epoch s/ms/us/ns or ISO
// 8601), the items array when a message holds many records, and fields that must match.
// With items set, a field outside the records (an envelope time or name) is read with "../".
// Every change regenerates the profile JSON, loads it with FeedProfile::fromJson and maps
// the sample with SampleMapper, so the preview is what the connection will produce.
// Bounds: a sample over MaxSampleBytes is refused (not cut: a cut message is not JSON),
// the preview lists at most MaxPreviewRows samples, the tree is bounded by FieldTreeModel.
#pragma once
#include "fieldtreemodel.h"

#include <QJsonValue>
#include <QObject>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include "messagelog.h"

class ProfileBuilder : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString sample READ sample WRITE setSample NOTIFY sampleChanged)
    Q_PROPERTY(QString sampleError READ sampleError NOTIFY sampleChanged)
    Q_PROPERTY(FieldTreeModel *fields READ fields CONSTANT)
    Q_PROPERTY(QString profileName READ profileName WRITE setProfileName NOTIFY profileChanged)
    Q_PROPERTY(QString nameTemplate READ nameTemplate WRITE setNameTemplate NOTIFY profileChanged)
    Q_PROPERTY(QString timeFormat READ timeFormat WRITE setTimeFormat NOTIFY profileChanged)   // "" = detected
    Q_PROPERTY(QString detectedTimeFormat READ detectedTimeFormat NOTIFY profileChanged)
    Q_PROPERTY(QString timePath READ timePath NOTIFY profileChanged)
    Q_PROPERTY(QString itemsPath READ itemsPath NOTIFY profileChanged)
    Q_PROPERTY(bool hasItems READ hasItems NOTIFY profileChanged)
    Q_PROPERTY(int valueCount READ valueCount NOTIFY profileChanged)
    Q_PROPERTY(QString profileJson READ profileJson NOTIFY profileChanged)
    Q_PROPERTY(QString problem READ problem NOTIFY profileChanged)       // why no profile yet / what is wrong
    Q_PROPERTY(QVariantList preview READ preview NOTIFY profileChanged)  // [{series, value, time}]
    Q_PROPERTY(int previewTotal READ previewTotal NOTIFY profileChanged)
public:
    static constexpr qsizetype MaxSampleBytes = 1024 * 1024;
    static constexpr int MaxPreviewRows = 200;

    explicit ProfileBuilder(QObject *parent = nullptr);

    QString sample() const { return m_sample; }
    void setSample(const QString &text);
    QString sampleError() const { return m_sampleError; }
    FieldTreeModel *fields() const { return m_fields; }
    QString profileName() const { return m_profileName; }
    void setProfileName(const QString &name);
    QString nameTemplate() const;   // the edited one, else the one made from the name fields
    void setNameTemplate(const QString &text);   // "" = made from the name fields again
    QString timeFormat() const { return m_timeFormat; }
    void setTimeFormat(const QString &format);
    QString detectedTimeFormat() const { return m_detectedFormat; }
    QString timePath() const { return m_hasTime ? m_time : QString(); }
    QString itemsPath() const { return m_hasItems ? m_items : QString(); }
    bool hasItems() const { return m_hasItems; }
    int valueCount() const { return int(m_values.size()); }
    QString profileJson() const { return m_json; }
    QString problem() const { return m_problem; }
    QVariantList preview() const { return m_preview; }
    int previewTotal() const { return m_previewTotal; }

    // Row actions (FieldTreeModel rows). Each returns "" or why the field cannot take that part.
    Q_INVOKABLE QString toggleValue(int row);
    Q_INVOKABLE QString toggleName(int row);
    Q_INVOKABLE QString toggleTime(int row);
    Q_INVOKABLE QString toggleItems(int row);
    Q_INVOKABLE QString toggleMatch(int row);
    Q_INVOKABLE void clearParts();

    // The newest incoming message of a connection's inspector log as the sample; "" or why not.
    Q_INVOKABLE QString takeNewest(MessageLog *log);
    // Writes a profile's text (the generated one, or the editor's) to a file after checking
    // it with FeedProfile::fromJson; "" or a readable error. Nothing is written when invalid.
    Q_INVOKABLE QString saveProfile(const QUrl &file, const QString &text) const;
    // A profile split into the editor's fields: {url, transport, onConnect: [text], profileText
    // (the profile without its on-connect messages, which move to the editor's list), error}.
    Q_INVOKABLE QVariantMap editorFields(const QString &profileText) const;
    // {text, source, error}: a profile file checked with FeedProfile::load, so errors name
    // file:line:field; the text is returned only when the profile loads.
    Q_INVOKABLE QVariantMap readProfile(const QUrl &file) const;
    // A profile (opened from a file, or the editor's text) shown as the clicks that make it:
    // its fields marked on the sample (the rule whose match holds, else the first), its
    // template, time format and name. Without a sample yet, it is shown when one is set
    // (unless fields were clicked by then). "" or what could not be shown; "" clears it.
    Q_INVOKABLE QString showProfile(const QString &profileText);

Q_SIGNALS:
    void sampleChanged();
    void profileChanged();

private:
    QString relative(const QString &path) const;   // path inside the record, "../x" in the envelope
    QString valueLabel(const QString &relativePath) const;
    QString autoTemplate() const;
    void rebuild();      // profile JSON + check + preview, then parts to the model

    FieldTreeModel *m_fields;
    QString m_sample;
    QString m_sampleError;
    QJsonValue m_doc;
    QString m_profileName;
    QStringList m_values;       // absolute pointers, in the order they were clicked
    QStringList m_names;        // absolute pointers of the series-name fields
    QStringList m_match;        // absolute pointers whose sample value must match
    QString m_time;             // absolute pointer, "" with m_hasTime false
    bool m_hasTime = false;
    QString m_items;
    bool m_hasItems = false;
    QString m_template;         // user-edited; "" = autoTemplate()
    QString m_shownProfile;     // showProfile()'s text, applied to the next sample
    QHash<QString, QString> m_labels;   // value path -> the shown profile's label for it
    QString m_timeFormat;
    QString m_detectedFormat;
    QString m_json;
    QString m_problem;
    QVariantList m_preview;
    int m_previewTotal = 0;
};
