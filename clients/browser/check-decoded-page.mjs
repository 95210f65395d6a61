#!/usr/bin/env node
// Opens a run's page in the Temporal Web UI with headless Chromium and waits until the page shows
// a given text: with payload encryption on, that happens only when the UI decodes the run's input
// and result through its codec endpoint (skein codec-server). Prints JSON on stdout: whether the
// text appeared, and whether the page showed an encrypted payload's encoding instead.
//
//   node check-decoded-page.mjs --ui http://127.0.0.1:8233 --workflow-id ID --run-id RUN \
//       --expect TEXT [--namespace default] [--chromium /usr/bin/chromium] [--timeout 60]
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
    expect: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    timeout: { type: 'string', default: '60' },
  },
});
for (const required of ['ui', 'workflow-id', 'run-id', 'expect']) {
  if (!opts[required]) {
    console.error(`check-decoded-page: --${required} is required`);
    process.exit(2);
  }
}
const timeout = Number(opts.timeout) * 1000;
const profile = mkdtempSync(join(tmpdir(), 'skein-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: opts.chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 1000 },
  timeout,
});
const codecCalls = [];
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(timeout);
  page.on('request', (r) => {
    if (/\/(decode|encode)$/.test(new URL(r.url()).pathname)) codecCalls.push(r.method());
  });
  const runPage =
    `${opts.ui}/namespaces/${encodeURIComponent(opts.namespace)}/workflows/` +
    `${encodeURIComponent(opts['workflow-id'])}/${encodeURIComponent(opts['run-id'])}/history`;
  await page.goto(runPage, { waitUntil: 'domcontentloaded' });
  let found = false;
  try {
    await page.waitForFunction((t) => document.body.innerText.includes(t), opts.expect, {
      timeout,
    });
    found = true;
  } catch (e) {
    found = false;
  }
  const text = await page.locator('body').innerText();
  console.log(JSON.stringify({
    found,
    encryptedShown: text.includes('binary/encrypted'),
    codecCalls,
    excerpt: text.slice(0, found ? 0 : 4000),
  }));
} catch (e) {
  console.error(`check-decoded-page: ${e.message}`);
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
