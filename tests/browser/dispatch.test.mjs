// The dispatch screens in a real browser, on a 360 x 740 phone as a dock
// worker with a keyboard-wedge scanner uses them: a packed fulfilment is
// made through the public API (an order released, waved, picked and packed
// with the admin key); the worker scans its order number and books it,
// stages its parcel (a wrong lane refused at its field first), closes the
// carrier's day and hands the manifest over with one extra scan, which is
// reported. The API then shows the fulfilment shipped and the tracking
// number on the order. Screenshots at phone and desk width, axe on every
// screen, no sideways scroll at 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow, shortHeader, scan } from './rig.mjs';
import { fulfilmentOf, packed, picked, plainProducts, released } from './flow.mjs';

before(() => start('--quiet')); // no order stream: the lanes hold only this test's parcel
after(stop);

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, bypassCSP: true }; // CSP off only to inject axe
const desk = { viewport: { width: 1280, height: 800 }, bypassCSP: true };
const fixture = {}; // the order, its fulfilment and warehouse, the tracking number, the manifest
const run = Date.now() % 1000000;

const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

// check runs the checks every dispatch screen must pass on a phone.
async function check(page, name) {
  await narrow(page, name);
  await shortHeader(page, name);
  await axeCheck(page, name);
}

test('a packed fulfilment is made through the API', async () => {
  const products = await plainProducts(2);
  const { order, ful } = await released({ external_ref: `dispatch-${run}`,
    lines: [{ sku: products[0].sku, quantity: 1 }, { sku: products[1].sku, quantity: 1 }] });
  Object.assign(fixture, { order, fid: ful.id, warehouse: ful.warehouse });
  await picked(ful, `dsp-${run}`);
  await packed(ful, `dsp-${run}`);
});

