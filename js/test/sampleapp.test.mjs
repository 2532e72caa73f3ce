// The sample-style test app (js/test/pages/app): each flow of an app written the
// way the reference's sample app uses the SDK, in Chromium against the
// sandbox, the package imported by name through an import map. The flows'
// assertions are in sampleflows.mjs, shared with bundlers.test.mjs, which runs
// the same app bundled by Vite.
import { test } from 'node:test';
import { sandboxAndBrowser } from './harness.mjs';
import { SAMPLE_FLOWS, checkFlow } from './sampleflows.mjs';

const env = sandboxAndBrowser(['-agent-delay', '5ms']);

for (const [name, { title }] of Object.entries(SAMPLE_FLOWS)) {
  test(title, () => checkFlow(env.browser, `${env.sandbox.url}/js/test/pages/app/index.html`, name, { screenshots: '/tmp/sampleapp-' }));
}
