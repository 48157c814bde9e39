// TopicCharts: live charts of hub topics with uPlot (vendor/uplot, MIT). Each charted
// topic is one envelope subscription and one chart; samples arrive at wire rate and are
// only appended to arrays, and the charts are redrawn at most once per animation frame
// (one setData per changed chart). Bounds: 8 topics, 8 series per topic, 2,000 points per
// chart (the oldest dropped). Data shapes understood: the shared-feed message
// {"samples":[{"series","t","v"}]} (docs/protocol.md 7.3), otherwise the numbers of the
// object (nested up to 3 levels; numbers sent as strings, as exchanges do, count too;
// "t"/"ts"/"time" in ms is the time), named after the record's id when it has one
// ("symbol", "sensor", "id", "name", "device": {"symbol":"BTC","price":"1.5"} -> BTC.price).
import uPlot from './vendor/uplot/uPlot.esm.js';

const MAX_TOPICS = 8;
const MAX_SERIES = 8;
const MAX_POINTS = 2000;
const COLOURS = ['#22d3ee', '#f59e0b', '#a78bfa', '#34d399', '#f472b6', '#60a5fa', '#facc15', '#fb7185'];
const TIME_KEYS = new Set(['t', 'ts', 'time']);
const ID_KEYS = ['symbol', 'sensor', 'id', 'name', 'device'];
const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function numbersOf(value, prefix, out, depth) {
  if (depth > 3 || out.size > MAX_SERIES * 4) return;
  for (const [k, v] of Object.entries(value)) {
    if (depth === 0 && TIME_KEYS.has(k)) continue;
    const name = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number' && Number.isFinite(v)) out.set(name, v);
    else if (typeof v === 'string' && v.length < 32 && NUMERIC.test(v)) out.set(name, Number(v));
    else if (v && typeof v === 'object') numbersOf(v, name, out, depth + 1);
  }
}

// The record's id ("BTC-USD", "lab-3"), to tell apart records sharing one topic.
function recordId(value) {
  for (const k of ID_KEYS) {
    const v = value[k];
    if (typeof v === 'string' && v.length > 0 && v.length <= 40 && !NUMERIC.test(v)) return v;
  }
  return '';
}

class TopicChart {
  constructor(topic, parent, onRemove) {
    this.topic = topic;
    this.names = [];                 // series names, index i = data column i + 1
    this.data = [[]];                // uPlot columns: x (seconds), then one per series
    this.dirty = false;
    this.dropped = 0;
    this.box = document.createElement('figure');
    this.box.className = 'chart';
    this.box.dataset.topic = topic;
    this.box.dataset.points = '0';
    const caption = document.createElement('figcaption');
    const title = document.createElement('span');
    title.textContent = topic;
    this.info = document.createElement('span');
    this.info.className = 'info';
    this.info.textContent = 'waiting for data…';
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'leave';
    close.textContent = '×';
    close.title = `Stop charting ${topic}`;
    close.addEventListener('click', onRemove);
    caption.append(title, this.info, close);
    this.plotBox = document.createElement('div');
    this.box.append(caption, this.plotBox);
    parent.append(this.box);
    this.plot = new uPlot(this.options(), this.data, this.plotBox);
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this.box);
  }

  options() {
    return {
      width: Math.max(200, this.box.clientWidth - 16),
      height: 180,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      // The value axis is wide enough for prices like 64,321.5 (uPlot's default cuts them).
      axes: [{ stroke: '#9ca3af', grid: { stroke: '#2a3340' } }, { stroke: '#9ca3af', grid: { stroke: '#2a3340' }, size: 72 }],
      series: [{}],
    };
  }

  fit() {
    const w = Math.max(200, this.box.clientWidth - 16);
    if (Math.abs(w - this.plot.width) > 2) this.plot.setSize({ width: w, height: 180 });
  }

  column(name) {
    let i = this.names.indexOf(name);
    if (i >= 0) return i + 1;
    if (this.names.length >= MAX_SERIES) return -1;
    this.names.push(name);
    const col = new Array(this.data[0].length).fill(null);
    this.data.push(col);
    this.plot.addSeries({ label: name, stroke: COLOURS[(this.names.length - 1) % COLOURS.length], width: 1.5, spanGaps: true },
                        this.names.length);
    return this.names.length;
  }

  addRow(tMs, values) {
    const row = new Array(this.data.length).fill(null);
    let any = false;
    for (const [name, v] of values) {
      const c = this.column(name);
      if (c < 0) continue;
      if (row.length <= c) row.length = c + 1;
      row[c] = v;
      any = true;
    }
    if (!any) return;
    // Rows arrive in time order from one publisher; an older time would break uPlot's
    // sorted x, so it is moved to the newest time seen.
    const xs = this.data[0];
    const x = Math.max(tMs / 1000, xs.length ? xs[xs.length - 1] : -Infinity);
    for (let c = 0; c < this.data.length; c++) this.data[c].push(c === 0 ? x : (row[c] ?? null));
    if (xs.length > MAX_POINTS * 1.25) {   // drop in batches: one splice per 500 rows
      const cut = xs.length - MAX_POINTS;
      for (const col of this.data) col.splice(0, cut);
      this.dropped += cut;
    }
    this.dirty = true;
  }

  sample(m) {
    const d = m.data;
    if (d && Array.isArray(d.samples)) {
      for (const s of d.samples.slice(0, 400)) {
        if (s && typeof s.series === 'string' && Number.isFinite(s.v))
          this.addRow(Number.isFinite(s.t) ? s.t : m.ts, [[s.series, s.v]]);
      }
      return;
    }
    const values = new Map();
    if (d && typeof d === 'object') numbersOf(d, recordId(d), values, 0);
    const t = d && [d.t, d.ts, d.time].find((v) => Number.isFinite(v) && v > 1e11);
    this.addRow(t ?? m.ts, values);
  }

  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    this.plot.setData(this.data);
    this.box.dataset.points = String(this.data[0].length);
    this.info.textContent = `${this.data[0].length} points, ${this.names.length} series`;
  }

  destroy() {
    this.resize.disconnect();
    this.plot.destroy();
    this.box.remove();
  }
}

export class TopicCharts {
  constructor(hub, parent, onError) {
    this.hub = hub;
    this.parent = parent;
    this.onError = onError;
    this.charts = new Map();
    this.frameRequested = false;
  }

  async add(topic) {
    topic = topic.trim();
    if (!topic || this.charts.has(topic)) return;
    if (this.charts.size >= MAX_TOPICS) throw new Error(`at most ${MAX_TOPICS} topics are charted at once`);
    await this.hub.request({ type: 'subscribe', topic });
    const chart = new TopicChart(topic, this.parent, () => this.remove(topic));
    this.charts.set(topic, chart);
  }

  async remove(topic) {
    const chart = this.charts.get(topic);
    if (!chart) return;
    this.charts.delete(topic);
    chart.destroy();
    await this.hub.request({ type: 'unsubscribe', topic }).catch(() => {});
  }

  // After a reconnect the hub has forgotten the subscriptions: ask again.
  async welcomed() {
    for (const topic of this.charts.keys())
      await this.hub.request({ type: 'subscribe', topic }).catch((e) => this.onError(e.message));
  }

  topics() { return [...this.charts.keys()]; }

  handle(m) {
    if (m.type !== 'sample') return;
    const chart = this.charts.get(m.topic);
    if (!chart) return;
    chart.sample(m);
    if (!this.frameRequested) {
      this.frameRequested = true;
      requestAnimationFrame(() => {
        this.frameRequested = false;
        for (const c of this.charts.values()) c.draw();
      });
    }
  }
}
