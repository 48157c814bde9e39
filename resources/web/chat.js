// ChatView: rooms, presence, history, private messages and typing, drawn from the hub's
// envelopes. Every string that came from the network reaches the page through
// textContent (never as markup). Bounds: 500 lines kept per conversation (older lines
// dropped from the page), 32 rooms (the hub's own per-connection limit).
const MAX_LINES = 500;
const TYPING_EXPIRY_MS = 6000;
const TYPING_REPEAT_MS = 3000;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function clock(ts) {
  return new Date(ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export class ChatView {
  constructor(hub, ui) {
    this.hub = hub;
    this.ui = ui;
    this.conversations = new Map();   // "general" or "@bob" -> {lines, lastSeq, members, typing, unread}
    this.current = null;
    this.typingSentAt = 0;
    this.typingTimer = null;
    setInterval(() => this.renderTyping(), 1000);
  }

  conversation(key) {
    let c = this.conversations.get(key);
    if (!c) {
      c = { lines: [], lastSeq: 0, members: new Set(), typing: new Map(), unread: 0, joined: false };
      this.conversations.set(key, c);
    }
    return c;
  }

  // After every welcome (first login and each reconnect): rejoin, resuming from lastSeq.
  async welcomed(initialRoom) {
    const rooms = [...this.conversations.keys()].filter((k) => !k.startsWith('@'));
    if (rooms.length === 0) rooms.push(initialRoom);
    for (const room of rooms) await this.join(room).catch((e) => this.showError(e.message));
  }

  async join(room) {
    const c = this.conversations.get(room);
    const request = { type: 'join', room };
    if (c && c.lastSeq > 0) Object.assign(request, { since: c.lastSeq, limit: 1000 });
    await this.hub.request(request);
    this.select(room);
  }

  async leave(room) {
    await this.hub.request({ type: 'leave', room });
    this.conversations.delete(room);
    if (this.current === room) this.current = null;
    this.select(this.current || [...this.conversations.keys()][0] || null);
  }

  select(key) {
    this.current = key;
    if (key) this.conversation(key).unread = 0;
    this.renderAll();
  }

  // Composer: "@nick text" is private, anything else goes to the current room (or the
  // open private conversation).
  async submit(text) {
    text = text.trim();
    if (!text) return;
    const m = /^@([A-Za-z0-9][A-Za-z0-9_.-]{0,23})\s+([\s\S]+)$/.exec(text);
    if (m) return this.sendPrivate(m[1], m[2]);
    if (!this.current) throw new Error('join a room first');
    if (this.current.startsWith('@')) return this.sendPrivate(this.current.slice(1), text);
    this.stopTyping();
    await this.hub.request({ type: 'say', room: this.current, text });
  }

  async sendPrivate(nick, text) {
    await this.hub.request({ type: 'pm', to: nick, text });
    const key = '@' + nick;
    this.addLine(key, { from: this.hub.nick, text, ts: Date.now(), private: true });
    this.select(key);
  }

  typed(hasText) {
    if (!this.current || this.current.startsWith('@')) return;
    const now = Date.now();
    if (hasText && now - this.typingSentAt > TYPING_REPEAT_MS) {
      this.hub.send({ type: 'typing', room: this.current, active: true });
      this.typingSentAt = now;
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), hasText ? TYPING_REPEAT_MS : 0);
  }

  stopTyping() {
    clearTimeout(this.typingTimer);
    if (this.typingSentAt && this.current && !this.current.startsWith('@'))
      this.hub.send({ type: 'typing', room: this.current, active: false });
    this.typingSentAt = 0;
  }

  handle(m) {
    switch (m.type) {
    case 'joined': {
      const c = this.conversation(m.room);
      c.members = new Set(m.members);
      c.joined = true;
      if (m.skipped > 0) this.addLine(m.room, { note: `${m.skipped} older messages not shown` });
      break;
    }
    case 'msg': {
      const c = this.conversation(m.room);
      if (m.seq <= c.lastSeq) return;   // already shown (resume overlap)
      c.lastSeq = m.seq;
      this.addLine(m.room, { from: m.from, text: m.text, ts: m.ts, seq: m.seq, alert: m.kind === 'alert' });
      break;
    }
    case 'pm': {
      const other = m.from === this.hub.nick ? m.to : m.from;
      this.addLine('@' + other, { from: m.from, text: m.text, ts: m.ts, private: true });
      break;
    }
    case 'presence': {
      const c = this.conversation(m.room);
      if (m.event === 'join') c.members.add(m.nick); else c.members.delete(m.nick);
      c.typing.delete(m.nick);
      this.addLine(m.room, { note: `${m.nick} ${m.event === 'join' ? 'joined' : 'left'}` });
      break;
    }
    case 'typing': {
      const c = this.conversation(m.room);
      if (m.active) c.typing.set(m.nick, Date.now()); else c.typing.delete(m.nick);
      this.renderTyping();
      return;
    }
    case 'error':
      this.showError(m.message || m.code);
      return;
    default:
      return;
    }
    this.renderAll();
  }

  addLine(key, line) {
    const c = this.conversation(key);
    c.lines.push(line);
    if (c.lines.length > MAX_LINES) c.lines.splice(0, c.lines.length - MAX_LINES);
    if (key !== this.current && !line.note) c.unread++;
    if (line.from) c.typing.delete(line.from);
    if (key === this.current) this.appendLine(line, true);
    else this.renderLists();
  }

  showError(text) {
    this.ui.chatError.textContent = text;
    setTimeout(() => { if (this.ui.chatError.textContent === text) this.ui.chatError.textContent = ''; }, 8000);
  }

  appendLine(line, live) {
    const list = this.ui.messages;
    const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 40;
    const li = el('li', line.note ? 'note' : line.private ? 'line private' : 'line');
    if (line.note) {
      li.textContent = line.note;
    } else {
      li.append(el('time', 'ts', clock(line.ts)), el('span', 'from', line.from), el('span', 'text', line.text));
      if (line.alert) {   // an alert rule's post: not the sender's words, never a mention
        li.classList.add('alert');
        li.title = 'Alert from ' + line.from + "'s Pulseboard";
      } else if (this.hub.nick && line.from !== this.hub.nick && line.text.includes('@' + this.hub.nick)) {
        li.classList.add('mention');
      }
      if (line.from === this.hub.nick) li.classList.add('mine');
    }
    list.append(li);
    while (list.childElementCount > MAX_LINES) list.firstElementChild.remove();
    if (live && stick) list.scrollTop = list.scrollHeight;
  }

  renderAll() {
    this.renderLists();
    const list = this.ui.messages;
    list.replaceChildren();
    const c = this.current && this.conversations.get(this.current);
    this.ui.chatTitle.textContent = this.current ? (this.current.startsWith('@') ? `Private with ${this.current.slice(1)}` : `# ${this.current}`) : 'No room';
    if (c) for (const line of c.lines) this.appendLine(line, false);
    list.scrollTop = list.scrollHeight;
    this.renderTyping();
  }

  renderLists() {
    const rooms = [], privates = [];
    for (const [key, c] of this.conversations) (key.startsWith('@') ? privates : rooms).push([key, c]);
    const item = ([key, c]) => {
      const li = el('li', key === this.current ? 'selected' : '');
      const b = el('button', 'link', key.startsWith('@') ? key.slice(1) : '# ' + key);
      b.type = 'button';
      b.dataset.key = key;
      b.addEventListener('click', () => this.select(key));
      li.append(b);
      if (c.unread) li.append(el('span', 'badge', String(c.unread)));
      if (!key.startsWith('@')) {
        const x = el('button', 'leave', '×');
        x.type = 'button';
        x.title = `Leave ${key}`;
        x.addEventListener('click', () => this.leave(key).catch((e) => this.showError(e.message)));
        li.append(x);
      }
      return li;
    };
    this.ui.rooms.replaceChildren(...rooms.sort().map(item));
    this.ui.privates.replaceChildren(...privates.sort().map(item));
    const c = this.current && !this.current.startsWith('@') ? this.conversations.get(this.current) : null;
    const people = c ? [...c.members].sort() : [];
    this.ui.members.replaceChildren(...people.map((nick) => {
      const li = el('li');
      const b = el('button', nick === this.hub.nick ? 'link me' : 'link', nick);
      b.type = 'button';
      b.title = nick === this.hub.nick ? 'you' : `Private message to ${nick}`;
      if (nick !== this.hub.nick) b.addEventListener('click', () => this.select('@' + nick));
      li.append(b);
      return li;
    }));
  }

  renderTyping() {
    const c = this.current && this.conversations.get(this.current);
    let names = [];
    if (c) {
      const now = Date.now();
      for (const [nick, at] of c.typing) if (now - at > TYPING_EXPIRY_MS) c.typing.delete(nick);
      names = [...c.typing.keys()];
    }
    this.ui.typing.textContent = names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
  }
}
