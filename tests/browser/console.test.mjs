// The console in a real browser (rig.mjs starts the demo and Debian's
// chromium): sign-in as every role, a page a role may not open, a mistyped
// password shown at its field, the Chinese pages, a phone-sized screen,
// and no serious or critical accessibility violation (axe-core).
// Screenshots of each page land in screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, signIn, as, shot, axeCheck, narrow } from './rig.mjs';

before(() => start());
after(stop);

test('every role signs in and sees the orders page', async () => {
  assert.deepEqual(Object.keys(rig.people).sort(), ['admin', 'customer_service', 'finance', 'integration', 'warehouse']);
  for (const role of Object.keys(rig.people)) {
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await signIn(page, role);
    await page.waitForURL(rig.base + '/orders');
    assert.equal(await page.textContent('h1'), 'Orders', role);
    assert.match(await page.textContent('.who'), new RegExp(role));
    await shot(page, `orders-${role}`);
    await context.close();
  }
});

test('a role the mirrored operation does not list is refused', async () => {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'customer_service');
  await page.waitForURL(rig.base + '/orders');
  assert.equal(await page.locator('nav a[href="/api-keys"]').count(), 0, 'not offered in the navigation');
  const res = await page.goto(rig.base + '/api-keys');
  assert.equal(res.status(), 403);
  await shot(page, 'refused');
  await context.close();
});

test('a wrong password is shown at its field, the e-mail kept', async () => {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'finance', 'not-the-password-at-all');
  await page.waitForSelector('#password-error');
  assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#email'), rig.people.finance.email);
  assert.equal(await page.inputValue('#password'), '', 'a password is never sent back');
  await shot(page, 'signin-error');
  await context.close();
});

test('the console speaks Chinese', async () => {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  await page.goto(rig.base + '/signin?lang=zh');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('h1'), /[\u4e00-\u9fff]/);
  await shot(page, 'signin-zh');
  await context.close();
});

test('a signed-in person switches to Chinese and stays there', async () => {
  const { context, page } = await as('finance');
  await page.goto(rig.base + '/orders?status=placed');
  await page.click('header form[action="/locale"] button');
  await page.waitForURL(rig.base + '/orders?status=placed');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('h1'), '订单');
  await shot(page, 'orders-zh');
  await page.click('header form[action="/locale"] button'); // and back, for the other tests
  await page.waitForURL(rig.base + '/orders?status=placed');
  assert.equal(await page.textContent('h1'), 'Orders');
  await context.close();
});

test('a phone-sized screen needs no sideways scrolling', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, 'warehouse');
  await page.waitForURL(rig.base + '/orders');
  await narrow(page, '/orders');
  await shot(page, 'orders-phone');
  await context.close();
});

test('the main pages have no serious accessibility violations', async () => {
  const context = await rig.browser.newContext({ bypassCSP: true }); // only to inject axe
  const page = await context.newPage();
  await page.goto(rig.base + '/signin');
  await axeCheck(page, '/signin');
  await signIn(page, 'admin');
  await page.waitForURL(rig.base + '/orders');
  await axeCheck(page, '/orders');
  await page.goto(rig.base + '/api-keys');
  await axeCheck(page, '/api-keys');
  await context.close();
});
