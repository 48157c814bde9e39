// SHA-256, HMAC-SHA256 and PBKDF2-HMAC-SHA256 in plain JavaScript, for pages that are
// not a secure context (http:// on a LAN address), where browsers hide WebCrypto's
// crypto.subtle. auth.js uses WebCrypto whenever it exists; this is only the fallback.
// Checked against the worked example of docs/protocol.md section 11 by the browser test.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

// One SHA-256 block: w[0..16) holds the block's words; w is reused as the schedule.
function compress(h, w) {
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15], b = w[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

function toBytes(h) {
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(4 * i, h[i]);
  return out;
}

export function sha256(bytes) {
  const n = bytes.length;
  const padded = new Uint8Array(((n + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[n] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(n / 0x20000000));
  view.setUint32(padded.length - 4, (n << 3) >>> 0);
  const h = new Uint32Array(IV);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + 4 * i);
    compress(h, w);
  }
  return toBytes(h);
}

export function hmacSha256(key, message) {
  let k = key.length > 64 ? sha256(key) : key;
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    const b = i < k.length ? k[i] : 0;
    inner[i] = b ^ 0x36;
    outer[i] = b ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

// PBKDF2-HMAC-SHA256 with a 32-byte output (one block, as the hub's protocol uses). The
// key's inner and outer pad states are hashed once; each iteration is then two block
// compressions with no allocation (100,000 iterations: about 1 s on a loaded 2-core box).
export function pbkdf2Sha256(password, salt, iterations) {
  const first = new Uint8Array(salt.length + 4);
  first.set(salt);
  first[salt.length + 3] = 1;   // block index 1, big-endian
  let u = hmacSha256(password, first);
  const t = u.slice();
  const key = password.length > 64 ? sha256(password) : password;
  const w = new Uint32Array(64);
  const pad = (x) => {
    const h = new Uint32Array(IV);
    for (let i = 0; i < 16; i++) {
      let word = 0;
      for (let j = 0; j < 4; j++) word = (word << 8) | ((key[4 * i + j] || 0) ^ x);
      w[i] = word;
    }
    compress(h, w);
    return h;
  };
  const inner0 = pad(0x36), outer0 = pad(0x5c);
  const uw = new Uint32Array(8);
  for (let i = 0; i < 8; i++) uw[i] = (u[4 * i] << 24) | (u[4 * i + 1] << 16) | (u[4 * i + 2] << 8) | u[4 * i + 3];
  const tw = uw.slice();
  const h = new Uint32Array(8);
  for (let n = 1; n < iterations; n++) {
    for (const state of [inner0, outer0]) {   // HMAC: inner hash of u, then outer of that
      h.set(state);
      w.set(uw);
      w[8] = 0x80000000;
      w.fill(0, 9, 15);
      w[15] = (64 + 32) * 8;   // bit length: the pad block and 32 bytes
      compress(h, w);
      uw.set(h);
    }
    for (let j = 0; j < 8; j++) tw[j] ^= uw[j];
  }
  return toBytes(tw);
}
