// The put wall in a real browser: three orders wanting the same SKUs are
// released by an admin from the wave form as a put-wall wave; a picker on
// a 360 x 740 phone walks its one task into a bulk tote by typing each scan
// and Enter; then, at /wall/{task}, the sorter types each unit's SKU and
// Enter, reads the slot shown big, and types the slot's label and Enter,
// with one wrong slot refused at its field and nothing booked, until the
// wall is done. Screenshots of each screen, axe on the wall, no sideways
// scroll at 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow, scan } from './rig.mjs';

before(() => start('--quiet')); // no order stream: the wave holds only this test's orders
after(stop);

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const fixture = {}; // the orders, their warehouse, the wave, the task


const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
const task = (id) => api('GET', `/v1/pick-tasks/${id}`);
const wall = (id) => api('GET', `/v1/pick-tasks/${id}/wall`);
const sorted = (slots) => slots.reduce((n, s) => n + s.sorted, 0);

test('an admin releases a put-wall wave of three orders from the wave form', async () => {
  // Cash-on-delivery orders to the US release at once once the US takes COD.
  const stocked = (await api('GET', '/v1/stock/balances?limit=200')).items.filter((b) => b.available >= 10);
  const byWarehouse = {};
  for (const b of stocked) (byWarehouse[b.warehouse] ||= new Set()).add(b.sku);
  const [, skuSet] = Object.entries(byWarehouse).sort((a, b) => b[1].size - a[1].size)[0];
  const skus = [...skuSet].slice(0, 2);
  const settings = await api('GET', '/v1/settings');
  const addUS = !settings.cod_countries.includes('US');
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: [...settings.cod_countries, 'US'] });
  fixture.orders = [];
  for (const [i, lines] of [[[skus[0], 1]], [[skus[0], 2], [skus[1], 1]], [[skus[1], 1]]].entries()) {
    fixture.orders.push(await api('POST', '/v1/orders', {
      channel: 'web', external_ref: `wall-${Date.now()}-${i}`, payment_method: 'cod', currency: 'USD',
      customer: { name: 'Grace Hopper', email: 'grace@example.com', phone: '+1 650-253-0000' },
      shipping_address: { line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postal_code: '94043', country: 'US' },
      lines: lines.map(([sku, quantity]) => ({ sku, quantity })),
    }));
  }
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: settings.cod_countries });
  const warehouses = {};
  for (const order of fixture.orders) {
    let fuls = [];
    for (let i = 0; i < 40 && !fuls.length; i++) {
      fuls = (await api('GET', `/v1/fulfilments?order_id=${order.id}`)).items;
      if (!fuls.length) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(fuls.length >= 1, `order ${order.number} was released`);
    for (const f of fuls) warehouses[f.warehouse] = (warehouses[f.warehouse] || 0) + 1;
  }
  fixture.warehouse = Object.entries(warehouses).sort((a, b) => b[1] - a[1])[0][0];

  const { context, page } = await as('admin');
  await page.goto(rig.base + `/waves?warehouse=${fixture.warehouse}`);
  await page.selectOption('#strategy', 'putwall');
  assert.match(await page.textContent('#strategy option:checked'), /put wall/);
  await page.fill('#cart_totes', '12');
  await Promise.all([page.waitForURL(/\/waves\/wav_\w+\?done=wave_released$/), page.click('form.wave-form button[type=submit]')]);
  fixture.wave = page.url().match(/wav_\w+/)[0];
  const wave = await api('GET', `/v1/waves/${fixture.wave}`);
  assert.equal(wave.strategy, 'putwall');
  assert.equal(wave.tasks.length, 1, 'one walk for the wall');
  fixture.task = wave.tasks[0].id;
  assert.ok(wave.tasks[0].totes.length >= 2, 'a slot per order');
  assert.equal(await page.getAttribute('a.wall-link', 'href'), `/wall/${fixture.task}`, 'the wave leads to its wall');
  await shot(page, 'wall-wave');
  await context.close();
});

