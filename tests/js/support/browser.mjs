// Debian's chromium driven by playwright-core (no browser download). Only the browser ignores
// certificate errors; node itself trusts Switchboard's CA via NODE_EXTRA_CA_CERTS.

import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './env.mjs';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
}

/** A fresh context (no Switchboard session cookie) and a page in it, with bounded waits. */
export async function newPage(browser) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  return { context, page };
}

/** Fills Switchboard's server-rendered sign-in form (labels "Email" and "Password") and submits it. */
export async function submitCredentials(page, user) {
  await page.getByLabel('Email').fill(user.upn);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
