// The warehouse layout page in a real browser: an administrator reads the
// Frankfurt hub's two-block layout, a warehouse person on a phone reads
// Newark's, and a layout with an aisle longer than allowed is refused at
// the field with what was typed kept. Screenshots and axe on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, start, stop, as, shot, axeCheck, narrow } from './rig.mjs';

before(() => start('--quiet'));
after(stop);

test('an administrator reads a two-block layout and a bad one is refused at its field', async () => {
  const { context, page } = await as('admin', { bypassCSP: true });
  const res = await page.goto(rig.base + '/warehouses/DE-FRA1/layout');
  assert.equal(res.status(), 200);
  assert.match(await page.textContent('main'), /\bB\b/, 'the second block is listed');
  await shot(page, 'layout');
  await axeCheck(page, '/warehouses/DE-FRA1/layout');

  const layout = JSON.parse(await page.inputValue('#layout'));
  layout.aisles[0].length = -5;
  const typed = JSON.stringify(layout, null, 2);
  await page.fill('#layout', typed);
  await page.click('form[action$="/layout"] button[type=submit]');
  await page.waitForSelector('#layout-error');
  assert.equal(await page.getAttribute('#layout', 'aria-invalid'), 'true');
  assert.match(await page.textContent('main'), /aisles\[0\]\.length/);
  assert.equal(await page.inputValue('#layout'), typed, 'what was typed is kept');
  await shot(page, 'layout-error');
  await axeCheck(page, '/warehouses/DE-FRA1/layout (refused)');
  await context.close();
});

test('a warehouse person reads a layout on a phone', async () => {
  const { context, page } = await as('warehouse', { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  const res = await page.goto(rig.base + '/warehouses/US-EWR1/layout');
  assert.equal(res.status(), 200);
  await narrow(page, '/warehouses/US-EWR1/layout');
  await shot(page, 'layout-phone');
  await context.close();
});