test('a picker walks the put-wall task into one bulk tote, then sorts every unit at the wall on a phone', async () => {
  const { context, page } = await as('warehouse', phone);
  await page.goto(rig.base + `/pick/${fixture.task}`);
  await Promise.all([page.waitForURL(/done=pick_claimed/), page.click('button.pick-go')]);
  const bulk = `BULK-${Date.now() % 100000}`;
  for (let n = 1; ; n++) {
    assert.ok(n < 50, 'the walk ends');
    const bin = (await page.textContent('.pick-bin strong')).trim();
    const sku = (await page.textContent('.pick-item code')).trim();
    await scan(page, bin, '#item');
    await scan(page, sku, '#quantity');
    await scan(page, await page.inputValue('#quantity'), '#tote');
    await scan(page, bulk, '#bin, .pick-finished');
    if (await page.locator('.pick-finished').count()) break;
  }
  assert.equal((await task(fixture.task)).bulk_tote, bulk);
  assert.match(await page.textContent('.pick-finished'), /Take the bulk tote to the wall/);
  await shot(page, 'wall-walk-done-phone');
  await Promise.all([page.waitForURL(new RegExp(`/wall/${fixture.task}$`)), page.click('.pick-finished a[href^="/wall/"]')]);

  const slots = await wall(fixture.task);
  const units = slots.reduce((n, s) => n + s.needed, 0);
  assert.equal(await page.locator('li.wall-cell').count(), slots.length, 'a cell per slot');
  assert.equal(await focused(page), 'item', 'the item field waits for the scan');
  await narrow(page, '/wall/{task}');
  await shot(page, 'wall-item-phone');
  await axeWall(fixture.task);

  // What is left to sort, per SKU: the walk's picked units less the sorted.
  const left = {};
  for (const l of (await task(fixture.task)).lines) left[l.sku] = (left[l.sku] || 0) + l.picked - (l.sorted || 0);
  let wrongDone = false;
  for (let n = 0; n < units; n++) {
    const sku = Object.keys(left).find((s) => left[s] > 0);
    assert.equal(await focused(page), 'item');
    await scan(page, sku, '.wall-slot');
    const slot = Number((await page.textContent('.wall-slot')).trim());
    const owner = slots.find((s) => s.slot === slot);
    assert.ok(owner, `slot ${slot} is on the wall`);
    assert.match(await page.textContent('.wall-order'), new RegExp(owner.order));
    assert.equal(await focused(page), 'slot');
    if (!wrongDone) {
      await narrow(page, '/wall/{task} slot step');
      await shot(page, 'wall-slot-phone');
      const before = sorted(await wall(fixture.task));
      await scan(page, `W-${slot + 50}`, '#slot-error');
      assert.match(await page.textContent('#slot-error'), new RegExp(`Wrong slot: you scanned W-${slot + 50}; this unit goes to slot ${slot}`));
      assert.equal(await focused(page), 'slot', 'the field keeps the focus');
      assert.equal(await page.getAttribute('#slot', 'aria-invalid'), 'true');
      assert.equal(sorted(await wall(fixture.task)), before, 'nothing booked');
      await narrow(page, '/wall/{task} wrong slot');
      await shot(page, 'wall-wrong-slot-phone');
      wrongDone = true;
    }
    await scan(page, `W-${String(slot).padStart(2, '0')}`, '.notice');
    left[sku]--;
    const notice = await page.textContent('.notice');
    assert.match(notice, /Booked/);
    assert.equal(sorted(await wall(fixture.task)), n + 1, `unit ${n + 1} booked once`);
    if (/complete/.test(notice)) assert.match(notice, new RegExp(`Slot ${slot} complete`));
    if (n === units - 1) assert.match(notice, /Wall done/);
    else assert.doesNotMatch(notice, /Wall done/);
  }
  assert.equal(await page.locator('li.wall-cell.wall-full').count(), slots.length, 'every slot complete');
  assert.match(await page.textContent('.wall-finished'), /Wall done/);
  const done = await wall(fixture.task);
  assert.ok(done.every((s) => s.done && s.sorted === s.needed));
  assert.equal((await task(fixture.task)).bulk_tote, undefined, 'the bulk tote is free');
  await narrow(page, '/wall/{task} done');
  await shot(page, 'wall-done-phone');
  await context.close();
});

test('the wall reads at a glance on a desk screen', async () => {
  const { context, page } = await as('warehouse', { viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await page.goto(rig.base + `/wall/${fixture.task}`);
  await axeCheck(page, '/wall/{task} done');
  await narrow(page, '/wall/{task} desk');
  await shot(page, 'wall-done-desk');
  await context.close();
});

// axeWall runs axe on the wall at each step, and with a wrong slot
// refused, in a second session of the same sorter (asking books nothing).
async function axeWall(id) {
  const { context, page } = await as('warehouse', { ...phone, bypassCSP: true }); // only to inject axe
  await page.goto(rig.base + `/wall/${id}`);
  await axeCheck(page, '/wall/{task}');
  await scan(page, 'NOT-A-SKU', '#item-error');
  assert.match(await page.textContent('#item-error'), /NOT-A-SKU is not in the catalogue/);
  await axeCheck(page, '/wall/{task} unknown item');
  const sku = (await task(id)).lines[0].sku;
  await scan(page, sku, '.wall-slot');
  await axeCheck(page, '/wall/{task} slot step');
  await scan(page, 'W-999', '#slot-error');
  await axeCheck(page, '/wall/{task} wrong slot');
  await context.close();
}
