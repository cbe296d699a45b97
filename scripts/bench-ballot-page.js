// The ballot page under a throttled phone network; see scripts/bench-ballot-page.sh.
// Usage: node scripts/bench-ballot-page.js BASE_URL RUNS CODE...
const path = require('path');
const { chromium, devices } = require(path.join(__dirname, '..', 'end2end', 'node_modules', 'playwright-core'));
const [base, runsArg, ...codes] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

async function once(browser, js, code) {
  const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN', javaScriptEnabled: js });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  const bytes = {};
  const urls = {};
  cdp.on('Network.responseReceived', (e) => { urls[e.requestId] = e.response.url; });
  cdp.on('Network.loadingFinished', (e) => {
    const u = new URL(urls[e.requestId] || 'http://x/other');
    const kind = u.pathname.endsWith('.wasm') ? 'wasm' : u.pathname.endsWith('.js') ? 'js' : u.pathname.endsWith('.css') ? 'css' : u.pathname.startsWith('/v/') ? 'html' : 'other';
    bytes[kind] = (bytes[kind] || 0) + e.encodedDataLength;
  });
  const t0 = Date.now();
  await page.goto(`${base}/v/${code}`, { waitUntil: 'commit' });
  await page.locator('#ballot-form button[type=submit]').waitFor({ state: 'visible', timeout: 60000 });
  const formAt = Date.now() - t0;
  let hydratedAt = null;
  if (js) {
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 60000 });
    hydratedAt = Date.now() - t0;
  }
  await page.waitForLoadState('networkidle');
  await context.close();
  return { formAt, hydratedAt, bytes };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kb = (n) => (n / 1024).toFixed(1) + ' KiB';

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--headless', '--disable-background-networking'] });
  for (const js of [false, true]) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once(browser, js, codes.shift()));
    const b = results[0].bytes;
    const total = Object.values(b).reduce((a, n) => a + n, 0);
    console.log(`JavaScript ${js ? 'on ' : 'off'}: transferred html ${kb(b.html || 0)}, css ${kb(b.css || 0)}, js ${kb(b.js || 0)}, wasm ${kb(b.wasm || 0)}, total ${kb(total)}`);
    console.log(`  form tappable: median ${median(results.map((r) => r.formAt))} ms (runs: ${results.map((r) => r.formAt).join(', ')})`);
    if (js) console.log(`  hydrated:      median ${median(results.map((r) => r.hydratedAt))} ms (runs: ${results.map((r) => r.hydratedAt).join(', ')})`);
  }
  await browser.close();
})();
