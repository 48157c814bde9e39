#include "benchticks.h"

#include <algorithm>
#include <cstdio>
#include <random>

namespace BenchTicks {

namespace {
struct Symbol { const char *name; double price; };
constexpr Symbol kSymbols[] = {{"BTCUSD", 43125.5}, {"ETHUSD", 2251.25}, {"SOLUSD", 61.42},
                               {"XRPUSD", 0.6123}, {"ADAUSD", 0.3811}, {"DOGEUSD", 0.0812}};
constexpr const char *kVenues[] = {"x", "kraken", "bench", "coinbase-advanced", "binance-spot-primary"};
} // namespace

std::vector<std::string> make(int count, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> step(-0.0005, 0.0005);
    std::uniform_real_distribution<double> qty(0.0001, 5.0);
    double prices[std::size(kSymbols)];
    for (size_t i = 0; i < std::size(kSymbols); ++i)
        prices[i] = kSymbols[i].price;
    std::vector<std::string> out;
    out.reserve(size_t(count));
    char buf[256];
    const long long t0 = 1'700'000'000'000LL;
    for (int i = 0; i < count; ++i) {
        const size_t s = rng() % std::size(kSymbols);
        prices[s] *= 1.0 + step(rng);
        const char *venue = kVenues[rng() % std::size(kVenues)];
        const int n = std::snprintf(buf, sizeof buf,
                                    "{\"type\":\"trade\",\"s\":\"%s\",\"seq\":%d,\"t\":%lld,\"p\":%.6g,"
                                    "\"q\":%.4f,\"side\":\"%s\",\"venue\":\"%s\"}",
                                    kSymbols[s].name, i, t0 + i, prices[s], qty(rng),
                                    (rng() & 1) ? "buy" : "sell", venue);
        out.emplace_back(buf, size_t(n));
    }
    return out;
}

std::string serverFrame(const std::string &payload)
{
    std::string f;
    f.reserve(payload.size() + 10);
    f.push_back(char(0x81));   // FIN + text
    const size_t n = payload.size();
    if (n < 126) {
        f.push_back(char(n));
    } else if (n < 65536) {
        f.push_back(char(126));
        f.push_back(char(n >> 8));
        f.push_back(char(n & 0xff));
    } else {
        f.push_back(char(127));
        for (int i = 7; i >= 0; --i)
            f.push_back(char((uint64_t(n) >> (8 * i)) & 0xff));
    }
    f += payload;
    return f;
}

SizeStats sizes(const std::vector<std::string> &ticks)
{
    SizeStats s;
    if (ticks.empty())
        return s;
    s.min = s.max = int(ticks.front().size());
    double sum = 0;
    for (const std::string &t : ticks) {
        s.min = std::min(s.min, int(t.size()));
        s.max = std::max(s.max, int(t.size()));
        sum += double(t.size());
    }
    s.mean = sum / double(ticks.size());
    return s;
}

} // namespace BenchTicks
