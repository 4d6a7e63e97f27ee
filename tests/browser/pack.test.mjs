// The pack station in a real browser. Two gift-wrapped orders of the demo's
// Newark warehouse are released, waved and picked into totes through the
// public API (as a picker's handheld would); then, on a 360 x 740 phone, the
// packer scans the first tote, scans a wrong item (refused at the field,
// nothing booked), scans every unit, closes the parcel at a wrong weight
// (held, the note shown, the form stays) and weighs it again right
// (packed, back to the scan). The API then says the fulfilment is packed and
// the carton's stock went down. On the second order, an admin at a desk
// writes off a damaged unit, the packer's parcel is held, and the admin
// accepts its weight. Screenshots of each screen, axe, no sideways scroll.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow, scan } from './rig.mjs';

before(() => start('--quiet')); // no order stream: the wave holds only this test's orders
after(stop);

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const desk = { viewport: { width: 1366, height: 900 } };
const fixture = {}; // warehouse, skus, and per order: { order, fid, tote }

const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
const packing = (fid) => api('GET', `/v1/fulfilments/${fid}/packing`);
const cartons = (wh) => api('GET', `/v1/warehouses/${wh}/cartons`);
// scanTo scans a code whose answer is a new page (the same address, so
// waitForURL cannot tell) and waits for the new page to show selector.
async function scanTo(page, code, selector) {
  await Promise.all([page.waitForEvent('framenavigated'), scan(page, code)]);
  await page.waitForSelector(selector);
}
const expected = (st, tare) => st.lines.reduce((g, l) => g + l.quantity * l.weight_g, 0) + tare;

// released places a cash-on-delivery order to the US (released at once)
// and waits for its fulfilment.
async function released(ref, lines) {
  const order = await api('POST', '/v1/orders', {
    channel: 'web', external_ref: `${ref}-${Date.now()}`, payment_method: 'cod', currency: 'USD',
    customer: { name: 'Grace Hopper', email: 'grace@example.com', phone: '+1 650-253-0000' },
    shipping_address: { line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postal_code: '94043', country: 'US' },
    special_requests: { gift_wrap: true, gift_message: 'Happy birthday, Grace — 生日快乐' },
    lines,
  });
  for (let i = 0; i < 40; i++) {
    const fuls = (await api('GET', `/v1/fulfilments?order_id=${order.id}`)).items;
    if (fuls.length) return { order, fid: fuls[0].id, warehouse: fuls[0].warehouse };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`order ${order.number} was not released`);
}

// pickAll claims each task of a wave and picks every stop into one tote
// per fulfilment, as the pick screen would; it returns fulfilment -> tote.
async function pickAll(wave) {
  const totes = {};
  for (const { id } of wave.tasks) {
    await api('POST', `/v1/pick-tasks/${id}/claim`);
    for (let n = 0; n < 50; n++) {
      const task = await api('GET', `/v1/pick-tasks/${id}`);
      if (!task.next) break;
      const l = task.next;
      totes[l.fulfilment] = totes[l.fulfilment] || `T-${Date.now() % 100000}-${Object.keys(totes).length + 1}`;
      await api('POST', `/v1/pick-tasks/${id}/picks`, { scan_id: `bt-${l.id}-${n}`, line: l.id, bin: l.bin, item: l.sku,
        quantity: l.quantity - l.picked - l.short - l.cancelled, tote: totes[l.fulfilment] });
    }
  }
  return totes;
}

test('two gift orders are released, waved and picked into totes through the API', async () => {
  const settings = await api('GET', '/v1/settings');
  const addUS = !settings.cod_countries.includes('US');
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: [...settings.cod_countries, 'US'] });
  const stock = (await api('GET', '/v1/stock/balances?warehouse=US-EWR1&limit=200')).items.filter((b) => b.available >= 10);
  const inStock = new Set(stock.map((b) => b.sku));
  const plain = async (category) => (await api('GET', `/v1/products?category=${category}&limit=100`)).items
    .filter((p) => inStock.has(p.sku) && !p.valuable && !p.hazmat && p.barcodes.length);
  const mugs = await plain('kitchen');
  const shirts = await plain('apparel');
  assert.ok(mugs.length >= 1 && shirts.length >= 1, 'stocked kitchen and apparel products in US-EWR1');
  fixture.mug = mugs[0];
  fixture.shirt = shirts[0];
  fixture.a = await released('pack-a', [{ sku: fixture.mug.sku, quantity: 2 }, { sku: fixture.shirt.sku, quantity: 1 }]);
  fixture.b = await released('pack-b', [{ sku: fixture.shirt.sku, quantity: 2 }]);
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: settings.cod_countries });
  assert.equal(fixture.a.warehouse, fixture.b.warehouse);
  fixture.warehouse = fixture.a.warehouse;
  const wave = await api('POST', '/v1/waves', { warehouse: fixture.warehouse, strategy: 'order', fulfilments: [fixture.a.fid, fixture.b.fid] });
  const totes = await pickAll(wave);
  fixture.a.tote = totes[fixture.a.fid];
  fixture.b.tote = totes[fixture.b.fid];
  for (const f of [fixture.a, fixture.b]) {
    const st = await packing(f.fid);
    assert.equal(st.status, 'picked');
    assert.equal(st.tote, f.tote);
  }
  const all = await cartons(fixture.warehouse);
  fixture.carton = all.find((c) => c.code === 'L');
  assert.ok(fixture.carton, 'the demo warehouse has carton L');
});

