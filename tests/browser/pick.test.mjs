// The handheld pick screen in a real browser, on a 360 x 740 phone as a
// picker with a keyboard-wedge scanner uses it: an admin releases a wave
// of a released order from the wave form; the picker claims the next task
// and walks every stop by typing each scan and Enter (the bin, the item's
// SKU, the quantity, the tote), with one wrong bin refused at its field
// and nothing booked, until the task is done. Screenshots of each screen,
// axe on the handheld screen, no sideways scroll at 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow, scan } from './rig.mjs';

before(() => start('--quiet')); // no order stream: the wave holds only this test's order
after(stop);

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const fixture = {}; // the order, its warehouse, the wave, the task


const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
const task = (id) => api('GET', `/v1/pick-tasks/${id}`);
const picked = (t) => t.lines.reduce((n, l) => n + l.picked, 0);

test('an admin releases a wave of a released order from the wave form', async () => {
  // A cash-on-delivery order to the US releases at once once the US takes COD.
  const stocked = (await api('GET', '/v1/stock/balances?limit=200')).items.filter((b) => b.available >= 10);
  const skus = [...new Set(stocked.map((b) => b.sku))].slice(0, 2);
  const settings = await api('GET', '/v1/settings');
  const addUS = !settings.cod_countries.includes('US');
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: [...settings.cod_countries, 'US'] });
  const order = await api('POST', '/v1/orders', {
    channel: 'web', external_ref: `pick-${Date.now()}`, payment_method: 'cod', currency: 'USD',
    customer: { name: 'Grace Hopper', email: 'grace@example.com', phone: '+1 650-253-0000' },
    shipping_address: { line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postal_code: '94043', country: 'US' },
    lines: [{ sku: skus[0], quantity: 2 }, { sku: skus[1], quantity: 1 }],
  });
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: settings.cod_countries });
  let fuls = [];
  for (let i = 0; i < 40 && !fuls.length; i++) {
    fuls = (await api('GET', `/v1/fulfilments?order_id=${order.id}`)).items;
    if (!fuls.length) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(fuls.length >= 1, `order ${order.number} was released`);
  fixture.order = order;
  fixture.warehouse = fuls[0].warehouse;

  const { context, page } = await as('admin');
  await page.goto(rig.base + `/waves?warehouse=${fixture.warehouse}`);
  assert.equal(await page.inputValue('#warehouse'), fixture.warehouse);
  await page.selectOption('#strategy', 'order');
  await page.fill('#max_orders', '10');
  await shot(page, 'waves-form');
  await Promise.all([page.waitForURL(/\/waves\/wav_\w+\?done=wave_released$/), page.click('form.wave-form button[type=submit]')]);
  fixture.wave = page.url().match(/wav_\w+/)[0];
  assert.match(await page.textContent('.notice'), /The wave is released/);
  assert.match(await page.textContent('main'), /m planned; .* m if each fulfilment were walked alone/);
  const wave = await api('GET', `/v1/waves/${fixture.wave}`);
  assert.ok(wave.tasks.length >= 1);
  assert.equal(await page.locator('table.wave-tasks tbody tr').count(), wave.tasks.length, 'a row per task');
  await shot(page, 'wave');
  await context.close();
});

