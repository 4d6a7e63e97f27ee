// The exceptions queue in a real browser: an order is shipped through the
// public API (released, waved, picked, packed, booked, staged, manifested
// and handed over with the admin key) and its carrier reports a failed
// delivery attempt (events in Waybill's own form), which opens a case.
// Customer service finds it in the Cases queue with its SLA, opens it,
// claims it, records a call with the customer by the playbook and closes
// it. Axe on the queue and the case; both readable at 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow } from './rig.mjs';

before(() => start('--quiet'));
after(stop);

const run = Date.now() % 1000000;
const fixture = {};
const fulfilmentOf = async (orderID) => (await api('GET', `/v1/fulfilments?order_id=${orderID}`)).items;

// shipped places a COD order of one plain product and takes it through the
// warehouse to the carrier's driver: its order and tracking number.
async function shipped(ref) {
  const balances = (await api('GET', '/v1/stock/balances?limit=200')).items.filter((b) => b.available >= 5);
  let sku = '';
  for (const s of new Set(balances.map((b) => b.sku))) {
    const [p] = (await api('GET', `/v1/products?sku=${encodeURIComponent(s)}`)).items;
    if (p && !p.valuable && !p.liquid && !p.hazmat) { sku = s; break; }
  }
  assert.ok(sku, 'a plain product in stock');
  const settings = await api('GET', '/v1/settings');
  if (!settings.cod_countries.includes('US')) await api('PATCH', '/v1/settings', { cod_countries: [...settings.cod_countries, 'US'] });
  const order = await api('POST', '/v1/orders', {
    channel: 'web', external_ref: ref, payment_method: 'cod', currency: 'USD',
    customer: { name: 'Grace Hopper', email: 'grace@example.com', phone: '+1 650-253-0000' },
    shipping_address: { name: 'Grace Hopper', line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postal_code: '94043', country: 'US' },
    lines: [{ sku, quantity: 1 }],
  });
  let fuls = [];
  for (let i = 0; i < 40 && !fuls.length; i++) {
    fuls = await fulfilmentOf(order.id);
    if (!fuls.length) await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(fuls.length, 1, `order ${order.number} was released`);
  const [ful] = fuls;
  const wave = await api('POST', '/v1/waves', { warehouse: ful.warehouse, strategy: 'order', fulfilments: [ful.id] });
  for (const t of wave.tasks) {
    await api('POST', `/v1/pick-tasks/${t.id}/claim`, {});
    const task = await api('GET', `/v1/pick-tasks/${t.id}`);
    for (const l of task.lines) {
      await api('POST', `/v1/pick-tasks/${t.id}/picks`, {
        scan_id: `cas-${run}-${l.id}`, line: l.id, bin: l.bin, item: l.sku, quantity: l.quantity - l.picked, tote: `T-CAS-${run}`,
      });
    }
  }
  const carton = { inner_mm: [600, 500, 400], outer_mm: [615, 515, 415], tare_g: 600, max_weight_g: 30000, cost_minor: 150,
    material: 'corrugated', on_hand: 100, active: true };
  await api('PUT', `/v1/warehouses/${ful.warehouse}/cartons/CAS-L`, carton);
  const station = await api('GET', `/v1/fulfilments/${ful.id}/packing`);
  let parcel = '';
  let weight = carton.tare_g;
  for (const l of station.lines) {
    const res = await api('POST', `/v1/fulfilments/${ful.id}/pack-scans`, { scan_id: `cas-${run}-${l.sku}`, item: l.sku, quantity: l.quantity - l.packed });
    parcel = res.parcel;
    weight += (l.quantity - l.packed) * l.weight_g;
  }
  const closed = await api('POST', `/v1/parcels/${parcel}/close`, { scan_id: `cas-close-${run}`, carton: 'CAS-L', weight_g: weight });
  assert.ok(closed.done, 'packed');
  const shipment = await api('POST', `/v1/fulfilments/${ful.id}/shipment`, {});
  const tracking = shipment.parcels[0].tracking_number;
  await api('POST', '/v1/staging', { parcel: tracking, lane: shipment.carrier.toUpperCase() });
  const manifest = await api('POST', '/v1/manifests', { warehouse: ful.warehouse, carrier: shipment.carrier });
  await api('POST', `/v1/manifests/${manifest.id}/handover`, { scans: [tracking] });
  return { order, tracking, carrier: shipment.carrier };
}

test('a failed delivery attempt opens a case in the queue', async () => {
  Object.assign(fixture, await shipped(`cases-${run}`));
  await api('POST', '/v1/tracking-events', { carrier: fixture.carrier, events: [{
    event_id: `cas-${run}-1`, tracking_number: fixture.tracking, status: 'delivery_attempted', reason: 'no_one_home',
    description: 'Nobody at home, card left', occurred_at: new Date().toISOString(),
  }] });
  const page = await api('GET', `/v1/tracking-cases?order_id=${fixture.order.id}`);
  assert.equal(page.items.length, 1);
  fixture.case = page.items[0];
  assert.equal(fixture.case.kind, 'attempted');
});

test('customer service claims the case, contacts the customer and closes it', async () => {
  const { context, page } = await as('customer_service');
  await page.click('nav a[href="/cases"]');
  await page.waitForURL(rig.base + '/cases');
  assert.equal(await page.textContent('h1'), 'Exception cases');
  const row = page.locator('tr', { hasText: fixture.order.number });
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, /delivery attempted/);
  assert.match(text, /Nobody at home, card left/);
  assert.match(text, new RegExp(fixture.tracking));
  const due = new Date(fixture.case.due_at).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  assert.equal((await row.locator('td.due').textContent()).trim(), due, 'the SLA due time shows');
  await shot(page, 'cases-queue');

  await row.locator(`a[href="/cases/${fixture.case.id}"]`).click();
  await page.waitForURL(`${rig.base}/cases/${fixture.case.id}`);
  assert.match(await page.textContent('main'), /Claim the case to act on it/);
  await page.getByRole('button', { name: 'Claim this case' }).click();
  await page.waitForURL(/done=case_claimed/);
  assert.match(await page.textContent('.notice'), /The case is yours now/);

  // A contact without a note is refused at its field.
  await page.locator('form:has(input[name=action][value=contact_customer]) button').click();
  await page.waitForSelector('[id="contact_customer.note-error"]');
  assert.equal(await page.getAttribute('[id="contact_customer.note"]', 'aria-invalid'), 'true');

  await page.fill('[id="contact_customer.note"]', 'Called Grace: she is home tomorrow after 10');
  await page.locator('form:has(input[name=action][value=contact_customer]) button').click();
  await page.waitForURL(/done=case_acted/);
  assert.match(await page.textContent('main'), /customer contacted: Called Grace: she is home tomorrow after 10/);
  await shot(page, 'case-acted');

  await page.selectOption('#outcome', 'resolved');
  await page.fill('[id="close.note"]', 'new attempt agreed');
  await page.locator('form[action$="/close"] button').click();
  await page.waitForURL(rig.base + '/cases?done=case_closed');
  assert.match(await page.textContent('.notice'), /The case is closed/);
  assert.equal(await page.locator(`a[href="/cases/${fixture.case.id}"]`).count(), 0, 'closed cases leave the queue');
  const after = await api('GET', `/v1/tracking-cases/${fixture.case.id}`);
  assert.equal(after.status, 'closed');
  assert.equal(after.outcome, 'resolved');
  assert.deepEqual(after.history.map((s) => s.action), ['opened', 'claimed', 'contact_customer', 'closed']);
  await context.close();
});

test('the queue and a case have no serious accessibility violations and fit 360 px', async () => {
  await api('POST', '/v1/tracking-events', { carrier: fixture.carrier, events: [{
    event_id: `cas-${run}-2`, tracking_number: fixture.tracking, status: 'exception', reason: 'damaged',
    description: 'Box crushed', occurred_at: new Date().toISOString(),
  }] });
  const [c] = (await api('GET', `/v1/tracking-cases?order_id=${fixture.order.id}`)).items;
  assert.equal(c.kind, 'damaged');
  for (const options of [{ bypassCSP: true }, { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true }]) {
    const { context, page } = await as('admin', options);
    for (const path of ['/cases', `/cases/${c.id}`]) {
      await page.goto(rig.base + path);
      if (options.bypassCSP) {
        await axeCheck(page, path);
      } else {
        await narrow(page, path);
        await shot(page, path === '/cases' ? 'cases-queue-phone' : 'case-phone');
      }
    }
    if (options.bypassCSP) {
      await page.getByRole('button', { name: 'Claim this case' }).click();
      await page.waitForURL(/done=case_claimed/);
      await axeCheck(page, 'the case with its playbook');
    }
    await context.close();
  }
});