test('a packer on a phone scans a tote, the items, and closes the parcel: held, then packed', async () => {
  const { context, page } = await as('warehouse', phone);
  const fid = fixture.a.fid;
  await page.goto(rig.base + '/pack');
  await page.selectOption('#warehouse', fixture.warehouse);
  await narrow(page, '/pack');
  await shot(page, 'pack-start-phone');
  assert.equal(await focused(page), 'code');
  await scan(page, 'T-NOT-A-TOTE', '#code-error');
  assert.match(await page.textContent('#code-error'), /T-NOT-A-TOTE names no tote, fulfilment or order waiting to be packed in US-EWR1/);
  await page.fill('#code', '');
  await scan(page, fixture.a.tote, '#item');
  assert.ok(page.url().endsWith(`/pack/${fid}`), page.url());
  assert.equal(await focused(page), 'item', 'the item field waits for the scan');
  const instructions = await page.textContent('.pack-instr');
  assert.match(instructions, /Gift wrap/);
  assert.match(instructions, /Happy birthday, Grace — 生日快乐/);
  assert.match(await page.textContent('.pack-left'), /3 of 3 units left to scan/);
  await narrow(page, '/pack/{id}');
  await shot(page, 'pack-station-phone');

  // A wrong item: refused at the field, which keeps the focus; nothing booked.
  await scanTo(page, 'WB-NOT-HERE', '#item-error');
  assert.match(await page.textContent('#item-error'), /WB-NOT-HERE is not in the catalogue/);
  const other = (await api('GET', '/v1/products?category=books&limit=1')).items[0];
  await scanTo(page, other.sku, '#item-error');
  assert.match(await page.textContent('#item-error'), new RegExp(`Wrong item: ${other.sku} is not in this parcel's order`));
  assert.equal(await focused(page), 'item');
  assert.equal(await page.getAttribute('#item', 'aria-invalid'), 'true');
  assert.deepEqual((await packing(fid)).parcels, [], 'nothing booked');
  await narrow(page, '/pack/{id} wrong item');
  await shot(page, 'pack-wrong-item-phone');
  await axeStation(fid);

  // Every unit, by its barcode as a scanner reads it; each says its parcel.
  const units = [fixture.mug.barcodes[0], fixture.mug.barcodes[0], fixture.shirt.barcodes[0]];
  for (const [i, code] of units.entries()) {
    await scanTo(page, code, '.pack-ok');
    assert.match(await page.textContent('.pack-ok'), /Scanned into parcel 1 \(SSCC \d{18}\)\./);
    assert.equal((await packing(fid)).left, units.length - i - 1, `unit ${i + 1} booked`);
    if (i === 0) await shot(page, 'pack-scanned-phone');
  }
  assert.equal(await focused(page), 'carton', 'all scanned: the carton is next');
  assert.match(await page.textContent('.pack-left'), /Every unit is in a parcel \(3\)/);

  // A wrong weight: held, the note shown, the form stays to weigh again.
  const before = fixture.carton.on_hand;
  const want = expected(await packing(fid), fixture.carton.tare_g);
  await scan(page, 'L'); // the carton's code: Enter moves on to the weight
  assert.equal(await focused(page), 'weight_g');
  assert.equal(await page.inputValue('#carton'), 'L');
  await shot(page, 'pack-close-phone');
  await Promise.all([page.waitForURL(/done=pack_held$/), scan(page, String(want * 2 + 500))]);
  assert.match(await page.textContent('#held-note'), new RegExp(`Parcel 1 is held: it weighs ${want * 2 + 500} g; its items and carton should weigh ${want} g`));
  assert.equal(await page.textContent('form.pack-close button[type=submit]'), 'Weigh again');
  assert.equal(await focused(page), 'weight_g');
  assert.equal(await page.inputValue('#carton'), 'L', 'the carton stays');
  assert.equal((await packing(fid)).parcels[0].status, 'held');
  await narrow(page, '/pack/{id} held');
  await shot(page, 'pack-held-phone');

  // Weighed again right: packed, back to the scan field.
  await scan(page, String(want), '#code');
  assert.ok(page.url().endsWith('/pack?done=pack_done'), page.url());
  assert.match(await page.textContent('.notice'), /Packed: every unit is in a packed parcel/);
  assert.equal(await focused(page), 'code');
  await shot(page, 'pack-done-phone');
  const st = await packing(fid);
  assert.equal(st.status, 'packed');
  assert.equal(st.parcels.length, 1);
  assert.equal(st.parcels[0].status, 'packed');
  assert.equal(st.parcels[0].weight_g, want);
  assert.equal((await api('GET', `/v1/fulfilments?order_id=${fixture.a.order.id}`)).items[0].status, 'packed');
  const after = (await cartons(fixture.warehouse)).find((c) => c.code === 'L').on_hand;
  assert.equal(after, before - 1, 'the carton left stock');
  await context.close();
});

