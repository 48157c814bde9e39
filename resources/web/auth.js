// The hub's challenge-response login (docs/protocol.md section 4.2): PBKDF2-SHA256 key,
// HMAC-SHA256 proofs over the nonces and the nickname. WebCrypto does the work where the
// page is a secure context (https, localhost); on plain http from a LAN address browsers
// hide crypto.subtle, so sha256.js computes the same values. The password never leaves.
import { hmacSha256, pbkdf2Sha256 } from './sha256.js';

const utf8 = new TextEncoder();

export function toBase64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function hasWebCrypto() {
  return Boolean(globalThis.crypto && globalThis.crypto.subtle);
}

export async function deriveKey(password, salt, iterations, useWebCrypto = hasWebCrypto()) {
  if (!useWebCrypto) return pbkdf2Sha256(utf8.encode(password), salt, iterations);
  const base = await crypto.subtle.importKey('raw', utf8.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 256);
  return new Uint8Array(bits);
}

export async function hmac(key, text, useWebCrypto = hasWebCrypto()) {
  if (!useWebCrypto) return hmacSha256(key, utf8.encode(text));
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, utf8.encode(text)));
}

// What to send for `challenge` (and the server proof to expect in `welcome`).
export async function answerChallenge(challenge, password, nick, cnonce = randomNonce(), useWebCrypto) {
  if (challenge.mechanism !== 'PBKDF2-SHA256/HMAC-SHA256')
    throw new Error(`the hub asks for an unknown login mechanism "${challenge.mechanism}"`);
  const key = await deriveKey(password, fromBase64(challenge.salt), challenge.iterations, useWebCrypto);
  const tail = `\n${challenge.nonce}\n${cnonce}\n${nick}`;
  const proof = toBase64(await hmac(key, 'pulseboard-auth-v1' + tail, useWebCrypto));
  const serverProof = toBase64(await hmac(key, 'pulseboard-server-v1' + tail, useWebCrypto));
  return { cnonce, proof, serverProof };
}

function randomNonce() {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);   // available in insecure contexts too
  return toBase64(bytes);
}

// Equal strings without an early exit (the proof is checked once per login).
export function sameText(a, b) {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
