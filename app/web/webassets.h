// WebAssets: the browser client's files (resources/web, compiled in under :/web) as the
// hub serves them: body, Content-Type and a strong ETag, read once. Only files with a
// known type are served, and only by exact path: a request can name nothing else, so no
// path can walk out of the page's folder. Immutable after construction; WebResponder
// reads the one instance() from any thread.
#pragma once
#include <QByteArray>
#include <QHash>
#include <QString>

class WebAssets
{
public:
    struct Asset
    {
        QByteArray body;
        QByteArray contentType;
        QByteArray etag;          // "\"<16 hex digits of SHA-256>\""
    };

    // The compiled-in client. A function-local constant: the files cannot change while
    // the program runs, so there is no state to share, only bytes to read.
    static const WebAssets &instance();

    explicit WebAssets(const QString &root);   // e.g. ":/web"
    // The asset for a decoded request path ("/" is index.html); nullptr when none.
    const Asset *find(const QString &path) const;
    qsizetype size() const { return m_assets.size(); }
    static QByteArray contentTypeFor(const QString &fileName);   // empty = not served

private:
    QHash<QString, Asset> m_assets;            // "/app.js" -> asset
};
