// The review queue in a real browser: an order whose customer wrote a
// note is held for a person (made through the public API), a reviewer
// (customer service) finds it in the queue, opens it, claims it and
// approves it, and the order goes on. Screenshots of the queue and the
// task; axe on both; both readable at 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot } from './rig.mjs';
import { queueScreens } from './queue.mjs';

before(() => start());
after(stop);

// heldTask places a cash-on-delivery order with a customer's note (COD in
// the US is confirmed at once once the settings allow it, so review runs
// at once) and waits for its review task.
async function heldTask(ref, note) {
  const settings = await api('GET', '/v1/settings');
  const cod = settings.cod_countries.includes('US') ? settings.cod_countries : [...settings.cod_countries, 'US'];
  await api('PATCH', '/v1/settings', { cod_countries: cod, hold_on_customer_note: true });
  const order = await api('POST', '/v1/orders', {
    channel: 'web', external_ref: ref, payment_method: 'cod', currency: 'USD',
    customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 650-253-0000' },
    shipping_address: { name: 'Ada Lovelace', line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postal_code: '94043', country: 'US' },
    special_requests: { note },
    lines: [{ sku: 'WB-APP-0001', quantity: 1 }],
  });
  for (let i = 0; i < 100; i++) {
    const page = await api('GET', `/v1/review-tasks?order_id=${order.id}`);
    if (page.items.length > 0) return { order, task: page.items[0] };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no review task for ${order.number}`);
}

test('a reviewer claims a held order from the queue and approves it', async () => {
  const { order, task } = await heldTask(`review-${Date.now()}`, 'Please leave it with the porter');
  assert.equal(task.kind, 'special_request');
  const { context, page } = await as('customer_service');
  await page.click('nav a[href="/review"]');
  await page.waitForURL(rig.base + '/review');
  assert.equal(await page.textContent('h1'), 'Review queue');
  const row = page.locator('tr', { hasText: order.number });
  await row.waitFor();
  assert.match(await row.textContent(), /special request/);
  assert.match(await row.textContent(), /the customer wrote: Please leave it with the porter/);
  assert.equal(await row.locator(`a[href="/orders/${order.id}"]`).count(), 1, 'the order number links to the order');
  await shot(page, 'review-queue');

  await row.locator(`a[href="/review/${task.id}"]`).click();
  await page.waitForURL(`${rig.base}/review/${task.id}`);
  assert.match(await page.textContent('main'), /Please leave it with the porter/);
  await page.getByRole('button', { name: 'Claim this task' }).click();
  await page.waitForURL(/done=review_claimed/);
  assert.match(await page.textContent('.notice'), /The task is yours now/);
  await shot(page, 'review-task');

  await page.fill('[id="approve.note"]', 'porter confirmed by phone');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.waitForURL(rig.base + '/review?done=review_approve');
  assert.match(await page.textContent('.notice'), /Approved: the order goes on/);
  assert.equal(await page.locator(`a[href="/review/${task.id}"]`).count(), 0, 'done tasks leave the queue');
  const after = await api('GET', `/v1/review-tasks/${task.id}`);
  assert.equal(after.status, 'done');
  assert.equal(after.outcome, 'approve');
  assert.notEqual((await api('GET', `/v1/orders/${order.id}`)).status, 'on_hold');
  await context.close();
});

test('a bad ZIP is shown at its field with what was typed kept', async () => {
  const { task } = await heldTask(`review-zip-${Date.now()}`, 'Check the address');
  const { context, page } = await as('customer_service');
  await page.goto(`${rig.base}/review/${task.id}`);
  await page.getByRole('button', { name: 'Claim this task' }).click();
  await page.waitForURL(/done=review_claimed/);
  await page.fill('[id="address.postal_code"]', 'ABCDE');
  await page.getByRole('button', { name: 'Save the address and approve' }).click();
  await page.waitForSelector('[id="address.postal_code-error"]');
  assert.equal(await page.getAttribute('[id="address.postal_code"]', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('[id="address.postal_code"]'), 'ABCDE');
  await shot(page, 'review-task-error');
  await context.close();
});

test('the queue and the task have no serious accessibility violations and fit 360 px', async () => {
  const { task } = await heldTask(`review-a11y-${Date.now()}`, 'Gift for my aunt, no invoice in the box please');
  await queueScreens({ path: '/review', id: task.id, claim: 'Claim this task', notice: 'review_claimed',
    shots: ['review-queue-phone', 'review-task-phone'] });
});
