// The browser tests' rig: it starts `waybill demo` on a free port
// (WAYBILL_BIN, built by .ci/run), reads the console address, the sign-in
// of each role and the admin API key the demo prints, and launches
// Debian's chromium through playwright-core. Each test file calls start()
// in its before() and stop() in its after(); fixtures a page needs are
// made through the public API with the admin key (api()).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const shots = path.join(path.dirname(new URL(import.meta.url).pathname), 'screenshots');

export const rig = { base: '', people: {}, adminKey: '', browser: null, demo: null };

// start runs the demo (extra arguments appended) and the browser.
export async function start(...demoArgs) {
  const bin = process.env.WAYBILL_BIN;
  if (!bin) throw new Error('WAYBILL_BIN must name a built waybill binary');
  fs.mkdirSync(shots, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-browser-'));
  rig.demo = spawn(bin, ['demo', '--addr', '127.0.0.1:0', '--dir', dir, ...demoArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  rig.base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('demo not ready within 60 s:\n' + out)), 60_000);
    const read = (chunk) => {
      out += chunk;
      const at = out.match(/The console \(for people\) is at (http:\/\/[^\s]+?)\/? ;/);
      const key = out.match(/Admin API key \(shown once\):\n(\S+)/);
      if (!at || !key || !out.includes('waybill listening')) return;
      for (const m of out.matchAll(/^\s+(\w+)\s+(\S+@\S+)\s+password (\S+)$/gm)) rig.people[m[1]] = { email: m[2], password: m[3] };
      rig.adminKey = key[1];
      clearTimeout(timer);
      resolve(at[1].replace(/\/$/, ''));
    };
    rig.demo.stdout.on('data', read);
    rig.demo.stderr.on('data', read);
    rig.demo.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
  rig.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return rig;
}

export async function stop() {
  await rig.browser?.close();
  rig.demo?.kill('SIGTERM');
}

// signIn opens the console and signs in as role (a demo person).
export async function signIn(page, role, password = rig.people[role].password) {
  await page.goto(rig.base + '/');
  await page.fill('#email', rig.people[role].email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}

// as opens a new browser context signed in as role, on the orders page.
export async function as(role, options = {}) {
  const context = await rig.browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, role);
  await page.waitForURL(/\/(orders|fulfilments|review|stock)$/);
  return { context, page };
}

// api calls the public API with the demo's admin key and returns the JSON.
export async function api(method, path, body, headers = {}) {
  const res = await fetch(rig.base + path, {
    method, headers: { Authorization: `Bearer ${rig.adminKey}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// shot writes a full-page screenshot to screenshots/name.png.
export async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

// axeCheck runs axe-core on the page (the context must be made with
// bypassCSP: true, only so axe can be injected) and fails on serious or
// critical violations.
export async function axeCheck(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help}`), [], `${name}: accessibility violations`);
}

// narrow fails when the page scrolls sideways at its viewport width.
export async function narrow(page, name) {
  const [width, viewport] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(width <= viewport, `${name}: page is ${width} px wide at ${viewport} px`);
}

// shortHeader fails when the page's header takes more than a third of the
// viewport's height (on a phone it pushes the work below the fold).
export async function shortHeader(page, name) {
  const [header, viewport] = await page.evaluate(() => [document.querySelector('header').getBoundingClientRect().height, window.innerHeight]);
  assert.ok(header <= viewport / 3, `${name}: the header is ${header} px tall on a ${viewport} px screen`);
}

// scan types a code as a keyboard-wedge scanner does: into whatever field
// has the focus (the screen must have put it there: autofocus lands a
// moment after the load, so it waits for a focused input first), then
// Enter; with answer, it waits for the page that answers to show it.
export async function scan(page, code, answer) {
  await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'INPUT');
  await page.keyboard.type(code);
  if (answer) {
    await Promise.all([page.waitForSelector(answer), page.keyboard.press('Enter')]);
    return;
  }
  await page.keyboard.press('Enter');
}
