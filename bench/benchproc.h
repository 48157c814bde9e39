// BenchProc: small helpers every bench executable shares: resident memory and CPU time
// of this process (from /proc, Linux), raising the open-file limit for the benchmark
// process itself, and printing one JSON object per result line on stdout.
#pragma once
#include <QJsonObject>
#include <QtGlobal>

namespace BenchProc {

qint64 rssBytes();             // VmRSS of this process
double cpuSeconds();           // user + system CPU time of this process
int raiseFileLimit();          // soft RLIMIT_NOFILE := hard; returns the new soft limit
void emitJson(const QJsonObject &object);   // one compact line on stdout, flushed

} // namespace BenchProc
