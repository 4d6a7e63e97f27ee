// Tracking in a real browser: an order shipped in two parcels is made
// through the public API (placed in Chinese, released, picked, packed into
// two parcels, booked, staged, closed on a manifest and handed over, then
// one parcel's carrier events posted up to its delivery). Customer service
// sees both parcels on the order page, partial delivery said as such, and
// follows a parcel's link to its public page; that page, opened with no
// sign-in on a 360 px phone, shows the status, the history newest first and
// nothing personal, in the order's language with a switch to English, and
// its tracking number whole on one line. An unknown token is a bare 404.
// axe on every page, no sideways scroll.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow } from './rig.mjs';
import { fulfilmentOf, handedOver, packed, picked, plainProducts, released, staged } from './flow.mjs';

before(() => start('--quiet'));
after(stop);

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, bypassCSP: true }; // CSP off only to inject axe
const desk = { viewport: { width: 1280, height: 800 }, bypassCSP: true };
const fixture = {};
const run = Date.now() % 1000000;
const customer = { name: 'Grace Hopper', email: `grace.${run}@example.com`, phone: '+1 650-253-0000' };
const shipTo = { line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postal_code: '94043', country: 'US' };

// wholeNumber fails when the tracking number breaks over lines (a customer
// reads it out to the carrier) or runs past the page's right edge: the box
// of its text, not of its element (a row may stretch that), is one line.
async function wholeNumber(page, number, name) {
  const box = await page.getByText(number, { exact: true }).evaluate((el) => {
    const text = document.createRange();
    text.selectNodeContents(el);
    const r = text.getBoundingClientRect();
    return { height: r.height, line: parseFloat(getComputedStyle(el).lineHeight), right: r.right, page: document.documentElement.clientWidth };
  });
  assert.ok(box.height < box.line * 1.5, `${name}: the tracking number takes ${box.height} px, lines are ${box.line} px`);
  assert.ok(box.right <= box.page, `${name}: the tracking number ends at ${box.right} px on a ${box.page} px page`);
}

test('an order shipped in two parcels, one delivered, is made through the API', async () => {
  const products = await plainProducts(2);
  const { order, ful } = await released({ external_ref: `tracking-${run}`, locale: 'zh-CN', customer, shipping_address: shipTo,
    lines: [{ sku: products[0].sku, quantity: 1 }, { sku: products[1].sku, quantity: 1 }] });
  await picked(ful, `trk-${run}`);
  await packed(ful, `trk-${run}`, { perLine: true }); // two parcels: each line in a parcel of its own
  const { shipment, tracking } = await staged(ful);
  assert.equal(tracking.length, 2, 'booked in two parcels');
  await handedOver(ful.warehouse, shipment.carrier, tracking);
  assert.equal((await fulfilmentOf(order.id))[0].status, 'shipped');

  const at = (h) => new Date(Date.now() + h * 3600_000).toISOString();
  const steps = [['picked_up', 'Newark NJ'], ['in_transit', 'Edison NJ'], ['out_for_delivery', 'Mountain View CA'], ['delivered', 'Mountain View CA']];
  await api('POST', '/v1/tracking-events', { carrier: shipment.carrier, events: steps.map(([status, location], i) => ({
    event_id: `trk-${run}-${i}`, tracking_number: tracking[0], status, location, occurred_at: at(i + 1) })) });
  const parcels = await api('GET', `/v1/orders/${order.id}/tracking`);
  assert.deepEqual(parcels.map((p) => p.status).sort(), ['delivered', 'picked_up']);
  Object.assign(fixture, { order, tracking, products });
});

test('customer service sees the parcels and the partial delivery on the order page', async () => {
  const { context, page } = await as('customer_service', desk);
  await page.goto(rig.base + `/orders/${fixture.order.id}`);
  assert.equal(await page.locator('#parcels tbody tr').count(), 2, 'both parcels');
  for (const t of fixture.tracking) assert.ok(await page.locator('#parcels td', { hasText: t }).count(), `parcel ${t} listed`);
  assert.equal((await page.textContent('#parcels-delivered')).trim(), '1 of 2 parcels delivered');
  const row = page.locator('#parcels tbody tr', { hasText: fixture.tracking[0] });
  assert.match(await row.textContent(), /Delivered/);
  await axeCheck(page, '/orders/{id} with parcels');
  await shot(page, 'tracking-order-desk');
  fixture.pageLink = await row.locator('a').getAttribute('href');
  assert.match(fixture.pageLink, /^\/track\/[a-z2-7]{26}\?lang=en$/);
  await context.close();
});

test('the public page of a delivered parcel, on a phone, without signing in', async () => {
  const context = await rig.browser.newContext({ ...phone, locale: 'en-US' });
  const page = await context.newPage();
  const link = fixture.pageLink.replace(/\?lang=en$/, ''); // the customer's link: the order's language
  const res = await page.goto(rig.base + link);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['cache-control'], 'private, no-store');
  assert.match(res.headers()['x-robots-tag'], /noindex/);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'the order was placed in Chinese');
  assert.equal((await page.textContent('#track-status')).trim(), '已送达');
  const history = await page.locator('#track-history li').allTextContents();
  assert.equal(history.length, 4);
  assert.match(history[0], /已送达/, 'newest first');
  assert.match(history[3], /承运商已揽收/);
  const text = await page.textContent('body');
  assert.ok(text.includes(fixture.order.number) && text.includes(fixture.tracking[0]));
  for (const personal of [customer.name, 'Grace', customer.email, '650', shipTo.line1, '94043', fixture.products[0].name,
    fixture.products[1].name, fixture.products[0].sku]) {
    assert.ok(!text.includes(personal), `the page shows ${personal}`);
  }
  await narrow(page, '/track/{token} zh');
  await wholeNumber(page, fixture.tracking[0], '/track/{token} zh');
  await axeCheck(page, '/track/{token} zh');
  await shot(page, 'tracking-public-zh-phone');

  await Promise.all([page.waitForURL(/\?lang=en$/), page.click('a.lang')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.textContent('#track-status')).trim(), 'Delivered');
  await narrow(page, '/track/{token} en');
  await shot(page, 'tracking-public-en-phone');
  await wholeNumber(page, fixture.tracking[0], '/track/{token} en');
  await axeCheck(page, '/track/{token} en');

  const missing = await page.goto(rig.base + '/track/' + 'a'.repeat(26));
  assert.equal(missing.status(), 404);
  assert.equal((await page.textContent('main')).trim().replace(/\s+/g, ' '), 'Page not found There is no such page.');
  await axeCheck(page, '/track/{unknown}');
  await narrow(page, '/track/{unknown}');
  await context.close();
});
