// Test harness: a sandbox on 127.0.0.1:0 and headless Debian Chromium driven
// by playwright-core. Each test file starts its own sandbox.
import { spawn } from 'node:child_process';
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts dist/sandbox serving the repository; resolves {url, stop}. */
export function startSandbox(extraArgs = []) {
  const bin = path.join(root, 'dist', 'sandbox');
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

/** Launches headless Debian Chromium with the workplace's flags. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
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
