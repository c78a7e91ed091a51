// The admin portal at /admin/ in a real browser: Fabrikam's Global Administrator signs in through the
// real sign-in pages (msal-browser, first-party "Switchboard" app) and uses every section; a user with
// no admin role sees the no-permission message. Screenshots of each section go to $SCREENSHOT_DIR.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { SWITCHBOARD_URL } from '../support/env.mjs';
import { launchChromium, newPage, submitCredentials } from '../support/browser.mjs';

const MEGAN = { upn: 'megan@fabrikam.test', password: 'Fabrikam!Megan1', name: 'Megan Bowen' };
const ADELE = { upn: 'adele@fabrikam.test', password: 'Fabrikam!Adele1', name: 'Adele Vance' };
/** Contoso Admin Reports: multi-tenant, registered by Contoso, not yet in Fabrikam. */
const CONTOSO_ADMIN_REPORTS = 'c0de0005-0000-4000-8000-000000000005';
const SCREENSHOTS = resolve(process.env.SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'artifacts'));

let browser;
before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
});
after(async () => browser?.close());

async function signIn(user) {
  const { context, page } = await newPage(browser);
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(`${SWITCHBOARD_URL}/admin/`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await submitCredentials(page, user);
  await page.waitForURL(`${SWITCHBOARD_URL}/admin/**`);
  await page.locator('#who').filter({ hasText: user.name }).waitFor();
  return { context, page };
}

async function shoot(page, name) {
  const path = join(SCREENSHOTS, `admin-${name}.png`);
  await page.screenshot({ path, fullPage: false });
  console.log(`screenshot: ${path}`);
}

async function open(page, section) {
  await page.getByRole('link', { name: section }).click();
  await page.getByRole('heading', { name: section }).waitFor();
  await page.locator('#status').filter({ hasText: /^$/ }).waitFor();
}

test('Global Administrator creates a user, adds and consents an enterprise app, revokes it and flips user consent', async () => {
  const { context, page } = await signIn(MEGAN);
  try {
    // Users: create one with a unique name; it is listed with the Teams licence.
    await open(page, 'Users');
    const alias = `portal${Date.now().toString(36)}`;
    await page.getByLabel('Display name').fill(`Portal ${alias}`);
    await page.getByLabel(/^User name/).fill(alias);
    await page.getByLabel('Password', { exact: true }).fill('Portal!Pass1');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('alert').filter({ hasText: `Created ${alias}@fabrikam.test` }).waitFor();
    const card = page.getByRole('listitem').filter({ hasText: `${alias}@fabrikam.test` });
    await card.getByText('Teams', { exact: true }).waitFor();
    await shoot(page, 'users');

    // Disable the new user: the card says so.
    await card.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('listitem').filter({ hasText: `${alias}@fabrikam.test` }).getByText('Disabled', { exact: true }).waitFor();

    await open(page, 'App registrations');
    await shoot(page, 'app-registrations');

    // Enterprise applications: add Contoso's multi-tenant app by client id, grant admin consent
    // through Entra's consent page, see the grants, revoke them.
    await open(page, 'Enterprise applications');
    await page.getByLabel('Application (client) ID').fill(CONTOSO_ADMIN_REPORTS);
    await page.getByRole('button', { name: 'Add application' }).click();
    const app = page.locator(`[data-app-id="${CONTOSO_ADMIN_REPORTS}"]`);
    await app.waitFor();
    assert.match(await app.textContent(), /None granted/);

    const [popup] = await Promise.all([context.waitForEvent('page'), app.getByRole('button', { name: 'Grant admin consent' }).click()]);
    const proceed = popup.getByRole('button', { name: /^Continue as / });
    const accept = popup.getByRole('button', { name: 'Accept' });
    await proceed.or(accept).first().waitFor();
    if (await proceed.isVisible()) await proceed.click();
    await accept.click();
    await popup.getByText('Permissions granted').waitFor();
    await popup.close();
    await app.getByText('Admin consent', { exact: true }).first().waitFor();
    assert.doesNotMatch(await app.textContent(), /None granted/);
    await app.getByLabel(/^Customer tenant for/).fill('northwind.test');
    await app.getByRole('button', { name: 'Copy admin consent URL' }).click();
    await app.locator('output').filter({ hasText: `${SWITCHBOARD_URL}/northwind.test/adminconsent?client_id=${CONTOSO_ADMIN_REPORTS}` }).waitFor();
    await shoot(page, 'enterprise-applications');

    await app.getByRole('button', { name: 'Revoke' }).click();
    await page.locator(`[data-app-id="${CONTOSO_ADMIN_REPORTS}"]`).getByText('None granted.').waitFor();

    // Consent settings: off, saved and re-read; then on again (other suites use Fabrikam's user consent).
    await open(page, 'Consent settings');
    await page.getByLabel(/^Off:/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#consent-state').filter({ hasText: 'users may not consent' }).waitFor();
    await shoot(page, 'consent-settings');
    await page.getByLabel(/^On:/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#consent-state').filter({ hasText: 'users may consent' }).waitFor();

    // Fabrikam owns a communication resource: its keys are listed with connection strings.
    await open(page, 'Communication resources');
    await page.getByText('fabrikam-acs').waitFor();
    await page.getByText('Primary connection string').waitFor();
    await shoot(page, 'communication-resources');

    // At phone width the page still works without horizontal scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, 'Users');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390px`);
    await shoot(page, 'users-390px');
  } finally {
    await context.close();
  }
});

test('A user without an admin role sees that they lack permission', async () => {
  const { context, page } = await signIn(ADELE);
  try {
    await page.getByRole('alert').filter({ hasText: 'You do not have permission to administer this organisation' }).waitFor();
    assert.equal(await page.locator('#nav').isVisible(), false);
    await shoot(page, 'no-permission');
  } finally {
    await context.close();
  }
});
