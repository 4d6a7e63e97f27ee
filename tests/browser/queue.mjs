// The checks a work queue's screens share (the review tasks, the exception
// cases: internal/console/queue.go draws both): the queue and one item pass
// axe at desk width and fit a 360 px phone, and the item's page passes axe
// again once claimed, with the forms its holder gets.
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
