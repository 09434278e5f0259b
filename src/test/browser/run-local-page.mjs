#!/usr/bin/env node
// Clicks through the local page (GET / in local mode) in headless Chromium: sign in as demo, sudo, phone and e-mail
// (code from the outbox, verify, bind), link WeChat through the emulator, unlink it; then reads the account through
// the API with a fresh sign-in. Usage: node run-local-page.mjs --gateway URL [--chromium PATH] [--screenshot FILE]
// Prints one JSON line {ok, clicks, providersAfterLink, user, providersAfterUnlink} and exits 0/1.
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
const clicks = [];
const stray = [];

async function click(page, id) {
  await page.click(`#${id}`);
  await page.waitForFunction((step) => !document.body.dataset.busy && document.body.dataset.last?.startsWith(step + ':'), id, { timeout: 30_000 });
  const last = await page.evaluate(() => document.body.dataset.last);
  clicks.push(last);
  if (!last.endsWith(':ok')) throw new Error(`${id} failed: ${await page.locator('#state').innerText()}`);
}

async function api(path, token) {
  const answer = await fetch(args.gateway + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return answer.json();
}

async function main() {
  if (!args.gateway) throw new Error('usage: node run-local-page.mjs --gateway http://127.0.0.1:PORT');
  const origin = new URL(args.gateway).origin;
  const browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('request', (request) => { if (new URL(request.url()).origin !== origin && !request.url().startsWith('data:')) stray.push(request.url()); });
    await page.goto(args.gateway + '/');
    for (const id of ['signin', 'sudo', 'send', 'outbox', 'verify', 'bind']) await click(page, id);
    await page.selectOption('#channel', 'email');
    await page.fill('#address', 'page@example.com');
    for (const id of ['send', 'outbox', 'verify', 'bind', 'wechat']) await click(page, id);
    const providersAfterLink = await page.evaluate(() => document.getElementById('state').textContent);
    if (args.screenshot) await page.screenshot({ path: args.screenshot });
    await click(page, 'unlink');
    if (stray.length) throw new Error('requests left the gateway: ' + stray.join(', '));

    const signIn = await fetch(args.gateway + '/auth/v1/signin', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'demo', password: 'passwd' }),
    }).then((answer) => answer.json());
    return {
      ok: true, clicks, providersAfterLink,
      user: await api('/auth/v1/user/me', signIn.access_token),
      providersAfterUnlink: await api('/auth/v1/user/provider', signIn.access_token),
    };
  } finally {
    await browser.close();
  }
}

main().then((result) => console.log(JSON.stringify(result)), (error) => {
  console.log(JSON.stringify({ ok: false, error: String(error?.stack ?? error), clicks, stray }));
  process.exitCode = 1;
});
