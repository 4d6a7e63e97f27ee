// The cash-on-delivery screen in a real browser, as finance uses it: three
// COD orders are shipped through the public API (released, waved, picked,
// packed, booked, staged, handed over) and reported delivered ten days ago
// by their carrier. Finance uploads the carrier's remittance file (a BOM,
// CRLF, a header row): the first parcel paid in full (matched), the second
// paid less (short), a tracking number nobody shipped (extra); the third
// parcel, unpaid, is missing. A bad file comes back with 422 naming its row
// and column; the same file uploaded again counts nothing twice. Axe on
// every screen, no sideways scroll on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow } from './rig.mjs';
import { grace, handedOver, packed, picked, plainProducts, released, staged } from './flow.mjs';

before(() => start('--quiet')); // no order stream: only this test's parcels
after(stop);

const desk = { viewport: { width: 1280, height: 800 }, bypassCSP: true }; // CSP off only to inject axe
const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, bypassCSP: true };
const run = Date.now() % 1000000;
const shipped = []; // { order, tracking, carrier }

const money = (minor) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

test('three COD orders are shipped and delivered through the API', async () => {
  const products = await plainProducts(3);
  for (const [i, p] of products.entries()) {
    const { order, ful } = await released({ external_ref: `cod-${run}-${i}`, customer: { ...grace, email: `grace${i}@example.com` },
      lines: [{ sku: p.sku, quantity: 1 }] });
    await picked(ful, `cod-${run}-${i}`);
    await packed(ful, `cod-${run}-${i}`);
    const { shipment, tracking } = await staged(ful);
    shipped.push({ order, tracking: tracking[0], carrier: shipment.carrier, warehouse: ful.warehouse });
  }
  // One manifest per warehouse and carrier, handed over whole.
  const days = new Map();
  for (const s of shipped) {
    const k = `${s.warehouse}|${s.carrier}`;
    days.set(k, [...(days.get(k) || []), s.tracking]);
  }
  for (const [k, scans] of days) await handedOver(...k.split('|'), scans);
  // Delivered ten days ago, the carrier saying nothing of the cash.
  const at = (h) => new Date(Date.now() - 10 * 86400_000 + h * 3600_000).toISOString();
  for (const s of shipped) {
    await api('POST', '/v1/tracking-events', { carrier: s.carrier, events: [
      { event_id: `cod-${run}-${s.tracking}-1`, tracking_number: s.tracking, status: 'picked_up', occurred_at: at(1) },
      { event_id: `cod-${run}-${s.tracking}-2`, tracking_number: s.tracking, status: 'delivered', occurred_at: at(5) },
    ] });
    const t = await api('GET', `/v1/parcels/${s.tracking}/tracking`);
    assert.equal(t.status, 'delivered');
    assert.equal(t.cod_collected_minor, s.order.total_minor, 'the COD parcel is due its order total');
  }
});

test('finance uploads a remittance file and sees matched, short, extra and missing', async () => {
  const [a, b, c] = shipped;
  const { context, page } = await as('finance', desk);
  await page.goto(rig.base + '/cod');
  await axeCheck(page, 'cod');
  assert.ok(await page.locator('nav a[href="/cod"]').count(), 'the navigation offers the COD page');

  // A bad amount: 422, the row and column named, nothing recorded.
  const header = 'carrier,remittance_id,remittance_date,tracking_number,amount,currency\r\n';
  const today = new Date().toISOString().slice(0, 10);
  await page.setInputFiles('#file', { name: 'bad.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`${header}${a.carrier},RB-${run},${today},${a.tracking},12.345,USD\r\n`) });
  const [bad] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Upload and reconcile")')]);
  assert.equal(bad.status(), 422);
  assert.match(await page.locator('#file-error').innerText(), /refused/);
  assert.match(await page.locator('.problems').innerText(), /rows\[2\]\.amount/);
  await axeCheck(page, 'cod refused');
  await shot(page, 'cod-refused');

  const file = '\ufeff' + header +
    `${a.carrier},R-${run},${today},${a.tracking},${money(a.order.total_minor)},USD\r\n` +
    `${b.carrier},R-${run},${today},${b.tracking},${money(b.order.total_minor - 100)},USD\r\n` +
    `${a.carrier},R-${run},${today},ZZ${run}US,5.00,USD\r\n`;
  const upload = async () => {
    await page.setInputFiles('#file', { name: 'remittance.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    const [res] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Upload and reconcile")')]);
    assert.equal(res.status(), 200);
  };
  await upload();
  assert.match(await page.locator('#cod-result').innerText(), /1 matched, 1 short, 1 extra/);
  const outcome = async (tracking) => page.locator(`#cod-lines tr:has(code:text-is("${tracking}"))`).getAttribute('data-outcome');
  assert.equal(await outcome(a.tracking), 'matched');
  assert.equal(await outcome(b.tracking), 'short');
  assert.equal(await outcome(`ZZ${run}US`), 'extra');
  const missing = await page.locator('#cod-missing-list').innerText();
  assert.ok(missing.includes(c.tracking), 'the unpaid parcel is missing');
  assert.ok(missing.includes(b.tracking), 'the short parcel is still owed');
  assert.ok(!missing.includes(a.tracking), 'the paid parcel is not');
  await axeCheck(page, 'cod reconciled');
  await shot(page, 'cod-reconciled');
  assert.equal((await api('GET', `/v1/orders/${a.order.id}`)).payment_status, 'paid');
  assert.equal((await api('GET', `/v1/orders/${b.order.id}`)).payment_status, 'cod_pending');

  // The same file again: shown as before, nothing counted twice.
  await upload();
  assert.match(await page.locator('#cod-result').innerText(), /1 matched, 1 short, 1 extra/);
  assert.match(await page.locator('main').innerText(), /imported before/);
  assert.equal((await api('GET', `/v1/orders/${a.order.id}`)).paid_minor, a.order.total_minor);
  await context.close();

  // On a phone: no sideways scroll (tables scroll in their box).
  const small = await as('finance', phone);
  await small.page.goto(rig.base + '/cod');
  await narrow(small.page, 'cod phone');
  await shot(small.page, 'cod-phone');
  await small.context.close();
});

test('the remittance API names a bad row and column', async () => {
  const res = await fetch(rig.base + '/v1/cod/remittances', {
    method: 'POST', headers: { Authorization: `Bearer ${rig.adminKey}`, 'Content-Type': 'text/csv' },
    body: 'eastline,R-1,2026-01-01,EL1US,1.00,XQQ\n',
  });
  assert.equal(res.status, 422);
  const problem = await res.json();
  assert.deepEqual(problem.errors.map((e) => e.field), ['rows[1].currency'], JSON.stringify(problem));
});
