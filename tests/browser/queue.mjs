// The checks a work queue's screens share (the review tasks, the exception
// cases: internal/console/queue.go draws both): the queue and one item pass
// axe at desk width and fit a 360 px phone, and the item's page passes axe
// again once claimed, with the forms its holder gets.
import assert from 'node:assert/strict';
import { rig, as, shot, axeCheck, narrow } from './rig.mjs';

// queueScreens checks the queue at path and its item id as an admin:
// claim is the item's claim button, notice the done notice the claim
// leads to, shots the screenshots' names (queue, item) at phone width.
export async function queueScreens({ path, id, claim, notice, shots }) {
  for (const options of [{ bypassCSP: true }, { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true }]) {
    const { context, page } = await as('admin', options);
    for (const [i, p] of [path, `${path}/${id}`].entries()) {
      await page.goto(rig.base + p);
      if (options.bypassCSP) {
        await axeCheck(page, p);
      } else {
        await narrow(page, p);
        if (i === 0) {
          // An order number is read out on the phone: never broken over lines.
          const link = page.locator('tbody tr td:first-child a').first();
          const [box, line] = await link.evaluate((a) => {
            const text = document.createRange();
            text.selectNodeContents(a);
            return [text.getBoundingClientRect().height, parseFloat(getComputedStyle(a).lineHeight)];
          });
          assert.ok(box < line * 1.5, `${p}: the order number stays on one line (${box} px tall, lines of ${line} px)`);
        }
        await shot(page, shots[i]);
      }
    }
    if (options.bypassCSP) {
      await page.getByRole('button', { name: claim }).click();
      await page.waitForURL(new RegExp(`done=${notice}`));
      await axeCheck(page, `${path}/${id} claimed, with its holder's forms`);
    }
    await context.close();
  }
}
