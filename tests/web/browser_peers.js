// Drives Debian's chromium with puppeteer-core for tst_browserpeers: two pages (alice
// and bob, separate profiles) open the page the hub serves, log in with the password
// (WebCrypto challenge-response), chat with each other and with the native ChatClient
// run by the Qt test ("native"), send and receive private messages, see presence and
// typing, chart the topic the native side publishes, and see history after a reload.
// Every wait is a waitForFunction with a timeout; progress is printed as JSON lines
// ({"event": ...}) that the Qt test reads. Exit 0 = every step passed.
// usage: node browser_peers.js URL PASSWORD CHROMIUM [SCREENSHOT.png]
'use strict';
const puppeteer = require(process.env.PULSEBOARD_PEERS_DIR + '/node_modules/puppeteer-core');

const [url, password, chromium, shot] = process.argv.slice(2);
const TIMEOUT = 15000;
const say = (event, extra = {}) => console.log(JSON.stringify({ event, ...extra }));
const problems = [];

async function openPage(browser, nick) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.setViewport({ width: 1400, height: 820 });
  page.on('pageerror', (e) => problems.push(`${nick}: page error: ${e.message}`));
  page.on('console', (m) => {
    // A CSP violation or a failed module load shows up here as an error.
    if (m.type() === 'error') problems.push(`${nick}: console: ${m.text()}`);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response.status() !== 200) throw new Error(`${nick}: GET / answered ${response.status()}`);
  return page;
}

async function login(page, nick, pass) {
  await page.waitForSelector('#nick');
  await page.$eval('#nick', (e, v) => { e.value = v; }, nick);
  await page.$eval('#password', (e, v) => { e.value = v; }, pass);
  await page.click('#join');
}

const listText = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent));
const waitText = (page, selector, text) =>
  page.waitForFunction((s, t) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(t)), {}, selector, text);

