// Screenshots of the whole studio and of each panel into test-output/screenshots/ (looked at by people, and
// a check that every panel renders with a real size).
import { expect, test } from '@playwright/test';
import { Studio } from './pages/studio';

test('screenshots of the studio and each panel', async ({ page }) => {
  const app = new Studio(page);
  await app.open();
  await page.getByTestId('draw.test-image').click();
  await expect(app.draw.prediction).toHaveAttribute('data-digit', /^[0-9]$/);
  await page.screenshot({ path: 'test-output/screenshots/studio.png' });
  for (const id of ['draw', 'maps', 'filters', 'train']) {
    const panel = page.getByTestId(`panel.${id}`);
    await expect(panel).toBeVisible();
    const box = (await panel.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(250);
    await app.screenshotPanel(id, `panel-${id}.png`);
  }
});
