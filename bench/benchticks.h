// BenchTicks: the synthetic market feed every ingest figure uses, so the blaster, the
// socket-less loop and the Node peer all see byte-identical messages. Each tick is one
// compact JSON object of 80-150 bytes:
//   {"type":"trade","s":"ETHUSD","seq":17,"t":1700000000017,"p":2251.37,"q":0.4821,"side":"buy","venue":"kraken"}
// Six symbols, two mapped values each (bench/profiles/ticks.json: 12 series).
// Deterministic for a seed; t grows by 1 ms per tick.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace BenchTicks {

std::vector<std::string> make(int count, uint32_t seed = 1);

// Server-to-client WebSocket text frame (unmasked) around one payload.
std::string serverFrame(const std::string &payload);

struct SizeStats { int min = 0; int max = 0; double mean = 0; };
SizeStats sizes(const std::vector<std::string> &ticks);

} // namespace BenchTicks
