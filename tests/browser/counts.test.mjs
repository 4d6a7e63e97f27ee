// Cycle counts in a real browser, on a 360 x 740 phone: counts opened by
// hand through the API and by the ABC schedule from the list's form; the
// warehouse person claims one and counts it blind (the expected quantity
// is never on the page), scanning the bin first (a wrong bin refused at
// its field, nothing recorded), then each item and how many; a count far
// off asks for a recount that the first counter may not claim; an admin
// recounts, approves, and the ledger follows with the reason; a count is
// cancelled without booking. The API is read after each step to check the
// ledger says what the screen said. axe, no sideways scroll, screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow, scan, shortHeader } from './rig.mjs';


const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const wh = 'US-EWR1';
// Two bins of this test alone (a fresh demo database each run), each with
// one product of its own in a quantity no other number on the page has.
const fx = { near: { bin: 'T-01-01-1', sku: 'BT-CNT-1', qty: 37 }, far: { bin: 'T-01-02-1', sku: 'BT-CNT-2', qty: 43 } };

const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
const count = (id) => api('GET', `/v1/counts/${id}`);
const onHand = async (bin, sku) =>
  (await api('GET', `/v1/stock/bins?warehouse=${wh}&bin=${bin}&sku=${sku}`)).items.reduce((n, b) => n + b.on_hand, 0);
const entries = async (sku) => (await api('GET', `/v1/stock/entries?warehouse=${wh}&sku=${sku}&limit=50`)).items;
const openCounts = async () => {
  const r = await api('GET', `/v1/counts?warehouse=${wh}&status=open&limit=200`);
  return Array.isArray(r) ? r : r.items;
};
const open = async (bin) => {
  const r = await api('POST', '/v1/counts', { warehouse: wh, bins: [bin] });
  const tasks = Array.isArray(r) ? r : r.tasks || r.items;
  assert.equal(tasks.length, 1);
  return tasks[0].id;
};

before(async () => {
  await start('--quiet');
  await api('POST', `/v1/warehouses/${wh}/bins`, { bins: [{ code: fx.near.bin, x: 40, y: 1 }, { code: fx.far.bin, x: 40, y: 3 }] });
  for (const f of [fx.near, fx.far]) {
    await api('POST', '/v1/products', {
      sku: f.sku, name: `Counted widget ${f.sku}`, category: 'apparel', weight_g: 100, length_mm: 100, width_mm: 100,
      height_mm: 10, price_minor: 500, currency: 'USD',
    });
    await api('POST', '/v1/stock/receipts', { warehouse: wh, bin: f.bin, sku: f.sku, quantity: f.qty, reference: 'PO-COUNT' });
  }
});
after(stop);

// blind fails when the page shows the ledger's quantity, or the words of
// the admin's variance table, to the counter.
async function blind(page, qty, name) {
  const text = await page.textContent('body');
  assert.ok(!new RegExp(`\\b${qty}\\b`).test(text), `${name}: the expected ${qty} is not shown`);
  assert.doesNotMatch(text, /Expected|Variance/, `${name}: no variance table`);
}

// claim opens the count from the list on the phone and claims it.
async function claim(page, id, bin) {
  await page.goto(rig.base + `/counts?warehouse=${wh}`);
  await Promise.all([page.waitForURL(new RegExp(`/counts/${id}$`)), page.click(`a[href="/counts/${id}"]`)]);
  assert.match(await page.textContent('.pick-bin strong'), new RegExp(bin));
  await Promise.all([page.waitForURL(/\?done=count_claimed$/), page.click('button.pick-go')]);
  assert.match(await page.textContent('.notice'), /The count is yours/);
}

// countBin scans the bin, then each [sku, quantity] line (Enter after the
// quantity adds it), and submits the bin as done.
async function countBin(page, bin, lines) {
  assert.equal(await focused(page), 'bin', 'the bin field waits for the scan');
  await scan(page, bin, '#item');
  for (const [sku, qty] of lines) {
    assert.equal(await focused(page), 'item');
    await scan(page, sku);
    assert.equal(await focused(page), 'quantity', 'Enter after the item moves to the quantity');
    await scan(page, String(qty), `li:has-text("${sku}")`);
  }
  await Promise.all([page.waitForURL(/\?done=count_(submitted|recount)$/), page.click('button.count-submit')]);
}

