// libFuzzer target: SseParser, the text/event-stream interpreter, fed the input as a
// stream cut at varying points (the first byte picks small line/event limits and the cut
// sizes), then endOfStream() and a second stream on the same parser (a reconnect).
// Checks: every event's data is valid UTF-8 and within the event bound, the memory held
// stays within the documented bound, and at most kMaxErrorsKept explanations are kept.
#include "sseparser.h"

#include <QStringDecoder>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
void check(SseParser &p, qsizetype maxLine, qsizetype maxEvent)
{
    if (p.bufferedBytes() > maxLine + maxEvent + 64 + 4)
        std::abort();   // the bound in the header: about maxLineBytes + maxEventBytes
    for (const SseEvent &e : p.takeEvents()) {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        (void)utf8.decode(e.data);
        // The bound holds for the event handed on, after invalid UTF-8 is replaced
        // (tests/fuzz/crashes/fuzz_sse/event-over-bound-after-replacement).
        if (utf8.hasError() || e.data.size() > maxEvent || e.type.isEmpty()) {
            std::fprintf(stderr, "event: %lld bytes (bound %lld), type \"%s\"\n", qlonglong(e.data.size()),
                         qlonglong(maxEvent), e.type.constData());
            std::abort();
        }
    }
    if (p.takeErrors().size() > SseParser::kMaxErrorsKept)
        std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t config = data[0];
    const qsizetype maxLine = (config & 0x0f) ? qsizetype(8) << (config & 0x0f) : SseParser::kDefaultMaxLineBytes;
    const qsizetype maxEvent = (config >> 4) ? qsizetype(8) << (config >> 4) : SseParser::kDefaultMaxEventBytes;
    SseParser parser(maxLine, maxEvent);
    const char *in = reinterpret_cast<const char *>(data + 1);
    const qsizetype total = qsizetype(size - 1);
    for (int round = 0; round < 2; ++round) {
        qsizetype at = 0, chunk = 1 + config % 13;
        while (at < total) {
            const qsizetype n = std::min(chunk, total - at);
            parser.feed(QByteArrayView(in + at, n));
            at += n;
            chunk = chunk * 7 % 61 + 1;
            check(parser, maxLine, maxEvent);
        }
        parser.endOfStream();
        check(parser, maxLine, maxEvent);
        if (parser.retryMs() < -1)
            std::abort();
    }
    return 0;
}
