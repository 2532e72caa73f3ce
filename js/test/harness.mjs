// Test harness: a sandbox on 127.0.0.1:0 and headless Debian Chromium driven
// by playwright-core. Each test file starts its own sandbox.
import { spawn } from 'node:child_process';
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts dist/sandbox (or $SANDBOX_BIN, to run a test against another
 * build) serving the repository's page files; resolves {url, stop}.
 * Its control routes (/sandbox/…, /console, /replay/{respond,push,log,reset})
 * take requests from its own pages or Node, with Content-Type:
 * application/json on anything but GET (see adminFetch).
 */
export function startSandbox(extraArgs = []) {
  const bin = process.env.SANDBOX_BIN || path.join(root, 'dist', 'sandbox');
  const proc = spawn(bin, ['-addr', '127.0.0.1:0', '-static', root, '-agent-delay', '60ms', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${stderr}`)), 10000);
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          stop: () => new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); }),
        });
      }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`sandbox exited (${code}): ${stderr}`)); });
  });
}

/**
 * Calls a sandbox control route from Node: JSON in (with the Content-Type
 * the route requires) and out; rejects unless it answers 2xx.
 */
export async function adminFetch(sandboxUrl, method, path, body) {
  const res = await fetch(sandboxUrl + path, {
    method, headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return text === '' ? null : JSON.parse(text);
}

/** Launches headless Debian Chromium with the workplace's flags (and extraArgs). */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', ...extraArgs],
  });
}

/** Opens url in a fresh context; page errors and console errors are collected. */
export async function openPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(url);
  return { page, context, problems };
}

/** Polls fn in the page until it returns a truthy value (or fails after ms). */
export async function waitFor(page, fn, arg, ms = 10000) {
  const handle = await page.waitForFunction(fn, arg, { timeout: ms, polling: 25 });
  return handle.jsonValue();
}

/**
 * Registers before/after hooks for a test file: a sandbox started with
 * extraArgs and a browser, both stopped at the end. Returns the holder
 * ({sandbox, browser}) the tests read them from.
 */
export function sandboxAndBrowser(extraArgs = []) {
  const env = {};
  before(async () => {
    env.sandbox = await startSandbox(extraArgs);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.sandbox?.stop();
  });
  return env;
}
