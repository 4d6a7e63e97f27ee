// Replenishment in a real browser, on a 360 x 740 phone as the warehouse
// person: a pick face's minimum and maximum set through the console's form
// (bad values refused at their fields, nothing changed); a wave drawing
// the face below its minimum opens a task carrying units from reserve; the
// person claims it and scans the reserve bin, the item, the units and the
// pick face, each wrong scan refused at its field with nothing booked,
// until the move books and the bin balances in the API follow. axe, no
// sideways scroll, screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow, scan, shortHeader } from './rig.mjs';

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const wh = 'US-EWR1';
// A face of this test alone (a fresh demo database each run) and a product
// of its own, so the task's numbers are known: 3 on the face, 40 in reserve.
const fx = { face: 'T-02-01-1', sku: 'BT-RPL-1', onFace: 3, inReserve: 40, min: 5, max: 20 };

const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
const onHand = async (bin) =>
  (await api('GET', `/v1/stock/bins?warehouse=${wh}&bin=${bin}&sku=${fx.sku}`)).items.reduce((n, b) => n + b.on_hand, 0);
const tasks = async () => {
  const r = await api('GET', `/v1/replenish-tasks?warehouse=${wh}&limit=500`);
  return (Array.isArray(r) ? r : r.items).filter((t) => t.sku === fx.sku);
};
const limits = async () => (await api('GET', `/v1/warehouses/${wh}/pick-face-limits`)).limits;

before(async () => {
  await start('--quiet'); // no order stream: the only wave is this test's
  const layout = await api('GET', `/v1/warehouses/${wh}/layout`);
  fx.reserve = layout.bins.find((b) => !b.pick_face).bin; // a reserve bin, as the stored layout says
  const warehouse = (await api('GET', '/v1/warehouses')).items.find((w) => w.code === wh);
  await api('POST', `/v1/warehouses/${wh}/bins`, { bins: [{ code: fx.face, x: 40, y: 5 }] });
  await api('POST', '/v1/products', {
    sku: fx.sku, name: 'Replenished widget', category: warehouse.categories[0], weight_g: 100, length_mm: 100,
    width_mm: 100, height_mm: 10, price_minor: 500, currency: 'USD',
  });
  await api('POST', '/v1/stock/receipts', { warehouse: wh, bin: fx.face, sku: fx.sku, quantity: fx.onFace, reference: 'PO-FACE' });
  await api('POST', '/v1/stock/receipts', { warehouse: wh, bin: fx.reserve, sku: fx.sku, quantity: fx.inReserve, reference: 'PO-RESERVE' });
});
after(stop);

