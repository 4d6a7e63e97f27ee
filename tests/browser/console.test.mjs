// The console in a real browser: Debian's chromium driven by Playwright.
// It starts `waybill demo` on a free port (WAYBILL_BIN, built by .ci/run),
// signs in as every role with the passwords the demo prints, and checks
// what a person sees: the orders page, a page their role may not open, a
// mistyped password shown at its field, the Chinese pages, a phone-sized
// screen, and no serious or critical accessibility violation (axe-core).
// Screenshots of each page land in screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const shots = path.join(path.dirname(new URL(import.meta.url).pathname), 'screenshots');
const bin = process.env.WAYBILL_BIN;
if (!bin) throw new Error('WAYBILL_BIN must name a built waybill binary');

let demo, browser, base;
const people = {}; // role -> {email, password}

// startDemo runs the demo and reads its printed console address and sign-ins.
function startDemo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-browser-'));
  demo = spawn(bin, ['demo', '--addr', '127.0.0.1:0', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('demo not ready within 60 s:\n' + out)), 60_000);
    const read = (chunk) => {
      out += chunk;
      const at = out.match(/The console \(for people\) is at (http:\/\/[^\s]+?)\/? ;/);
      if (!at || !out.includes('waybill listening')) return;
      for (const m of out.matchAll(/^\s+(\w+)\s+(\S+@\S+)\s+password (\S+)$/gm)) people[m[1]] = { email: m[2], password: m[3] };
      clearTimeout(timer);
      resolve(at[1].replace(/\/$/, ''));
    };
    demo.stdout.on('data', read);
    demo.stderr.on('data', read);
    demo.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
}

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  base = await startDemo();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  demo?.kill('SIGTERM');
});

async function signIn(page, role, password = people[role].password) {
  await page.goto(base + '/');
  await page.fill('#email', people[role].email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}

// axeCheck runs axe-core on the page (injected past the CSP, in a context
// made for it) and fails on serious or critical violations.
async function axeCheck(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help}`), [], `${name}: accessibility violations`);
}

test('every role signs in and sees the orders page', async () => {
  assert.deepEqual(Object.keys(people).sort(), ['admin', 'customer_service', 'finance', 'integration', 'warehouse']);
  for (const role of Object.keys(people)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, role);
    await page.waitForURL(base + '/orders');
    assert.equal(await page.textContent('h1'), 'Orders', role);
    assert.match(await page.textContent('.who'), new RegExp(role));
    await page.screenshot({ path: path.join(shots, `orders-${role}.png`), fullPage: true });
    await context.close();
  }
});

test('a role the mirrored operation does not list is refused', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'customer_service');
  await page.waitForURL(base + '/orders');
  assert.equal(await page.locator('nav a[href="/api-keys"]').count(), 0, 'not offered in the navigation');
  const res = await page.goto(base + '/api-keys');
  assert.equal(res.status(), 403);
  await page.screenshot({ path: path.join(shots, 'refused.png') });
  await context.close();
});

test('a wrong password is shown at its field, the e-mail kept', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'finance', 'not-the-password-at-all');
  await page.waitForSelector('#password-error');
  assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#email'), people.finance.email);
  assert.equal(await page.inputValue('#password'), '', 'a password is never sent back');
  await page.screenshot({ path: path.join(shots, 'signin-error.png') });
  await context.close();
});

test('the console speaks Chinese', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + '/signin?lang=zh');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('h1'), /[\u4e00-\u9fff]/);
  await page.screenshot({ path: path.join(shots, 'signin-zh.png') });
  await context.close();
});

test('a phone-sized screen needs no sideways scrolling', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, 'warehouse');
  await page.waitForURL(base + '/orders');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width} px wide at 360 px`);
  await page.screenshot({ path: path.join(shots, 'orders-phone.png'), fullPage: true });
  await context.close();
});

test('the main pages have no serious accessibility violations', async () => {
  const context = await browser.newContext({ bypassCSP: true }); // only to inject axe
  const page = await context.newPage();
  await page.goto(base + '/signin');
  await axeCheck(page, '/signin');
  await signIn(page, 'admin');
  await page.waitForURL(base + '/orders');
  await axeCheck(page, '/orders');
  await page.goto(base + '/api-keys');
  await axeCheck(page, '/api-keys');
  await context.close();
});
