// The live demo in a real browser: without placing anything, a newcomer
// signed in as customer service sees the storefront's orders on the
// orders page, more of them a moment later, some paid and some cash on
// delivery, some waiting for their payment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, shot, narrow } from './rig.mjs';

before(() => start('--order-every', '300ms'));
after(stop);

// rows counts the orders the orders page lists (one page at most).
async function rows(page) {
  await page.goto(rig.base + '/orders');
  return page.locator('tbody tr').count();
}

test('orders arrive by themselves and the orders page shows them', async () => {
  const { context, page } = await as('customer_service');
  let first = 0;
  for (let i = 0; i < 50 && first < 20; i++) {
    first = await rows(page);
    if (first < 20) await page.waitForTimeout(200);
  }
  assert.ok(first >= 20, `the burst is listed at once (${first} rows)`);
  const texts = await page.locator('tbody').innerText();
  assert.match(texts, /@example\.(com|net|org)/, 'customers are listed');
  // The list is newest first and holds one page: a new order is a new
  // first row, however many rows the page already shows.
  const top = async () => (await page.locator('tbody tr').first().locator('th, td').first().innerText()).trim();
  const newest = await top();
  let later = newest;
  for (let i = 0; i < 40 && later === newest; i++) {
    await page.waitForTimeout(250);
    await rows(page);
    later = await top();
  }
  assert.notEqual(later, newest, `more orders arrive (the newest was ${newest}, then ${later})`);
  // The gateway pays a few seconds after an order is placed.
  const want = ['paid', 'cash on delivery', 'awaiting payment'];
  let tags = [];
  for (let i = 0; i < 60 && !want.every((w) => tags.includes(w)); i++) {
    await page.waitForTimeout(250);
    await rows(page);
    tags = (await page.locator('tbody .tag').allInnerTexts()).map((t) => t.trim());
  }
  for (const w of want) assert.ok(tags.includes(w), `some orders show "${w}": ${[...new Set(tags)]}`);
  await shot(page, 'demolive-orders');
  await page.setViewportSize({ width: 360, height: 640 });
  await narrow(page, 'live orders');
  await shot(page, 'demolive-orders-phone');
  await context.close();
});
