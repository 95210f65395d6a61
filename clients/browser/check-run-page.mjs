#!/usr/bin/env node
// Opens a run's page in the Temporal Web UI with headless Chromium, as a person would: the run's
// page, then its "User Metadata" tab. Prints what the page shows there as JSON on stdout — the
// summary, the static details and the current details with their step table — and saves a
// screenshot. TemporalUiTest compares the JSON with the run's progress query.
//
//   node check-run-page.mjs --ui http://127.0.0.1:8233 --workflow-id ID --run-id RUN \
//       --screenshot page.png [--namespace default] [--chromium /usr/bin/chromium] [--timeout 60]
//
// Chromium is Debian's (never a downloaded build), started with a fresh profile directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opts } = parseArgs({
  options: {
    ui: { type: 'string' },
    namespace: { type: 'string', default: 'default' },
    'workflow-id': { type: 'string' },
    'run-id': { type: 'string' },
    screenshot: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    timeout: { type: 'string', default: '60' },
  },
});
for (const required of ['ui', 'workflow-id', 'run-id', 'screenshot']) {
  if (!opts[required]) {
    console.error(`check-run-page: --${required} is required`);
    process.exit(2);
  }
}
const timeout = Number(opts.timeout) * 1000;
const FRAMES = {
  summary: '#user-metadata-summary',
  details: '#user-metadata-details',
  currentDetails: '#user-metadata-current-details',
};

const profile = mkdtempSync(join(tmpdir(), 'skein-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: opts.chromium,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1400, height: 860 },
  timeout,
});
let page;
try {
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(timeout);
  const runPage =
    `${opts.ui}/namespaces/${encodeURIComponent(opts.namespace)}/workflows/` +
    `${encodeURIComponent(opts['workflow-id'])}/${encodeURIComponent(opts['run-id'])}`;
  await page.goto(runPage, { waitUntil: 'domcontentloaded' });
  // The tab is a link to the run's user-metadata page.
  await page.locator('a[href*="/user-metadata"]', { hasText: 'User Metadata' }).click();
  await page.waitForURL(/\/user-metadata/);

  const shown = {};
  for (const [key, selector] of Object.entries(FRAMES)) {
    const frame = page.frameLocator(selector);
    await frame.locator('main').waitFor();
    const text = await frame.locator('main').innerText();
    shown[key] = { text: text.replace(/\n\s*\n/g, '\n').trim() };
  }
  // The current details come from a query the worker answers; the table is there once it has.
  const current = page.frameLocator(FRAMES.currentDetails);
  await current.locator('table tbody tr').first().waitFor();
  shown.currentDetails.rows = await current
    .locator('table tbody tr')
    .evaluateAll((rows) =>
      rows.map((tr) => {
        const [step, status, attempts] = [...tr.querySelectorAll('td')].map((td) => td.innerText.trim());
        return { step, status, attempts };
      }),
    );
  shown.title = await page.title();
  shown.url = page.url();
  // Let the iframes settle to their content's height before the picture.
  await page.waitForTimeout(500);
  await page.screenshot({ path: opts.screenshot });
  console.log(JSON.stringify(shown, null, 2));
} catch (e) {
  console.error(`check-run-page: ${e.message}`);
  if (page) {
    await page.screenshot({ path: opts.screenshot }).catch(() => {});
    console.error(`check-run-page: the page showed (screenshot ${opts.screenshot}):\n` +
      (await page.locator('body').innerText().catch(() => '(nothing)')).slice(0, 4000));
  }
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
