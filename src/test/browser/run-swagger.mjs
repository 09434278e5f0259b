#!/usr/bin/env node
// Clicks through the phone flow in Swagger UI's "Try it out" (sign in, Authorize, sudo, send code, verify, bind) in
// headless Chromium against a gateway in local mode, then reads the account with the access token.
// Usage: node run-swagger.mjs --gateway http://127.0.0.1:PORT [--chromium /usr/bin/chromium] [--screenshot FILE]
// Prints one JSON line {ok, steps: [{operation, status, body}], user} and exits 0/1.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    gateway: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    screenshot: { type: 'string' },
  },
});
const FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PHONE = '+86 13800000000'; // local mode's sandbox number: code 000000, nothing sent
const steps = [];

async function tryItOut(page, tag, operationId, body) {
  const block = page.locator(`#operations-${tag}-${operationId}`);
  await block.locator('.opblock-summary').first().click();
  await block.locator('button.try-out__btn').click();
  if (body !== undefined) {
    await block.locator('textarea.body-param__text').fill(JSON.stringify(body));
  }
  await block.locator('button.execute').click();
  const status = block.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor({ timeout: 30_000 });
  const code = Number((await status.innerText()).trim());
  const text = await block.locator('.live-responses-table .response-col_description pre').first().innerText();
  let parsed;
  try { parsed = JSON.parse(text); } catch { parsed = text; }
  steps.push({ operation: operationId, status: code, body: parsed });
  if (code !== 200) throw new Error(`${operationId} answered ${code}: ${text}`);
  return parsed;
}

async function main() {
  if (!args.gateway) throw new Error('usage: node run-swagger.mjs --gateway http://127.0.0.1:PORT');
  const browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${args.gateway}/q/swagger-ui/`);
    await page.locator('#operations-SignIn-signIn').waitFor({ timeout: 30_000 });

    const signedIn = await tryItOut(page, 'SignIn', 'signIn', { username: 'demo', password: 'passwd' });
    await page.locator('.auth-wrapper button.authorize').click();
    await page.locator('.modal-ux .auth-container input').first().fill(signedIn.access_token);
    await page.locator('.modal-ux .auth-btn-wrapper button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    const sudo = await tryItOut(page, 'Sudo', 'reauthenticate', { password: 'passwd' });
    const sent = await tryItOut(page, 'Code', 'sendVerificationCode', { phone_number: PHONE });
    const verified = await tryItOut(page, 'Verify', 'verifyCode', { verification_id: sent.verification_id, verification_code: '000000' });
    await tryItOut(page, 'Bind', 'bindContact', { sudo_token: sudo.sudo_token, phone_number: PHONE, verification_token: verified.verification_token });
    if (args.screenshot) await page.screenshot({ path: args.screenshot, fullPage: false });

    const me = await fetch(`${args.gateway}/auth/v1/user/me`, { headers: { Authorization: `Bearer ${signedIn.access_token}` } });
    return { ok: true, steps, user: await me.json() };
  } finally {
    await browser.close();
  }
}

main().then((result) => console.log(JSON.stringify(result)), (error) => {
  console.log(JSON.stringify({ ok: false, error: String(error?.stack ?? error), steps }));
  process.exitCode = 1;
});
