// The page's glue: login form -> HubSocket; hub messages -> ChatView and TopicCharts;
// forms -> requests. Remembers the nickname and charted topics in localStorage (never
// the password).
import { HubSocket } from './hubsocket.js';
import { ChatView } from './chat.js';
import { TopicCharts } from './charts.js';

const $ = (id) => document.getElementById(id);
const ui = {
  rooms: $('rooms'), privates: $('privates'), members: $('members'), messages: $('messages'),
  typing: $('typing'), chatTitle: $('chat-title'), chatError: $('chat-error'),
};

const hub = new HubSocket({
  onMessage: (m) => { chat.handle(m); charts.handle(m); },
  onState: (state) => {
    const text = { connecting: 'connecting…', connected: 'connected', reconnecting: 'reconnecting…', closed: 'not connected' };
    $('status').textContent = text[state] || state;
    $('status').dataset.state = state;
  },
  onWelcome: (w) => {
    $('session').textContent = w.session || 'Pulseboard';
    document.title = `${w.session || 'Pulseboard'} · Pulseboard`;
    $('me').textContent = w.nick;
    chat.welcomed('general');
    charts.welcomed();
  },
});
const chat = new ChatView(hub, ui);
const charts = new TopicCharts(hub, $('chart-list'), (text) => chat.showError(text));

function saveTopics() {
  localStorage.setItem('pulseboard.topics', JSON.stringify(charts.topics()));
}

$('nick').value = localStorage.getItem('pulseboard.nick') || '';

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const nick = $('nick').value.trim();
  $('login-error').textContent = '';
  $('join').disabled = true;
  try {
    await hub.login(nick, $('password').value);
    localStorage.setItem('pulseboard.nick', nick);
    $('password').value = '';
    $('login').hidden = true;
    $('workspace').hidden = false;
    $('leave').hidden = false;
    let saved = [];
    try { saved = JSON.parse(localStorage.getItem('pulseboard.topics') || '[]'); } catch { saved = []; }
    for (const t of Array.isArray(saved) ? saved.slice(0, 8) : []) if (typeof t === 'string') await charts.add(t).catch(() => {});
    $('say-text').focus();
  } catch (e) {
    $('login-error').textContent = `Could not join: ${e.message}.`;
  } finally {
    $('join').disabled = false;
  }
});

$('leave').addEventListener('click', () => location.reload());

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const room = $('join-room').value.trim().toLowerCase();
  if (!room) return;
  chat.join(room).then(() => { $('join-room').value = ''; }, (e) => chat.showError(e.message));
});

$('say-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('say-text');
  chat.submit(input.value).then(() => { input.value = ''; }, (e) => chat.showError(e.message));
});
$('say-text').addEventListener('input', () => chat.typed($('say-text').value.length > 0));

$('topic-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('topic-name');
  charts.add(input.value).then(() => { input.value = ''; saveTopics(); }, (e) => chat.showError(e.message));
});
