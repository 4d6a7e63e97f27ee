// The administration pages in a real browser: an administrator edits a
// product's price (a bad value refused at its field, then a good one),
// creates a risk rule, adds a person and sees their set-up link; every
// page is screenshot and checked with axe-core; one at 360 px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, api, shot, axeCheck, narrow } from './rig.mjs';

before(() => start());
after(stop);

const sku = 'WB-APP-0001';

test('an administrator edits a product price: a bad value at its field, then a good one', async () => {
  const { context, page } = await as('admin');
  await page.goto(rig.base + '/products?q=');
  await page.click(`a:text("${sku}")`);
  await page.waitForSelector('#price_minor');
  await page.fill('#price_minor', 'twelve');
  await page.click('form.card button[type=submit]');
  await page.waitForSelector('#price_minor-error');
  assert.equal(await page.getAttribute('#price_minor', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#price_minor'), 'twelve', 'what was typed is kept');
  await shot(page, 'admin-product-error');
  await page.fill('#price_minor', '1234');
  await page.click('form.card button[type=submit]');
  await page.waitForSelector('.notice');
  assert.equal((await api('GET', `/v1/products/${sku}`)).price_minor, 1234);
  await shot(page, 'admin-product');
  await context.close();
});

test('an administrator creates a risk rule', async () => {
  const { context, page } = await as('admin');
  await page.goto(rig.base + '/risk-rules');
  await page.click('a[href="/risk-rules/new"]');
  await page.fill('#name', 'Browser big orders');
  await page.selectOption('#kind', 'high_value');
  await page.fill('#weight', '30');
  await page.selectOption('#action', 'hold');
  await page.fill('#params', '{"currency": "USD", "max_total_minor": 500000}');
  await page.click('form.card button[type=submit]');
  await page.waitForSelector('.notice');
  const rules = await api('GET', '/v1/risk-rules?limit=500');
  assert.ok(rules.items.some((r) => r.name === 'Browser big orders' && r.weight === 30), 'stored');
  await shot(page, 'admin-risk-rule-created');
  await context.close();
});

test('an administrator adds a person and sees the set-up link once', async () => {
  const { context, page } = await as('admin');
  await page.goto(rig.base + '/people');
  await page.fill('#email', 'browser.person@example.com');
  await page.fill('#name', 'Browser Person');
  await page.selectOption('#role', 'finance');
  await page.click('form.card button[type=submit]');
  const link = await page.textContent('#setup-link');
  assert.match(link, new RegExp('^' + rig.base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '/setup\\?token='));
  await shot(page, 'admin-person-created');
  await page.goto(rig.base + '/people');
  assert.equal(await page.locator('#setup-link').count(), 0, 'not shown again');
  const other = await rig.browser.newContext();
  const setup = await other.newPage();
  await setup.goto(link);
  assert.match(await setup.textContent('main'), /Browser Person/);
  await other.close();
  await context.close();
});

test('every administration page: a screenshot and no serious accessibility violation', async () => {
  const wh = (await api('GET', '/v1/warehouses?limit=1')).items[0].code;
  const bin = (await api('GET', `/v1/warehouses/${wh}/bins?limit=1`)).items[0].code;
  const product = await api('GET', `/v1/products/${sku}`);
  const rule = (await api('GET', '/v1/risk-rules?limit=1')).items[0];
  const people = await api('GET', '/v1/people');
  const key = (await api('GET', '/v1/api-keys'))[0];
  const pages = {
    products: '/products', product: `/products/${product.id}`, warehouses: '/warehouses', warehouse: `/warehouses/${wh}`,
    bin: `/warehouses/${wh}/bins/${bin}`, 'risk-rules': '/risk-rules', 'risk-rule-new': '/risk-rules/new',
    'risk-settings': '/risk-settings', 'shortage-policies': `/shortage-policies?sku=${sku}`, settings: '/settings',
    people: '/people', person: `/people/${people.items[0].id}`, 'api-keys': '/api-keys', 'api-key-revoke': `/api-keys/${key.id}/revoke`,
  };
  if (rule) {
    pages['risk-rule'] = `/risk-rules/${rule.id}`;
    pages['risk-rule-delete'] = `/risk-rules/${rule.id}/delete`;
  }
  const { context, page } = await as('admin', { bypassCSP: true }); // only to inject axe
  for (const [name, path] of Object.entries(pages)) {
    const r = await page.goto(rig.base + path);
    assert.equal(r.status(), 200, path);
    await shot(page, `admin-${name}`);
    await axeCheck(page, path);
  }
  // A form's errors are accessible too.
  await page.goto(rig.base + '/api-keys');
  await page.click('form.card button[type=submit]');
  await page.waitForSelector('#name-error');
  await axeCheck(page, '/api-keys with an error');
  await shot(page, 'admin-api-keys-error');
  await context.close();
});

test('the administration pages fit a 360 px screen', async () => {
  const { context, page } = await as('admin', { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  for (const path of ['/products', `/products/${sku}`, '/people', '/api-keys', '/settings', '/risk-rules/new']) {
    await page.goto(rig.base + path);
    await narrow(page, path);
  }
  await page.goto(rig.base + '/people');
  await shot(page, 'admin-people-phone');
  await context.close();
});