test('an admin at a desk writes off a damaged unit and accepts a held parcel the packer weighed', async () => {
  const fid = fixture.b.fid;
  const admin = await as('admin', { ...desk, bypassCSP: true }); // only to inject axe
  await admin.page.goto(rig.base + `/pack/${fid}`);
  await axeCheck(admin.page, '/pack/{id} supervisor');
  await narrow(admin.page, '/pack/{id} desk');
  await admin.page.fill('#problem_quantity', '1');
  await admin.page.selectOption('#kind', 'damaged');
  await admin.page.fill('#note', 'crushed in the tote');
  await shot(admin.page, 'pack-station-desk');
  await Promise.all([admin.page.waitForURL(/done=pack_written_off$/), admin.page.click('.pack-super button.danger')]);
  assert.match(await admin.page.textContent('.notice'), /Written off/);
  assert.equal((await packing(fid)).left, 1, 'one unit fewer to pack');

  const packer = await as('warehouse', phone);
  await packer.page.goto(rig.base + '/pack');
  await packer.page.selectOption('#warehouse', fixture.warehouse);
  await scan(packer.page, fixture.b.tote, '#item');
  await scan(packer.page, fixture.shirt.sku, '#carton');
  const want = expected(await packing(fid), fixture.carton.tare_g);
  await packer.page.fill('#carton', 'L');
  await packer.page.fill('#weight_g', String(want + 700));
  await Promise.all([packer.page.waitForURL(/done=pack_held$/), packer.page.click('form.pack-close button[type=submit]')]);
  assert.match(await packer.page.textContent('#held-note'), /is held/);
  await packer.context.close();

  await admin.page.goto(rig.base + `/pack/${fid}`);
  assert.match(await admin.page.textContent('.pack-super'), /Accept parcel 1/);
  await narrow(admin.page, '/pack/{id} desk held');
  await shot(admin.page, 'pack-held-desk');
  await Promise.all([admin.page.waitForSelector('#reason-error'), admin.page.click('.pack-super form[action$="/accept"] button')]);
  assert.match(await admin.page.textContent('#reason-error'), /Say what the check found/);
  await axeCheck(admin.page, '/pack/{id} accept refused');
  await admin.page.fill('#reason', 'gift wrap and card weigh more than the catalogue says');
  await Promise.all([admin.page.waitForURL(/done=pack_accepted_done$/), admin.page.click('.pack-super form[action$="/accept"] button')]);
  assert.match(await admin.page.textContent('.notice'), /Weight accepted/);
  assert.equal((await packing(fid)).status, 'packed');
  await shot(admin.page, 'pack-accepted-desk');
  await admin.context.close();

  const again = await as('warehouse', { ...phone, bypassCSP: true }); // only to inject axe
  await again.page.goto(rig.base + `/pack/${fixture.a.fid}`);
  await axeCheck(again.page, '/pack/{id} packed');
  await narrow(again.page, '/pack/{id} packed');
  await shot(again.page, 'pack-packed-phone');
  await again.context.close();
});

// axeStation runs axe on the station and on a refused scan, in a second
// session of the packer.
async function axeStation(fid) {
  const { context, page } = await as('warehouse', { ...phone, bypassCSP: true }); // only to inject axe
  await page.goto(rig.base + '/pack');
  await axeCheck(page, '/pack');
  await page.goto(rig.base + `/pack/${fid}`);
  await axeCheck(page, '/pack/{id}');
  await scan(page, 'NOT-AN-ITEM', '#item-error');
  await axeCheck(page, '/pack/{id} wrong item');
  await context.close();
}
