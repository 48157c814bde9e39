#include "fieldtreemodel.h"

#include "jsonpointer.h"
#include "samplevalue.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

QString cut(const QString &text)
{
    QString t = text.left(FieldTreeModel::MaxTextChars + 1);
    // Line breaks and tabs would break the one-line row; show them as spaces.
    for (QChar &c : t)
        if (c.unicode() < 0x20)
            c = u' ';
    return t.size() > FieldTreeModel::MaxTextChars ? t.left(FieldTreeModel::MaxTextChars - 1) + u'…' : t;
}

// Values a container holds, itself included, for the "… more" counts.
int countValues(const QJsonValue &v, int budget)
{
    int n = 1;
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end() && n < budget; ++it)
            n += countValues(it.value(), budget - n);
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size() && n < budget; ++i)
            n += countValues(a.at(i), budget - n);
    }
    return n;
}

} // namespace

FieldTreeModel::FieldTreeModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void FieldTreeModel::setDocument(const QJsonValue &root)
{
    beginResetModel();
    m_rows.clear();
    m_hidden = 0;
    if (!root.isUndefined())
        add(QStringLiteral("(message)"), QString(), root, 0);
    endResetModel();
    Q_EMIT countChanged();
}

void FieldTreeModel::clear()
{
    setDocument(QJsonValue(QJsonValue::Undefined));
}

void FieldTreeModel::add(const QString &key, const QString &path, const QJsonValue &value, int depth)
{
    if (m_rows.size() >= MaxRows) {
        m_hidden += countValues(value, 1'000'000);
        return;
    }
    Row r;
    r.key = cut(key);
    r.path = path;
    r.depth = depth;
    switch (value.type()) {
    case QJsonValue::Object: r.kind = QStringLiteral("object"); r.preview = tr("{%n field(s)}", nullptr, int(value.toObject().size())); break;
    case QJsonValue::Array: r.kind = QStringLiteral("array"); r.preview = tr("[%n item(s)]", nullptr, int(value.toArray().size())); break;
    case QJsonValue::Double: r.kind = QStringLiteral("number"); r.preview = QString::number(value.toDouble(), 'g', 17); break;
    case QJsonValue::String: r.kind = QStringLiteral("string"); r.preview = cut(u'"' + value.toString().left(MaxTextChars) + u'"'); break;
    case QJsonValue::Bool: r.kind = QStringLiteral("bool"); r.preview = value.toBool() ? QStringLiteral("true") : QStringLiteral("false"); break;
    default: r.kind = QStringLiteral("null"); r.preview = QStringLiteral("null"); break;
    }
    double number = 0;
    r.numeric = (value.isDouble() || value.isString()) && SampleValue::toDouble(value, false, &number);
    m_rows.append(r);

    if (!value.isObject() && !value.isArray())
        return;
    if (depth + 1 > MaxDepth) {
        const int inner = countValues(value, 1'000'000) - 1;
        if (inner > 0)
            addMore(tr("… nested deeper than %1 levels: %n value(s) not shown", nullptr, inner).arg(MaxDepth), path, depth + 1, inner);
        return;
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            add(it.key(), path + u'/' + JsonPointer::escapeToken(it.key()), it.value(), depth + 1);
        return;
    }
    const QJsonArray a = value.toArray();
    const qsizetype shown = std::min<qsizetype>(a.size(), MaxArrayElements);
    for (qsizetype i = 0; i < shown; ++i)
        add(QStringLiteral("[%1]").arg(i), path + u'/' + QString::number(i), a.at(i), depth + 1);
    if (a.size() > shown) {
        int hidden = 0;
        for (qsizetype i = shown; i < a.size() && hidden < 1'000'000; ++i)
            hidden += countValues(a.at(i), 1'000'000 - hidden);
        addMore(tr("… %n more item(s), mapped like the ones above", nullptr, int(a.size() - shown)), path, depth + 1, hidden);
    }
}

void FieldTreeModel::addMore(const QString &text, const QString &path, int depth, int hidden)
{
    m_hidden += hidden;
    if (m_rows.size() >= MaxRows)
        return;
    Row r;
    r.key = text;
    r.path = path;
    r.depth = depth;
    r.kind = QStringLiteral("more");
    m_rows.append(r);
}

void FieldTreeModel::setParts(const QHash<QString, QString> &partByPath)
{
    m_parts = partByPath;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {PartRole});
}

int FieldTreeModel::indexOf(const QString &path) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).path == path && m_rows.at(i).kind != QLatin1String("more"))
            return i;
    return -1;
}

int FieldTreeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant FieldTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case KeyRole: return r.key;
    case PathRole: return r.path;
    case DepthRole: return r.depth;
    case KindRole: return r.kind;
    case PreviewRole: return r.preview;
    case NumericRole: return r.numeric;
    case PartRole: return r.kind == QLatin1String("more") ? QString() : m_parts.value(r.path);
    default: return {};
    }
}

QHash<int, QByteArray> FieldTreeModel::roleNames() const
{
    return {{KeyRole, "key"}, {PathRole, "path"}, {DepthRole, "depth"}, {KindRole, "kind"},
            {PreviewRole, "preview"}, {NumericRole, "numeric"}, {PartRole, "part"}};
}
