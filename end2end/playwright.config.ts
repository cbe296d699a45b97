import { defineConfig, devices } from "@playwright/test";

// Minping's end-to-end tests: the release server in the machine's own Chromium
// (/usr/bin/chromium from Debian; Playwright never downloads a browser here).
// Two projects: "hydrate" (JavaScript on, WebAssembly hydrates the page) and
// "ssr" (JavaScript off: every page must work as plain HTML). *.hydrate.spec.ts
// files need JavaScript and run only in the first.
const port = Number(process.env.E2E_PORT ?? 3100);
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
const phone = {
  ...devices["Pixel 7"],
  locale: "zh-CN",
  launchOptions: chromium,
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "off",
  },
  projects: [
    { name: "hydrate", use: { ...phone, javaScriptEnabled: true } },
    {
      name: "ssr",
      use: { ...phone, javaScriptEnabled: false },
      testIgnore: /.*\.hydrate\.spec\.ts/,
    },
  ],
  webServer: {
    command: `bash ../scripts/e2e-server.sh ${port}`,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
