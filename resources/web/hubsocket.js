// HubSocket: one WebSocket to the hub that served this page, speaking the envelope
// protocol (docs/protocol.md): hello and the challenge-response login, requests with ids
// whose replies resolve a promise, and every other server message handed to onMessage.
// A lost connection is retried with a growing delay (1 s .. 30 s) and logs in again;
// ChatView then resumes each room from its last sequence number.
import { answerChallenge, sameText } from './auth.js';

export class HubSocket {
  constructor({ onMessage, onState, onWelcome }) {
    this.onMessage = onMessage;
    this.onState = onState;
    this.onWelcome = onWelcome;
    this.pending = new Map();   // id -> {resolve, reject}; bounded by the requests in flight
    this.nextId = 1;
    this.retryMs = 1000;
    this.wanted = false;
  }

  // The page's own origin, ws:// or wss:// like the page.
  static url() {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/';
  }

  // Resolves with the welcome, or rejects with a readable Error (nick taken, bad password...).
  login(nick, password) {
    this.nick = nick;
    this.password = password;
    this.wanted = true;
    return new Promise((resolve, reject) => {
      this.loginWaiter = { resolve, reject };
      this.open();
    });
  }

  close() {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    if (this.ws) this.ws.close(1000, 'leaving');
  }

  send(envelope) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN || !this.welcomed) return false;
    this.ws.send(JSON.stringify(envelope));
    return true;
  }

  // A request whose reply (same `re`) resolves the promise; an error reply rejects it.
  request(envelope) {
    const id = `r${this.nextId++}`;
    return new Promise((resolve, reject) => {
      if (!this.send({ ...envelope, id })) return reject(new Error('not connected'));
      this.pending.set(id, { resolve, reject });
    });
  }

  open() {
    this.onState('connecting');
    const ws = new WebSocket(HubSocket.url());
    this.ws = ws;
    this.welcomed = false;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', version: 1, nick: this.nick, client: 'pulseboard-web/1' }));
    ws.onmessage = (event) => {
      let m;
      try { m = JSON.parse(event.data); } catch { return; }
      if (m && typeof m.type === 'string') this.dispatch(ws, m);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      for (const p of this.pending.values()) p.reject(new Error('connection lost'));
      this.pending.clear();
      this.welcomed = false;
      if (this.loginWaiter) {   // never got in: report instead of retrying
        const why = this.loginError || `the hub closed the connection (${event.code}${event.reason ? ': ' + event.reason : ''})`;
        this.fail(why);
        return;
      }
      this.onState(this.wanted ? 'reconnecting' : 'closed', event.code);
      if (this.wanted) {
        this.retryTimer = setTimeout(() => this.open(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 30000);
      }
    };
  }

  fail(why) {
    const waiter = this.loginWaiter;
    this.loginWaiter = null;
    this.loginError = null;
    this.wanted = false;
    this.onState('closed');
    if (waiter) waiter.reject(new Error(why));
  }

  async dispatch(ws, m) {
    if (m.type === 'challenge') {
      try {
        const a = await answerChallenge(m, this.password || '', this.nick);
        this.expectedProof = a.serverProof;
        ws.send(JSON.stringify({ type: 'auth', cnonce: a.cnonce, proof: a.proof }));
      } catch (e) {
        this.loginError = e.message;
        ws.close();
      }
      return;
    }
    if (m.type === 'welcome') {
      if (this.expectedProof && !sameText(m.proof, this.expectedProof)) {
        this.loginError = 'the hub could not prove it knows the password: disconnected';
        ws.close();
        return;
      }
      this.expectedProof = null;
      this.welcomed = true;
      this.retryMs = 1000;
      this.onState('connected');
      const waiter = this.loginWaiter;
      this.loginWaiter = null;
      this.onWelcome(m);
      if (waiter) waiter.resolve(m);
      return;
    }
    if (!this.welcomed && m.type === 'error') {
      const messages = {
        nick_taken: 'that nickname is in use: pick another',
        auth_failed: 'wrong password',
        auth_locked: 'too many failed logins from this address: wait a minute',
      };
      this.loginError = messages[m.code] || m.message || m.code;
      if (m.code === 'nick_taken' || m.code === 'invalid_field') ws.close();
      return;
    }
    if (m.re !== undefined && this.pending.has(m.re)) {
      const p = this.pending.get(m.re);
      this.pending.delete(m.re);
      if (m.type === 'error') p.reject(Object.assign(new Error(m.message || m.code), { code: m.code }));
      else p.resolve(m);
      if (m.type !== 'joined') return;   // joined also feeds the room's state
    }
    this.onMessage(m);
  }
}