test('the list shows a count opened by hand, and the schedule form opens due counts', async () => {
  const id = await open(fx.near.bin);
  fx.near.id = id;
  const { context, page } = await as('warehouse', { ...phone, bypassCSP: true }); // only to inject axe
  await page.goto(rig.base + `/counts?warehouse=${wh}`);
  const row = page.locator('tbody tr', { has: page.locator(`a[href="/counts/${id}"]`) });
  assert.match(await row.textContent(), /T-01-01-1[\s\S]*US-EWR1[\s\S]*by hand/);
  await axeCheck(page, '/counts');
  await narrow(page, '/counts');
  await shortHeader(page, '/counts');
  await shot(page, 'counts-phone');

  // The ABC schedule: a bad number refused at its field, then the most overdue bins opened.
  const opened = await openCounts();
  await page.selectOption('#schedule\\.warehouse', wh);
  await page.fill('#schedule\\.count', '0');
  await Promise.all([page.waitForSelector('#schedule\\.count-error'), page.click('form[action="/counts/schedule"] button')]);
  assert.equal(await page.getAttribute('#schedule\\.count', 'aria-invalid'), 'true');
  const after0 = await openCounts();
  assert.equal(after0.length, opened.length, 'nothing opened');
  await page.fill('#schedule\\.count', '2');
  await Promise.all([page.waitForURL(/done=counts_scheduled$/), page.click('form[action="/counts/schedule"] button')]);
  const scheduled = (await openCounts()).filter((t) => t.reason === 'schedule');
  assert.equal(scheduled.length, 2, 'two scheduled counts');
  for (const t of scheduled) {
    const r = page.locator('tbody tr', { has: page.locator(`a[href="/counts/${t.id}"]`) });
    assert.match(await r.textContent(), /schedule/);
    await api('POST', `/v1/counts/${t.id}/cancel`, {}); // they block nothing here, but keep the list short
  }
  await narrow(page, '/counts scheduled');
  await context.close();
});

test('a counter counts a bin blind on the phone, scanning the bin first; an admin approves', async () => {
  const { id, bin, sku, qty } = fx.near;
  const { context, page } = await as('warehouse', { ...phone, bypassCSP: true }); // only to inject axe
  await claim(page, id, bin);
  assert.equal((await count(id)).status, 'claimed');
  await blind(page, qty, 'claimed');
  await axeCheck(page, '/counts/{id} bin step');
  await narrow(page, '/counts/{id}');
  await shortHeader(page, '/counts/{id}');
  await shot(page, 'count-bin-phone');

  // A wrong bin: refused at its field, which keeps the focus; nothing recorded.
  await scan(page, fx.far.bin, '#bin-error');
  assert.equal(await page.textContent('#bin-error'), `Wrong bin: you scanned ${fx.far.bin}; this count is bin ${bin}.`);
  assert.equal(await focused(page), 'bin');
  assert.equal(await page.getAttribute('#bin', 'aria-invalid'), 'true');
  assert.equal(await page.locator('#item').count(), 0, 'no item field before the right bin');
  assert.equal((await count(id)).status, 'claimed', 'nothing recorded');
  await axeCheck(page, '/counts/{id} wrong bin');
  await narrow(page, '/counts/{id} wrong bin');
  await shot(page, 'count-wrong-bin-phone');

  // The right bin (typed over the wrong one, which is selected), then the item and how many.
  await scan(page, bin, '#item');
  assert.equal(await page.locator('#bin-error').count(), 0);
  await blind(page, qty, 'item step');
  await axeCheck(page, '/counts/{id} item step');
  await scan(page, 'NOT-A-SKU');
  assert.equal(await focused(page), 'quantity', 'Enter after a scan moves on; the item is checked with its quantity');
  await scan(page, '5', '#item-error');
  assert.match(await page.textContent('#item-error'), /NOT-A-SKU is not in the catalogue/);
  assert.equal(await focused(page), 'item', 'back at the wrong field');
  assert.equal(await page.locator('.count-lines li').count(), 0, 'no line added');
  await page.fill('#item', ''); // the scanner types over it
  await scan(page, sku);
  assert.equal(await focused(page), 'quantity');
  await scan(page, '36', `li:has-text("${sku}")`);
  assert.match(await page.textContent('.count-lines'), /36 units in 1 line(?!s)/);
  assert.equal(await focused(page), 'item', 'ready for the next item');
  await narrow(page, '/counts/{id} a line');
  await shot(page, 'count-line-phone');
  await blind(page, qty, 'a line');
  assert.equal((await count(id)).status, 'claimed', 'nothing recorded before the bin is submitted');
  assert.equal(await onHand(bin, sku), qty);

  await Promise.all([page.waitForURL(/\?done=count_submitted$/), page.click('button.count-submit')]);
  assert.match(await page.textContent('.notice'), /Submitted/);
  assert.match(await page.textContent('main'), /Counted; waiting for an admin to approve it/);
  await blind(page, qty, 'submitted');
  const counted = await count(id);
  assert.equal(counted.status, 'counted');
  assert.equal(counted.recount_task, undefined, 'one unit off is within the threshold: no recount');
  assert.equal(await onHand(bin, sku), qty, 'nothing booked before the approval');
  await shot(page, 'count-submitted-phone');
  await context.close();

  // The admin sees the variance and approves; the ledger follows.
  const admin = await as('admin', { ...phone, bypassCSP: true });
  await admin.page.goto(rig.base + `/counts/${id}`);
  const row = admin.page.locator('table.count-table tbody tr', { hasText: sku });
  assert.deepEqual((await row.locator('td').allTextContents()).map((t) => t.trim()), [sku, String(qty), '0', String(qty), '36', '-1']);
  await axeCheck(admin.page, '/counts/{id} counted, admin');
  await narrow(admin.page, '/counts/{id} counted, admin');
  await shortHeader(admin.page, '/counts/{id} as admin');
  await shot(admin.page, 'count-approve-phone');
  await Promise.all([admin.page.waitForURL(/\?done=count_approved$/), admin.page.click(`form[action="/counts/${id}/approve"] button`)]);
  assert.match(await admin.page.textContent('.notice'), /Approved: the ledger follows the count/);
  const approved = await count(id);
  assert.equal(approved.status, 'approved');
  assert.ok(approved.movement, 'the approval booked a movement');
  assert.match(await admin.page.textContent('main'), new RegExp(`Ledger movement ${approved.movement}`));
  assert.equal(await onHand(bin, sku), 36, 'on hand follows the count');
  const entry = (await entries(sku)).find((e) => e.movement_id === approved.movement);
  assert.ok(entry, 'the count movement is in the ledger');
  assert.equal(entry.on_hand_delta, -1);
  assert.equal(entry.bin, bin);
  assert.equal(entry.reference, id, 'the entry names the count');
  if ('reason' in entry) assert.equal(entry.reason, 'cycle_count');
  // The stock pages say the same.
  await admin.page.goto(rig.base + `/stock/bins?warehouse=${wh}&sku=${sku}`);
  assert.match(await admin.page.textContent(`tbody tr:has-text("${bin}")`), /\b36\b/);
  await admin.page.goto(rig.base + `/stock/ledger?warehouse=${wh}&sku=${sku}`);
  const ledger = admin.page.locator('tbody tr').first();
  assert.match(await ledger.textContent(), /-1/);
  assert.match(await ledger.textContent(), new RegExp(id));
  await narrow(admin.page, '/stock/ledger after a count');
  await shot(admin.page, 'count-ledger-phone');
  await admin.context.close();
});