test('a picker claims the next task on a phone and walks every stop by scanning', async () => {
  const { context, page } = await as('warehouse', phone);
  await page.goto(rig.base + '/pick');
  await page.selectOption('#warehouse', fixture.warehouse);
  await narrow(page, '/pick');
  await shot(page, 'pick-start-phone');
  await Promise.all([page.waitForURL(/\/pick\/ptk_\w+$/), page.click('button.pick-go')]);
  fixture.task = page.url().match(/ptk_\w+/)[0];
  const stops = (await task(fixture.task)).lines.length;
  assert.equal(await page.textContent('h1'), `Stop 1 of ${stops}`);
  await narrow(page, '/pick/{id}');
  await shot(page, 'pick-stop-phone');

  // A wrong bin: refused at the field, which keeps the focus; nothing booked.
  assert.equal(await focused(page), 'bin', 'the bin field waits for the scan');
  await scan(page, 'Z-99-99-9', '#bin-error');
  assert.match(await page.textContent('#bin-error'), /Wrong bin: you scanned Z-99-99-9; this stop is bin /);
  assert.equal(await focused(page), 'bin');
  assert.equal(await page.getAttribute('#bin', 'aria-invalid'), 'true');
  assert.equal(picked(await task(fixture.task)), 0, 'nothing booked');
  await narrow(page, '/pick/{id} wrong bin');
  await shot(page, 'pick-wrong-bin-phone');
  await axeHandheld(fixture.task);
  await noScript(fixture.task, (await page.textContent('.pick-bin strong')).trim());

  const totes = {}; // cart position -> the tote scanned into it
  for (let n = 1; ; n++) {
    assert.equal(await page.textContent('h1'), `Stop ${(await task(fixture.task)).next.seq} of ${stops}`);
    const bin = (await page.textContent('.pick-bin strong')).trim();
    const sku = (await page.textContent('.pick-item code')).trim();
    const position = Number((await page.textContent('.pick-tote')).match(/Cart position (\d+)/)[1]);
    const before = picked(await task(fixture.task));
    assert.equal(await focused(page), 'bin');
    await scan(page, bin, '#item');
    assert.equal(await focused(page), 'item');
    await scan(page, sku, '#quantity');
    assert.equal(await focused(page), 'quantity');
    const left = await page.inputValue('#quantity');
    assert.ok(Number(left) >= 1, 'pre-filled with what is left');
    if (n === 1) await shot(page, 'pick-quantity-phone');
    await scan(page, left, '#tote'); // typed over the pre-filled value, which is selected
    assert.equal(await focused(page), 'tote');
    assert.equal(picked(await task(fixture.task)), before, 'nothing booked before the tote');
    if (n === 1) {
      await narrow(page, '/pick/{id} tote step');
      await shot(page, 'pick-tote-phone');
    }
    totes[position] = totes[position] || `T-${Date.now() % 100000}-${position}`;
    await scan(page, totes[position], '#bin, .pick-finished');
    assert.equal(picked(await task(fixture.task)), before + Number(left), `stop ${n} booked`);
    if (await page.locator('.pick-finished').count()) break;
    assert.match(await page.textContent('.notice'), /Booked/);
    assert.ok(n < 50, 'the walk ends');
  }
  assert.equal(await page.textContent('h1'), 'Task done');
  const done = await task(fixture.task);
  assert.equal(done.status, 'done');
  assert.equal(picked(done), done.lines.reduce((n, l) => n + l.quantity, 0), 'every unit picked');
  assert.ok(await page.locator('form[action="/pick/claim"] button').isVisible(), 'claim next');
  await narrow(page, '/pick/{id} done');
  await shot(page, 'pick-done-phone');
  await context.close();
});

// axeHandheld runs axe on the task screen at a stop, and with a wrong bin
// refused, in a second session of the same picker.
async function axeHandheld(id) {
  const { context, page } = await as('warehouse', { ...phone, bypassCSP: true }); // only to inject axe
  await page.goto(rig.base + `/pick/${id}`);
  await axeCheck(page, '/pick/{id}');
  await scan(page, 'NOT-A-BIN', '#bin-error');
  await axeCheck(page, '/pick/{id} wrong bin');
  await context.close();
}

// noScript walks the first steps of a stop with script off: the field has
// the focus and Enter sends it all the same (nothing is booked before the
// tote, so the walk that follows is not disturbed).
async function noScript(id, bin) {
  const { context, page } = await as('warehouse', { ...phone, javaScriptEnabled: false });
  await page.goto(rig.base + `/pick/${id}`);
  await scan(page, 'NOT-A-BIN', '#bin-error');
  assert.match(await page.textContent('#bin-error'), /you scanned NOT-A-BIN/);
  await scan(page, bin, '#item');
  assert.equal(await page.getAttribute('input[name=bin][type=hidden]', 'value'), bin, 'the bin rides along hidden');
  await context.close();
}

test('the other floor screens have no serious accessibility violations', async () => {
  const { context, page } = await as('warehouse', { ...phone, bypassCSP: true }); // only to inject axe
  await page.goto(rig.base + '/pick');
  await axeCheck(page, '/pick');
  await page.goto(rig.base + `/pick/${fixture.task}`);
  await axeCheck(page, '/pick/{id} done');
  await page.goto(rig.base + `/waves/${fixture.wave}`);
  await axeCheck(page, '/waves/{id}');
  await narrow(page, '/waves/{id}');
  await page.goto(rig.base + '/putaways');
  await axeCheck(page, '/putaways');
  await narrow(page, '/putaways');
  await shot(page, 'putaways-phone');
  await context.close();
});
