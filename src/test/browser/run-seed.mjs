#!/usr/bin/env node
// Runs the CloudBase "account association" seed snippets (phone, email, WeChat) with
// @cloudbase/js-sdk in headless Chromium against a gateway.
// Usage: node run-seed.mjs --gateway http://127.0.0.1:PORT [--chromium /usr/bin/chromium]
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { boundProblem, grantedProblem, unboundProblem } from './page/expect.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TIMEOUT_MS = 60_000;
const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const EXPECTED_PHONE = '+86 13800000000';
const EXPECTED_EMAIL = 'test@example.com';

const { values: args } = parseArgs({
  options: {
    gateway: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});

// Bundles page/main.js (which imports seed/*.js) in memory: path -> contents.
async function bundle() {
  const result = await esbuild.build({
    absWorkingDir: HERE,
    entryPoints: { main: 'page/main.js' },
    bundle: true,
    splitting: true, // the snippets use top-level await, so they load as ESM chunks
    format: 'esm',
    platform: 'browser',
    outdir: 'out',
    write: false,
    logLevel: 'silent',
  });
  const files = new Map();
  for (const file of result.outputFiles) {
    files.set(`/${path.relative(path.join(HERE, 'out'), file.path)}`, file.contents);
  }
  files.set('/', Buffer.from('<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">'
    + '<title>seed</title><script type="module" src="/main.js"></script>'));
  return files;
}

function serve(files) {
  const server = http.createServer((req, res) => {
    const body = files.get(new URL(req.url, 'http://page').pathname);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const type = req.url === '/' || req.url.startsWith('/?') ? 'text/html' : 'text/javascript';
    res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function check(result, gatewayOrigin, pageOrigin, requests) {
  if (!result.ok) return result.error;
  if (result.phoneUser?.phone_number !== EXPECTED_PHONE) {
    return `phone_number after phone snippet is ${JSON.stringify(result.phoneUser?.phone_number)}, expected "${EXPECTED_PHONE}"`;
  }
  if (result.emailUser?.email !== EXPECTED_EMAIL) {
    return `email after email snippet is ${JSON.stringify(result.emailUser?.email)}, expected "${EXPECTED_EMAIL}"`;
  }
  const wechatProblem = [
    ['grantProviderToken', grantedProblem(result.wechat?.granted)],
    ['getProviders after bind', boundProblem(result.wechat?.providersAfterBind)],
    ['getProviders after unbind', unboundProblem(result.wechat?.providersAfterUnbind)],
  ].find(([, problem]) => problem);
  if (wechatProblem) return { step: wechatProblem[0], message: wechatProblem[1] };
  const stray = requests.find((r) => /^https?:/.test(r.url)
    && ![gatewayOrigin, pageOrigin].includes(new URL(r.url).origin));
  if (stray) return `request left the gateway: ${stray.method} ${stray.url}`;
  return null;
}

async function main() {
  const requests = [];
  const consoleLines = [];
  let server;
  let browser;
  let wechat; // what the WeChat steps recorded, also on failure
  const fail = (error) => ({ ok: false, error, ...(wechat && { wechat }), requests, console: consoleLines });
  try {
    if (!args.gateway) throw new Error('usage: node run-seed.mjs --gateway http://127.0.0.1:PORT [--chromium PATH]');
    const gatewayOrigin = new URL(args.gateway).origin;

    server = await serve(await bundle());
    const pageOrigin = `http://127.0.0.1:${server.address().port}`;

    browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: CHROMIUM_FLAGS });
    const page = await browser.newPage();
    const byRequest = new Map();
    page.on('request', (req) => {
      const entry = { method: req.method(), url: req.url(), status: null };
      byRequest.set(req, entry);
      requests.push(entry);
    });
    page.on('response', (res) => {
      const entry = byRequest.get(res.request());
      if (entry) entry.status = res.status();
    });
    page.on('requestfailed', (req) => {
      const entry = byRequest.get(req);
      if (entry) entry.failure = req.failure()?.errorText ?? 'failed';
    });
    page.on('console', (msg) => consoleLines.push(`${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => consoleLines.push(`pageerror: ${err.message}`));

    await page.goto(`${pageOrigin}/?gateway=${encodeURIComponent(gatewayOrigin)}`);
    const handle = await page.waitForFunction(() => window.__seedResult, null, { timeout: TIMEOUT_MS });
    const result = await handle.jsonValue();
    wechat = result.wechat;

    const error = check(result, gatewayOrigin, pageOrigin, requests);
    if (error) return fail(error);
    return { ok: true, phoneUser: result.phoneUser, emailUser: result.emailUser, wechat, passwordChanged: result.passwordChanged, requests };
  } catch (err) {
    return fail(err?.message ?? String(err));
  } finally {
    await browser?.close().catch(() => {});
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  }
}

const outcome = await main();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
process.exitCode = outcome.ok ? 0 : 1;
