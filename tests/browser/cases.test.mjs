// The exceptions queue in a real browser: an order is shipped through the
// public API (released, waved, picked, packed, booked, staged, manifested
// and handed over with the admin key) and its carrier reports a failed
// delivery attempt (events in Waybill's own form), which opens a case.
// Customer service finds it in the Cases queue with its SLA, opens it,
// claims it, records a call with the customer by the playbook and closes
// it. Axe on the queue and the case; both readable at 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot } from './rig.mjs';
import { grace, handedOver, mountainView, packed, picked, plainProducts, released, staged } from './flow.mjs';
import { queueScreens } from './queue.mjs';

before(() => start('--quiet'));
after(stop);

const run = Date.now() % 1000000;
const fixture = {};

// shipped places a COD order of one plain product and takes it through the
// warehouse to the carrier's driver: its order and tracking number.
async function shipped(ref) {
  const [product] = await plainProducts(1);
  const { order, ful } = await released({ external_ref: ref, shipping_address: { name: grace.name, ...mountainView },
    lines: [{ sku: product.sku, quantity: 1 }] });
  await picked(ful, `cas-${run}`);
  await packed(ful, `cas-${run}`);
  const { shipment, tracking } = await staged(ful);
  await handedOver(ful.warehouse, shipment.carrier, tracking);
  return { order, tracking: tracking[0], carrier: shipment.carrier };
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
  await queueScreens({ path: '/cases', id: c.id, claim: 'Claim this case', notice: 'case_claimed', shots: ['cases-queue-phone', 'case-phone'] });
});
