// libFuzzer target, differential: JsonTape (the ingest path's DOM-less parser) against
// QJsonDocument on the same text. They must agree on accept/reject and, when both
// accept, on every value: tests/feed/jsontapecompare.h, the comparison tst_jsontape uses,
// with the differences jsontape.h documents allowed.
// Each input is checked twice: as the bytes a feed delivers (the ingest path parses the
// frame's UTF-8, invalid sequences included) and as text decoded from them (U+FFFD for
// invalid UTF-8, one leading BOM dropped), which reaches strings and keys with more
// characters. A disagreement aborts with where and how they differ on stderr.
#include "../feed/jsontapecompare.h"

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
void check(const QByteArray &utf8, const char *what)
{
    static JsonTape tape;   // reused across inputs, as on the ingest thread
    const QString diff = JsonTapeCompare::compareWithQt(tape, utf8);
    if (!diff.isEmpty()) {
        std::fprintf(stderr, "JsonTape/QJsonDocument disagree (%s): %s\n", what, qPrintable(diff));
        std::abort();
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    check(bytes, "bytes");
    const QByteArray text = QString::fromUtf8(bytes).toUtf8();
    if (text != bytes)
        check(text, "decoded text");
    return 0;
}
