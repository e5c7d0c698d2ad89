// The set-up most test files share: the release build served with the
// cross-origin isolation headers, and one headless Chromium for the file,
// both closed when the file's tests end. (Kept apart from harness.mjs,
// which bench/browser.mjs imports outside the test runner.)
import { before, after } from 'node:test';
import { serve, launch, dist } from './harness.mjs';

/** `{server, browser}`, filled in before the first test runs. */
export function isolatedApp() {
  const app = { server: undefined, browser: undefined };
  before(async () => {
    app.server = await serve(dist, { isolated: true });
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
