// Times how long Chromium takes to lay out a saved slip sheet, and to print it to A4 PDF.
// Usage: node scripts/bench-sheet-render.js SHEET.html
const { chromium } = require(require('path').join(__dirname, '..', 'end2end', 'node_modules', 'playwright-core'));
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--headless'] });
  const p = await b.newPage();
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    await p.goto('file://' + require('path').resolve(process.argv[2] || '/tmp/sheet.html'), { waitUntil: 'load' });
    await p.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
    const t1 = Date.now();
    const pdf = await p.pdf({ format: 'A4', preferCSSPageSize: true });
    const t2 = Date.now();
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    console.log(`render ${(t1 - t0) / 1000}s, print to PDF ${(t2 - t1) / 1000}s, ${pages} pages`);
  }
  await b.close();
})();
