// The order page in a real browser: customer service opens an order placed
// through the API, reads it (screenshot, axe, a 360 px screen), cancels it
// with a reason and sees the notice and the cancelled status, and a ZIP of
// another state is shown at its field with what was typed kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow } from './rig.mjs';

before(() => start());
after(stop);

let seq = 0;

// place makes a prepaid order of one demo product through the API.
async function place() {
  seq += 1;
  return api('POST', '/v1/orders', {
    channel: 'web', external_ref: `browser-order-${Date.now()}-${seq}`, payment_method: 'prepaid', currency: 'USD',
    customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 650-253-0000' },
    shipping_address: { line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postal_code: '94043', country: 'US' },
    lines: [{ sku: 'WB-APP-0001', quantity: 1 }],
  });
}

// open finds the order as a person would: its number typed into the
// orders page's search box (Enter), then its link in the one-row answer.
async function open(page, order) {
  await page.goto(rig.base + '/orders');
  await page.fill('#q', order.number.toLowerCase());
  await page.press('#q', 'Enter');
  await page.waitForURL(/\/orders\?q=/);
  const links = page.locator('table a[href^="/orders/ord_"]');
  assert.equal(await links.count(), 1, 'the search finds exactly the order');
  await links.first().click();
  await page.waitForURL(rig.base + `/orders/${order.id}`);
}

test('customer service reads an order', async () => {
  const order = await place();
  const { context, page } = await as('customer_service');
  await open(page, order);
  assert.equal(await page.textContent('h1'), `Order ${order.number}`);
  assert.equal(await page.textContent('#order-status'), 'placed');
  assert.match(await page.textContent('main'), /WB-APP-0001/);
  assert.match(await page.textContent('#ship-to'), /Mountain View, CA 94043/);
  assert.ok(await page.locator('#timeline tbody tr').count() >= 1, 'the timeline has the placement');
  await shot(page, 'order');
  await context.close();
});

test('the order page has no serious accessibility violations', async () => {
  const order = await place();
  const { context, page } = await as('customer_service', { bypassCSP: true }); // only to inject axe
  await page.goto(rig.base + `/orders/${order.id}`);
  await axeCheck(page, '/orders/{id}');
  await page.fill('#postal_code', '10001');
  await page.click('form[action$="/address"] button[type=submit]');
  await page.waitForSelector('#postal_code-error');
  await axeCheck(page, '/orders/{id} with a problem');
  await context.close();
});

test('the order page fits a phone', async () => {
  const order = await place();
  const { context, page } = await as('customer_service', { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  await page.goto(rig.base + `/orders/${order.id}`);
  await narrow(page, '/orders/{id}');
  await shot(page, 'order-phone');
  await context.close();
});

test('customer service cancels an order with a reason', async () => {
  const order = await place();
  const { context, page } = await as('customer_service');
  await open(page, order);
  await page.fill('#reason', 'the customer called: ordered twice');
  await page.click('form[action$="/cancel"] button[type=submit]');
  await page.waitForURL(rig.base + `/orders/${order.id}?done=order_cancelled`);
  assert.equal(await page.textContent('.notice'), 'The order is cancelled.');
  assert.equal(await page.textContent('#order-status'), 'cancelled');
  assert.match(await page.textContent('#timeline'), /the customer called: ordered twice/);
  assert.equal(await page.locator('form[action$="/cancel"]').count(), 0, 'nothing left to cancel');
  await shot(page, 'order-cancelled');
  const after = await api('GET', `/v1/orders/${order.id}`);
  assert.equal(after.status, 'cancelled');
  await context.close();
});

test('a ZIP of another state is shown at its field', async () => {
  const order = await place();
  const { context, page } = await as('customer_service');
  await page.goto(rig.base + `/orders/${order.id}`);
  assert.equal(await page.inputValue('#postal_code'), '94043', 'prefilled with the current address');
  await page.fill('#city', 'New York');
  await page.fill('#region', 'NY');
  await page.fill('#postal_code', '94043');
  await page.click('form[action$="/address"] button[type=submit]');
  await page.waitForSelector('#postal_code-error');
  assert.match(await page.textContent('#postal_code-error'), /94043 is not in state NY/);
  assert.equal(await page.getAttribute('#postal_code', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#postal_code', 'aria-describedby'), 'postal_code-error');
  assert.equal(await page.inputValue('#city'), 'New York', 'what was typed is kept');
  await shot(page, 'order-address-error');

  await page.fill('#postal_code', '10001');
  await page.click('form[action$="/address"] button[type=submit]');
  await page.waitForURL(rig.base + `/orders/${order.id}?done=order_address`);
  assert.equal(await page.textContent('.notice'), 'The shipping address is corrected.');
  assert.match(await page.textContent('#ship-to'), /New York, NY 10001/);
  await context.close();
});
