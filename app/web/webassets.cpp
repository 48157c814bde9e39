#include "webassets.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>

const WebAssets &WebAssets::instance()
{
    static const WebAssets assets(QStringLiteral(":/web"));
    return assets;
}

WebAssets::WebAssets(const QString &root)
{
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QByteArray type = contentTypeFor(it.fileName());
        QFile f(file);
        if (type.isEmpty() || !f.open(QIODevice::ReadOnly))
            continue;
        Asset a;
        a.body = f.readAll();
        a.contentType = type;
        a.etag = '"' + QCryptographicHash::hash(a.body, QCryptographicHash::Sha256).toHex().left(16) + '"';
        m_assets.insert(file.mid(root.size()), a);
    }
}

const WebAssets::Asset *WebAssets::find(const QString &path) const
{
    const auto it = m_assets.constFind(path == QLatin1String("/") ? QStringLiteral("/index.html") : path);
    return it == m_assets.cend() ? nullptr : &it.value();
}

QByteArray WebAssets::contentTypeFor(const QString &fileName)
{
    static const QHash<QString, QByteArray> types = {
        {QStringLiteral("html"), "text/html; charset=utf-8"},
        {QStringLiteral("js"), "text/javascript; charset=utf-8"},
        {QStringLiteral("css"), "text/css; charset=utf-8"},
        {QStringLiteral("svg"), "image/svg+xml"},
        {QStringLiteral("png"), "image/png"},
        {QStringLiteral("json"), "application/json"},
        {QStringLiteral("txt"), "text/plain; charset=utf-8"},
    };
    if (fileName == QLatin1String("LICENSE"))   // the vendored library's licence, readable as is
        return "text/plain; charset=utf-8";
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    return dot > 0 ? types.value(fileName.mid(dot + 1).toLower()) : QByteArray();
}
