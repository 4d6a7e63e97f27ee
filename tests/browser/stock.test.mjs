// Stock and the fulfilment queue in a real browser, on a 360 px phone as
// warehouse staff use them: a receipt typed as a keyboard-wedge scanner
// types (each code, then Enter, which moves to the next field; Enter after
// the count books it), the new balance; a released order's fulfilment in
// the queue, opened by scanning its order number; an unknown code at the
// scan field. Screenshots of each page; axe on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow, scan } from './rig.mjs';

before(() => start());
after(stop);

const phone = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true };
const fixture = {}; // a warehouse, one of its bins, a SKU; the released order and its fulfilment

// onHand is a warehouse's stock of a SKU, through the API.
async function onHand(warehouse, sku) {
  const page = await api('GET', `/v1/stock/balances?warehouse=${warehouse}&sku=${sku}`);
  return page.items.length ? page.items[0].on_hand : 0;
}


const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

test('a warehouse person receives stock on a phone by scanning, then sees the balance', async () => {
  const warehouses = await api('GET', '/v1/warehouses');
  fixture.warehouse = warehouses.items[0].code;
  const bins = await api('GET', `/v1/warehouses/${fixture.warehouse}/bins?limit=1`);
  fixture.bin = bins.items[0].code;
  fixture.sku = 'WB-APP-0002';
  const before = await onHand(fixture.warehouse, fixture.sku);

  const { context, page } = await as('warehouse', phone);
  await page.goto(rig.base + '/stock');
  await narrow(page, '/stock');
  await page.click('a[href^="/stock/receive"]');
  await page.waitForURL(/\/stock\/receive/);
  await page.selectOption('#warehouse', fixture.warehouse);
  await page.focus('#reference');
  await scan(page, 'ASN-PHONE-1');
  assert.equal(await focused(page), 'bin', 'Enter after a code moves on, it does not send the form');
  assert.match(page.url(), /\/stock\/receive$/);
  await scan(page, fixture.bin);
  assert.equal(await focused(page), 'sku');
  await scan(page, fixture.sku);
  assert.equal(await focused(page), 'quantity');
  await narrow(page, '/stock/receive');
  await shot(page, 'stock-receive-phone');
  await page.keyboard.type('5');
  await Promise.all([page.waitForURL(/\/stock\?.*done=stockreceive/), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('.notice'), /Received/);
  const row = page.locator('tbody tr', { hasText: fixture.sku });
  assert.equal(await row.count(), 1);
  assert.equal((await row.locator('td.num').first().textContent()).trim(), String(before + 5), 'the new balance');
  assert.equal(await onHand(fixture.warehouse, fixture.sku), before + 5);
  await narrow(page, '/stock after receiving');
  await shot(page, 'stock-phone');

  await row.locator('a', { hasText: 'Ledger' }).click();
  await page.waitForURL(/\/stock\/ledger\?/);
  const entry = page.locator('tbody tr').first();
  assert.match(await entry.textContent(), /received/);
  assert.match(await entry.textContent(), /\+5/);
  assert.match(await entry.textContent(), /warehouse@demo\.example\.com/, 'the entry names the person');
  await narrow(page, '/stock/ledger');
  await shot(page, 'stock-ledger-phone');

  // A mistyped SKU comes back at its field with everything typed kept.
  await page.goto(rig.base + `/stock/receive?warehouse=${fixture.warehouse}`);
  await page.fill('#reference', 'ASN-PHONE-2');
  await page.fill('#bin', fixture.bin);
  await page.fill('#sku', 'NOT-A-SKU');
  await page.fill('#quantity', '2');
  await Promise.all([page.waitForSelector('#sku-error'), page.click('form.stockform button[type=submit]')]);
  assert.equal(await page.getAttribute('#sku', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#bin'), fixture.bin);
  assert.equal(await onHand(fixture.warehouse, fixture.sku), before + 5, 'nothing booked');
  await shot(page, 'stock-receive-error-phone');
  await context.close();
});

test('the fulfilment queue shows a released order, and a scan opens it', async () => {
  // A cash-on-delivery order to the US releases at once once the US takes COD.
  const stocked = (await api('GET', '/v1/stock/balances?limit=100')).items.find((b) => b.available >= 10 && b.sku !== fixture.sku);
  const settings = await api('GET', '/v1/settings');
  const addUS = !settings.cod_countries.includes('US');
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: [...settings.cod_countries, 'US'] });
  const order = await api('POST', '/v1/orders', {
    channel: 'web', external_ref: `browser-${Date.now()}`, payment_method: 'cod', currency: 'USD',
    customer: { name: 'Grace Hopper', email: 'grace@example.com', phone: '+1 650-253-0000' },
    shipping_address: { line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postal_code: '94043', country: 'US' },
    lines: [{ sku: stocked.sku, quantity: 2 }],
    special_requests: { gift_wrap: true, gift_message: 'Happy birthday' },
  });
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: settings.cod_countries });
  let fuls = [];
  for (let i = 0; i < 40 && !fuls.length; i++) {
    fuls = (await api('GET', `/v1/fulfilments?order_id=${order.id}`)).items;
    if (!fuls.length) await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(fuls.length, 1, `order ${order.number} was released`);
  fixture.order = order;
  fixture.fulfilment = fuls[0];

  const { context, page } = await as('warehouse', phone);
  await page.goto(rig.base + `/fulfilments?warehouse=${fuls[0].warehouse}`);
  const card = page.locator('section.fulfilment', { hasText: order.number });
  assert.equal(await card.count(), 1, 'the queue lists it');
  assert.match(await card.textContent(), new RegExp(stocked.sku));
  assert.match(await card.textContent(), /Happy birthday/);
  await narrow(page, '/fulfilments');
  await shot(page, 'fulfilments-phone');

  await page.focus('#code');
  await Promise.all([page.waitForURL(new RegExp(`/fulfilments/${fuls[0].id}$`)), scan(page, order.number)]);
  assert.match(await page.textContent('h1'), new RegExp(fuls[0].id));
  assert.match(await page.textContent('main'), /Gift wrap/);
  await narrow(page, '/fulfilments/{id}');
  await shot(page, 'fulfilment-phone');

  await page.focus('#code');
  await Promise.all([page.waitForSelector('#code-error'), scan(page, 'WB-NO-SUCH-CODE')]);
  assert.match(await page.textContent('#code-error'), /No fulfilment or order has the code WB-NO-SUCH-CODE/);
  assert.equal(await page.inputValue('#code'), 'WB-NO-SUCH-CODE');
  await shot(page, 'fulfilments-scan-error-phone');
  await context.close();
});

test('the stock and fulfilment pages have no serious accessibility violations', async () => {
  const { context, page } = await as('admin', { bypassCSP: true }); // only to inject axe
  const pages = ['/stock', `/stock/bins?warehouse=${fixture.warehouse}`, `/stock/ledger?warehouse=${fixture.warehouse}&sku=${fixture.sku}`,
    '/stock/receive', '/stock/adjust', '/stock/move', '/stock/reconcile', '/stock/reconcile?run=1', '/fulfilments',
    `/fulfilments/${fixture.fulfilment.id}`];
  for (const path of pages) {
    const res = await page.goto(rig.base + path);
    assert.equal(res.status(), 200, path);
    await axeCheck(page, path);
    await shot(page, 'axe' + path.replace(/ful_\w+/, 'one').replace(/[^a-z0-9]+/gi, '-'));
    if (path.endsWith('run=1')) assert.match(await page.textContent('main'), /Clean: the balances agree with the ledger/);
  }
  await page.goto(rig.base + '/stock/adjust');
  await Promise.all([page.waitForSelector('#delta-error'), page.click('form.stockform button[type=submit]')]);
  await axeCheck(page, '/stock/adjust with problems');
  await context.close();
});