test('a pick face limit is set through the form; bad values are refused at their field', async () => {
  const { context, page } = await as('warehouse', { ...phone, bypassCSP: true }); // only to inject axe
  await page.goto(rig.base + `/replenishment?warehouse=${wh}`);
  assert.match(await page.textContent('#limits'), /No limits in this warehouse yet/);
  await axeCheck(page, '/replenishment');
  await narrow(page, '/replenishment');
  await shot(page, 'replenish-empty-phone');

  const set = async (bin, sku, min, max, answer) => {
    await page.fill('#limit\\.bin', bin);
    await page.fill('#limit\\.sku', sku);
    await page.fill('#limit\\.min', min);
    await page.fill('#limit\\.max', max);
    await Promise.all([page.waitForSelector(answer), page.click('#limits button[type=submit]')]);
  };
  await set(fx.face, fx.sku, 'five', '20', '#limit\\.min-error');
  assert.equal(await page.textContent('#limit\\.min-error'), 'Enter a whole number.');
  assert.equal(await page.getAttribute('#limit\\.min', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#limit\\.bin'), fx.face, 'what was typed is kept');
  await set(fx.face, fx.sku, '20', '5', '#limit\\.max-error');
  assert.match(await page.textContent('#limit\\.max-error'), /Max \(5\) must be above min \(20\)/);
  await narrow(page, '/replenishment limit refused');
  await shot(page, 'replenish-limit-error-phone');
  await axeCheck(page, '/replenishment limit refused');
  await set(fx.reserve, fx.sku, '5', '20', '#limit\\.bin-error');
  assert.match(await page.textContent('#limit\\.bin-error'), new RegExp(`Bin ${fx.reserve} holds reserve stock`));
  assert.deepEqual(await limits(), [], 'nothing set');

  await set(fx.face.toLowerCase(), fx.sku.toLowerCase(), String(fx.min), String(fx.max), '.notice');
  assert.match(await page.textContent('.notice'), /The pick face limit is set/);
  assert.match(await page.textContent('#limits'), new RegExp(`${fx.face}\\s+${fx.sku}\\s+${fx.min}–${fx.max}`));
  const set1 = await limits();
  assert.deepEqual(set1.map((l) => [l.bin, l.sku, l.min, l.max]), [[fx.face, fx.sku, fx.min, fx.max]]);
  assert.deepEqual(await tasks(), [], 'a limit alone opens no task');
  await shot(page, 'replenish-limit-set-phone');
  await context.close();
});

test('a wave drawing the face below its minimum opens a task, which the phone walks by scanning', async () => {
  // A cash-on-delivery order of one unit, released, then waved.
  const settings = await api('GET', '/v1/settings');
  const addUS = !settings.cod_countries.includes('US');
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: [...settings.cod_countries, 'US'] });
  const order = await api('POST', '/v1/orders', {
    channel: 'web', external_ref: `replenish-${Date.now()}`, payment_method: 'cod', currency: 'USD',
    customer: { name: 'Grace Hopper', email: 'grace@example.com', phone: '+1 650-253-0000' },
    shipping_address: { line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postal_code: '94043', country: 'US' },
    lines: [{ sku: fx.sku, quantity: 1 }],
  });
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: settings.cod_countries });
  let fuls = [];
  for (let i = 0; i < 40 && !fuls.length; i++) {
    fuls = (await api('GET', `/v1/fulfilments?order_id=${order.id}`)).items;
    if (!fuls.length) await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(fuls.length, 1, `order ${order.number} was released`);
  assert.equal(fuls[0].warehouse, wh);
  await api('POST', '/v1/waves', { warehouse: wh, fulfilments: [fuls[0].id] });
  const open = await tasks();
  assert.equal(open.length, 1, 'one task for the face');
  const t = open[0];
  assert.deepEqual([t.from_bin, t.to_bin, t.quantity, t.status], [fx.reserve, fx.face, fx.max - fx.onFace, 'open']);
  const qty = t.quantity;

  const { context, page } = await as('warehouse', { ...phone, bypassCSP: true }); // only to inject axe
  await page.goto(rig.base + `/replenishment?warehouse=${wh}`);
  const card = page.locator(`section#${t.id}`);
  assert.match(await card.locator('h2').textContent(), new RegExp(`${qty} × ${fx.sku} · ${wh}`));
  assert.match(await card.textContent(), new RegExp(`${fx.reserve}[\\s\\S]*${fx.face}`));
  assert.match(await card.textContent(), /A wave took the face below its minimum/);
  assert.equal(await card.locator(`#from_bin-${t.id}`).count(), 0, 'no scan form before the claim');
  await narrow(page, '/replenishment open task');
  await shot(page, 'replenish-task-phone');
  await Promise.all([page.waitForURL(/done=replenish_claimed$/), card.locator('button', { hasText: 'Claim' }).click()]);
  assert.match(await page.textContent('.notice'), /Claimed/);
  assert.equal((await tasks())[0].status, 'claimed');
  assert.equal(await focused(page), `from_bin-${t.id}`, 'the reserve bin field waits for the scan');
  assert.equal(await page.inputValue(`#quantity-${t.id}`), String(qty), 'the units offered are the task\'s');
  await axeCheck(page, '/replenishment claimed');
  await narrow(page, '/replenishment claimed');
  await shortHeader(page, '/replenishment');
  await shot(page, 'replenish-claimed-phone');

  // walk scans the four fields in the order of the work; Enter after the
  // face sends them, and answer is what the page shows then.
  const walk = async (from, item, units, to, answer) => {
    await scan(page, from);
    assert.equal(await focused(page), `item-${t.id}`);
    await scan(page, item);
    assert.equal(await focused(page), `quantity-${t.id}`);
    await scan(page, units);
    assert.equal(await focused(page), `to_bin-${t.id}`);
    await scan(page, to, answer);
  };
  const unchanged = async (why) => {
    assert.equal((await tasks())[0].status, 'claimed', `${why}: nothing booked`);
    assert.equal(await onHand(fx.face), fx.onFace, `${why}: the face holds what it held`);
    assert.equal(await onHand(fx.reserve), fx.inReserve, `${why}: the reserve too`);
  };

  // The face scanned as the reserve bin: refused at the reserve bin's field, which takes the focus back.
  await walk(fx.face, fx.sku, String(qty), fx.face, `#from_bin-${t.id}-error`);
  assert.equal(await page.textContent(`#from_bin-${t.id}-error`), `Wrong bin: you scanned ${fx.face}; take the units from bin ${fx.reserve}`);
  assert.equal(await page.getAttribute(`#from_bin-${t.id}`, 'aria-invalid'), 'true');
  assert.equal(await focused(page), `from_bin-${t.id}`);
  for (const f of ['item', 'quantity', 'to_bin']) assert.equal(await page.locator(`#${f}-${t.id}-error`).count(), 0, `${f} was right`);
  await unchanged('a wrong reserve bin');
  await axeCheck(page, '/replenishment wrong scan');
  await narrow(page, '/replenishment wrong scan');
  await shot(page, 'replenish-wrong-bin-phone');

  // A wrong item, too many units and the reserve bin scanned as the face, at once.
  await walk(fx.reserve, 'WB-APP-0001', String(qty + 1), fx.reserve, `#item-${t.id}-error`);
  assert.match(await page.textContent(`#item-${t.id}-error`), new RegExp(`Wrong item: you scanned SKU WB-APP-0001; this task carries SKU ${fx.sku}`));
  assert.equal(await page.textContent(`#quantity-${t.id}-error`), `${qty + 1} is too many: this task carries ${qty}`);
  assert.equal(await page.textContent(`#to_bin-${t.id}-error`), `Wrong bin: you scanned ${fx.reserve}; the units go into bin ${fx.face}`);
  assert.equal(await page.locator(`#from_bin-${t.id}-error`).count(), 0, 'the reserve bin was right');
  assert.equal(await focused(page), `item-${t.id}`, 'the first wrong field has the focus');
  await unchanged('a wrong item, too many, a wrong face');

  // The right scans, from the item on (the reserve bin kept), book the move.
  await scan(page, fx.sku);
  assert.equal(await focused(page), `quantity-${t.id}`);
  await scan(page, String(qty));
  await scan(page, fx.face, '.notice');
  assert.match(await page.textContent('.notice'), /Booked: the units are on the pick face/);
  assert.match(await page.locator(`section#${t.id}`).textContent(), new RegExp(`Done: ${qty} carried`));
  const done = (await tasks())[0];
  assert.deepEqual([done.status, done.moved], ['done', qty]);
  assert.equal(await onHand(fx.face), fx.onFace + qty, 'the face holds its maximum');
  assert.equal(await onHand(fx.reserve), fx.inReserve - qty, 'the reserve gave them');
  await narrow(page, '/replenishment done');
  await shot(page, 'replenish-done-phone');
  await axeCheck(page, '/replenishment done');
  await context.close();
});