test('a count far off opens a recount the first counter may not claim; the admin recounts', async () => {
  const { bin, sku, qty } = fx.far;
  const id = await open(bin);
  const { context, page } = await as('warehouse', phone);
  await claim(page, id, bin);
  await countBin(page, bin, [[sku, 30]]);
  assert.match(await page.textContent('.notice'), /The bin will be counted again by someone else/);
  await blind(page, qty, 'far off');
  const first = await count(id);
  assert.equal(first.status, 'counted');
  assert.ok(first.recount_task, 'a recount is open');
  assert.equal(await onHand(bin, sku), qty, 'nothing booked');
  const recount = await count(first.recount_task);
  assert.deepEqual([recount.status, recount.recount, recount.recount_of], ['open', true, id]);
  await shot(page, 'count-recount-phone');

  // The first counter may not count it again.
  await page.goto(rig.base + `/counts/${recount.id}`);
  assert.match(await page.textContent('main'), /Recount: this bin was counted once and was far off/);
  assert.match(await page.textContent('main'), /You counted this bin first: someone else counts it again/);
  assert.equal(await page.locator('button.pick-go').count(), 0, 'no claim button for the first counter');
  assert.equal((await count(recount.id)).status, 'open', 'still open');
  await narrow(page, '/counts/{id} recount refused');
  await shot(page, 'count-recount-refused-phone');
  await context.close();

  // The admin recounts (another person), finds 42, and approves the recount.
  const admin = await as('admin', phone);
  await claim(admin.page, recount.id, bin);
  await blind(admin.page, qty, 'admin recounting');
  await countBin(admin.page, bin, [[sku, 42]]);
  assert.equal((await count(recount.id)).status, 'counted');
  await Promise.all([admin.page.waitForURL(/\?done=count_approved$/), admin.page.click(`form[action="/counts/${recount.id}/approve"] button`)]);
  const approved = await count(recount.id);
  assert.equal(approved.status, 'approved');
  assert.equal(await onHand(bin, sku), 42);
  const entry = (await entries(sku)).find((e) => e.movement_id === approved.movement);
  assert.equal(entry.on_hand_delta, -1);
  assert.equal(entry.reference, recount.id);
  await admin.context.close();
});

test('an admin cancels a count: nothing is booked', async () => {
  const { bin, sku } = fx.near;
  const before = await onHand(bin, sku);
  const ledger = (await entries(sku)).length;
  const id = await open(bin);
  const { context, page } = await as('warehouse', phone);
  await claim(page, id, bin);
  await countBin(page, bin, [[sku, 1]]);
  await context.close();
  const admin = await as('admin', { ...phone, bypassCSP: true });
  await admin.page.goto(rig.base + `/counts/${id}`);
  await Promise.all([admin.page.waitForURL(/\?done=count_cancelled$/), admin.page.click(`form[action="/counts/${id}/cancel"] button`)]);
  assert.match(await admin.page.textContent('main'), /Cancelled; nothing was booked/);
  assert.equal((await count(id)).status, 'cancelled');
  const recount = (await count(id)).recount_task;
  if (recount) assert.equal((await count(recount)).status, 'cancelled', 'its recount too');
  assert.equal(await onHand(bin, sku), before, 'on hand unchanged');
  assert.equal((await entries(sku)).length, ledger, 'no ledger entry');
  await axeCheck(admin.page, '/counts/{id} cancelled');
  await narrow(admin.page, '/counts/{id} cancelled');
  await shot(admin.page, 'count-cancelled-phone');
  await admin.context.close();
});