test('a dock worker books, stages, closes the day and hands over on a phone', async () => {
  const { context, page } = await as('warehouse', phone);
  await page.goto(rig.base + '/dispatch');
  assert.equal(await focused(page), 'code', 'the scan field waits for the scan');
  await check(page, '/dispatch');
  await shot(page, 'dispatch-start-phone');

  // The packing slip's order number opens its shipment, ready to book.
  await scan(page, fixture.order.number.toLowerCase(), 'form[action$="/book"] button');
  assert.match(page.url(), new RegExp(`/dispatch/fulfilments/${fixture.fid}$`));
  assert.equal(await page.textContent('h1'), `Ship order ${fixture.order.number}`);
  await check(page, '/dispatch/fulfilments/{id} to book');
  await shot(page, 'dispatch-book-phone');
  await Promise.all([page.waitForURL(/done=shipment_booked$/), page.click('form[action$="/book"] button.pick-go')]);
  assert.match(await page.textContent('.notice'), /Booked/);
  const labels = await page.getAttribute('a[href$="/labels?format=pdf"]', 'href');
  const shipment = await api('GET', labels.replace('/dispatch/shipments/', '/v1/shipments/').replace('/labels?format=pdf', ''));
  // The label prints from the console (the person's session, no API key).
  const pdf = await page.request.get(rig.base + labels);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'a PDF label');
  assert.equal(shipment.fulfilment_id, fixture.fid);
  fixture.tracking = shipment.parcels[0].tracking_number;
  fixture.carrier = shipment.carrier;
  assert.equal((await page.textContent('.dispatch-parcels code.tracking')).trim(), fixture.tracking);
  assert.match(await page.textContent('.dispatch-service'), new RegExp(`${shipment.carrier} · ${shipment.service}`));
  assert.equal(await page.locator('table.dispatch-options tbody tr').count(), 1 + shipment.choice.alternatives.length,
    'the chosen service and every alternative');
  assert.ok(await page.locator('a', { hasText: 'Print labels (PDF)' }).isVisible(), 'the labels have their place');
  await check(page, '/dispatch/fulfilments/{id} booked');
  await shot(page, 'dispatch-booked-phone');

  // Staging: the parcel, then a wrong lane, refused at the lane naming the
  // right one with the parcel kept and nothing staged; then the right lane.
  await page.click('a[href^="/dispatch/stage"].button-link');
  await page.waitForURL(new RegExp(`/dispatch/stage\\?warehouse=${fixture.warehouse}$`));
  assert.equal(await focused(page), 'parcel');
  await scan(page, fixture.tracking);
  assert.equal(await focused(page), 'lane', 'Enter after the parcel moves to the lane');
  await scan(page, 'LANE-NOWHERE', '#lane-error');
  const lane = fixture.carrier.toUpperCase();
  assert.match(await page.textContent('#lane-error'), new RegExp(`Wrong lane: this parcel goes to lane ${lane}`));
  assert.equal(await page.inputValue('#parcel'), fixture.tracking, 'the parcel is kept');
  assert.equal(await focused(page), 'lane');
  assert.equal((await api('GET', `/v1/shipments/${shipment.id}`)).parcels[0].staged_at, undefined, 'nothing staged');
  await check(page, '/dispatch/stage wrong lane');
  await shot(page, 'dispatch-wrong-lane-phone');
  await scan(page, `LANE-${lane}`, '.notice');
  assert.equal(await page.textContent('.notice'), `Staged: ${fixture.tracking} is in lane ${lane}.`);
  assert.equal(await focused(page), 'parcel', 'ready for the next parcel');
  const row = page.locator('table.dispatch-lanes tr', { hasText: `LANE-${lane}` });
  assert.equal((await row.locator('td[data-label="Staged today"]').textContent()).trim(), '1');
  assert.ok((await api('GET', `/v1/shipments/${shipment.id}`)).parcels[0].staged_at, 'staged');
  await check(page, '/dispatch/stage');
  await shot(page, 'dispatch-staged-phone');

  // The end of the day: close the carrier's manifest.
  await page.click('.dispatch-nav a[href="/dispatch/manifests"]');
  await page.waitForURL(/\/dispatch\/manifests$/);
  await check(page, '/dispatch/manifests');
  await shot(page, 'dispatch-manifests-phone');
  await Promise.all([page.waitForURL(/\/dispatch\/manifests\/man_\w+\?left=0&done=manifest_closed$/),
    page.click(`form:has(input[name=carrier][value="${fixture.carrier}"]) button`)]);
  fixture.manifest = page.url().match(/man_\w+/)[0];
  assert.match(await page.textContent('.notice'), /The day is closed/);
  assert.equal(await page.locator('table.dispatch-manifest tbody tr').count(), 1);
  const csv = await page.getAttribute('a[href$="/csv"]', 'href');
  const res = await page.request.get(rig.base + csv);
  assert.equal(res.status(), 200);
  assert.match(await res.text(), new RegExp(fixture.tracking));
  await check(page, '/dispatch/manifests/{id}');
  await shot(page, 'dispatch-manifest-phone');

  // The handover: the driver's scanner types each label and Enter into the
  // scans; one parcel is not on the manifest.
  assert.equal(await focused(page), 'scans');
  await page.keyboard.type(fixture.tracking);
  await page.keyboard.press('Enter');
  await page.keyboard.type(`EXTRA-${run}`);
  await page.keyboard.press('Enter');
  await Promise.all([page.waitForSelector('.dispatch-report'), page.click('form.dispatch-handover button')]);
  assert.match(await page.textContent('.report-ok h3'), /Handed over: 1/);
  assert.match(await page.textContent('.report-extra'), new RegExp(`Extra: 1[\\s\\S]*take these parcels back[\\s\\S]*EXTRA-${run}`));
  assert.equal(await page.locator('.report-missing').count(), 0, 'nothing missing');
  assert.equal(await page.locator('#scans').count(), 0, 'handed over: no more scans');
  await check(page, '/dispatch/manifests/{id} handed over');
  await shot(page, 'dispatch-handover-phone');
  await context.close();

  // The API: the fulfilment shipped, the tracking number on the order.
  const [ful] = await fulfilmentOf(fixture.order.id);
  assert.equal(ful.status, 'shipped');
  const order = await api('GET', `/v1/orders/${fixture.order.id}`);
  assert.equal(order.status, 'shipped');
  assert.deepEqual(order.fulfilments[0].tracking_numbers, [fixture.tracking]);
});

test('the dispatch screens at desk width', async () => {
  const { context, page } = await as('warehouse', desk);
  await page.goto(rig.base + `/dispatch/fulfilments/${fixture.fid}`);
  await axeCheck(page, '/dispatch/fulfilments/{id} desk');
  await shot(page, 'dispatch-shipment-desk');
  await page.goto(rig.base + `/dispatch/manifests/${fixture.manifest}`);
  await axeCheck(page, '/dispatch/manifests/{id} desk');
  await shot(page, 'dispatch-manifest-desk');
  await page.goto(rig.base + `/dispatch/manifests?warehouse=${fixture.warehouse}`);
  assert.ok(await page.locator(`a[href="/dispatch/manifests/${fixture.manifest}"]`).isVisible(), 'the manifest is listed');
  await shot(page, 'dispatch-manifests-desk');
  await context.close();
});