async function sendLine(page, text) {
  await page.click('#say-text');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function chartPoints(page, topic) {
  return page.$eval(`figure.chart[data-topic="${topic}"]`, (e) => Number(e.dataset.points));
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    acceptInsecureCerts: url.startsWith('https:'),   // the hub's self-signed test certificate
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const alice = await openPage(browser, 'alice');
    const bob = await openPage(browser, 'bob');
    say('pages');

    // The proofs in the browser, WebCrypto and the plain-JS fallback, on the worked
    // example of docs/protocol.md section 11.
    const example = await alice.evaluate(async () => {
      const auth = await import('./auth.js');
      const ch = { mechanism: 'PBKDF2-SHA256/HMAC-SHA256', salt: 'c2FsdHNhbHRzYWx0c2FsdA==', iterations: 1000,
                   nonce: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' };
      const cn = 'Y25vbmNlY25vbmNlY25vbmNl';
      return { webCrypto: auth.hasWebCrypto(),
               subtle: await auth.answerChallenge(ch, 's3cret', 'alice', cn, true),
               plain: await auth.answerChallenge(ch, 's3cret', 'alice', cn, false) };
    });
    for (const kind of ['subtle', 'plain']) {
      if (example[kind].proof !== 'Hv+0L7wj90x0Ts5QkLPmRm+ArjWG0ivwaxk/Ba1eepo='
          || example[kind].serverProof !== 'qN+oIUGCvajJiohsigbRHnirRQSuiLjbDtdqG/hRRCE=')
        throw new Error(`${kind} proof differs from the worked example: ${JSON.stringify(example[kind])}`);
    }
    if (!example.webCrypto) throw new Error('WebCrypto missing on a page served from 127.0.0.1');
    say('proofs');

    // A wrong password is refused with a readable error, and the form stays usable.
    await login(bob, 'bob', 'wrong');
    await waitText(bob, '#login-error', 'wrong password');
    say('wrong-password');

    await login(alice, 'alice', password);
    await login(bob, 'bob', password);
    for (const [page, name] of [[alice, 'alice'], [bob, 'bob']]) {
      await page.waitForFunction(() => document.getElementById('status').dataset.state === 'connected');
      await waitText(page, '#members li', 'native');
      await waitText(page, '#members li', name === 'alice' ? 'bob' : 'alice');
    }
    say('presence', { members: await listText(alice, '#members li') });

    // Typing, then a room message each way.
    await alice.click('#say-text');
    await alice.keyboard.type('hel');
    await waitText(bob, '#typing', 'alice is typing');
    await alice.keyboard.type('lo from alice');
    await alice.keyboard.press('Enter');
    await waitText(bob, '#messages li', 'hello from alice');
    await waitText(alice, '#messages li', 'hello from alice');
    say('room-message');
    await waitText(alice, '#messages li', 'hello from native');
    await waitText(bob, '#messages li', 'hello from native');
    say('native-message');

    // Private messages: alice -> native (composer "@nick"), native -> bob.
    await sendLine(alice, '@native psst from alice');
    await waitText(alice, '#messages li', 'psst from alice');
    await waitText(bob, '#privates li', 'native');
    await bob.click('#privates button[data-key="@native"]');
    await waitText(bob, '#messages li', 'psst bob');
    const bobSeesAlicePm = await bob.evaluate(() => document.body.textContent.includes('psst from alice'));
    if (bobSeesAlicePm) throw new Error('bob saw a private message meant for native');
    await alice.click('#rooms button[data-key="general"]');   // back to the room
    await waitText(alice, '#chat-title', '# general');
    say('private-messages');

    // Charts of the topic the native side publishes, in both pages.
    for (const page of [alice, bob]) {
      await page.$eval('#topic-name', (e) => { e.value = 'lab/temp'; });
      await page.click('#topic-form button');
      await page.waitForSelector('figure.chart[data-topic="lab/temp"] canvas');
    }
    const first = [];
    for (const page of [alice, bob]) {
      await page.waitForFunction(() => Number(document.querySelector('figure.chart[data-topic="lab/temp"]').dataset.points) >= 5);
      first.push(await chartPoints(page, 'lab/temp'));
    }
    for (const [i, page] of [alice, bob].entries())
      await page.waitForFunction((n) => Number(document.querySelector('figure.chart[data-topic="lab/temp"]').dataset.points) >= n + 5,
                                 {}, first[i]);
    const series = await alice.$$eval('figure.chart[data-topic="lab/temp"] .u-legend .u-series', (els) => els.map((e) => e.textContent));
    if (!series.some((s) => s.includes('temp'))) throw new Error(`no "temp" series in the legend: ${JSON.stringify(series)}`);
    say('charts', { alice: await chartPoints(alice, 'lab/temp'), bob: await chartPoints(bob, 'lab/temp') });
    if (shot) await alice.screenshot({ path: shot });

    // History: bob reloads, logs in again (once the hub has seen the old page go: the
    // nickname is free again) and is replayed the room's messages.
    await bob.reload({ waitUntil: 'load' });
    await waitText(alice, '#messages li', 'bob left');
    await login(bob, 'bob', password);
    await waitText(bob, '#messages li', 'hello from alice');
    await waitText(bob, '#messages li', 'hello from native');
    await waitText(alice, '#messages li', 'bob joined');
    say('history');

    // Text is text: markup in a message is shown, not parsed.
    await sendLine(alice, '<img src=x onerror=alert(1)> <b>bold</b>');
    await waitText(bob, '#messages li', '<b>bold</b>');
    const injected = await bob.$$eval('#messages img, #messages b', (els) => els.length);
    if (injected !== 0) throw new Error('a message was rendered as markup');
    say('text-as-text');

    if (problems.length) throw new Error(problems.join('\n'));
    say('done');
    await browser.close();
    process.exit(0);
  } catch (e) {
    say('failed', { error: String(e && e.stack || e), problems });
    await browser.close().catch(() => {});
    process.exit(1);
  }
})();
