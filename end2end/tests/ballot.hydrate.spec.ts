// What the hydrated ballot page adds: live progress, answers kept on the phone across a
// reload, submission without a page load.
import { expect, test } from "@playwright/test";
import { answer, openRoundWithCodes } from "./fixtures";

test("progress follows each tap and half-filled answers survive a reload", async ({ page, request }) => {
  const { codes } = await openRoundWithCodes(request, `e2e 恢复 ${Date.now()}`, 1);
  await page.goto(`/v/${codes[0]}`);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await answer(page, "区教育局领导班子", "满意");
  await expect(page.getByTestId("progress")).toHaveText("已答 1 / 4 项");
  await page.getByLabel("意见建议（选填）").fill("先写一半");
  await expect(page.getByText("4 / 2000 字")).toBeVisible();

  await page.reload();
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await expect(page.getByRole("status").filter({ hasText: "已恢复" })).toBeVisible();
  await expect(page.getByTestId("progress")).toHaveText("已答 1 / 4 项");
  await expect(page.getByLabel("意见建议（选填）")).toHaveValue("先写一半");

  await answer(page, "区卫生健康局领导班子", "满意");
  await answer(page, "区教育局领导班子", "满意", "反对“四风”");
  await answer(page, "区卫生健康局领导班子", "满意", "反对“四风”");
  // Nothing blank: no review step, and no page load on submit.
  const url = page.url();
  await page.getByRole("button", { name: "检查并提交" }).click();
  await expect(page.getByTestId("receipt")).toHaveText(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  expect(page.url()).toBe(url);

  // The kept draft is gone: a reload shows the used code, with this phone's receipt counted.
  await page.reload();
  await expect(page.getByTestId("receipt")).toBeVisible();
});

test("the ballot page stays within its transfer budget", async ({ page, request }) => {
  // The server precompresses the front end once at start-up; wait until it has.
  await expect
    .poll(async () => (await request.get("/pkg/minping.wasm", { headers: { "accept-encoding": "br" } })).headers()["content-encoding"], {
      timeout: 30_000,
    })
    .toBe("br");
  const { codes } = await openRoundWithCodes(request, `e2e 体积 ${Date.now()}`, 1);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map<string, string>();
  const bytes = { page: 0, total: 0 };
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e) => {
    const path = new URL(urls.get(e.requestId) ?? "http://x/").pathname;
    bytes.total += e.encodedDataLength;
    if (path.startsWith("/v/") || path.endsWith(".css")) bytes.page += e.encodedDataLength;
  });
  await page.goto(`/v/${codes[0]}`);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page.waitForLoadState("networkidle");
  console.log(`ballot page: HTML + CSS ${bytes.page} B, everything ${bytes.total} B (compressed, on the wire)`);
  expect(bytes.page).toBeLessThan(40 * 1024);
  expect(bytes.total).toBeLessThan(400 * 1024);
});

test("the code leaves the address bar and the history once the sheet loads; a reload returns to the sheet", async ({ page, request }) => {
  const { codes } = await openRoundWithCodes(request, `e2e 地址栏 ${Date.now()}`, 1);
  const code = codes[0];
  const canonical = code.replace(/-/g, "");
  const leaks: string[] = [];
  page.on("request", (r) => {
    const referer = r.headers()["referer"] ?? "";
    if (referer.includes(code) || referer.includes(canonical)) leaks.push(`${r.url()} <- ${referer}`);
  });

  // From the entry page (typed code) to the sheet: the address bar ends at /v.
  await page.goto("/v");
  await page.getByLabel("测评码").fill(code);
  await page.getByRole("button", { name: "开始测评" }).click();
  await expect(page.locator("fieldset.target-card").first()).toBeVisible();
  await expect(page).toHaveURL(/\/v$/);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await expect(page).toHaveURL(/\/v$/);

  // Going back never shows the code: the sheet's history entry was rewritten.
  await page.goBack();
  expect(page.url()).not.toContain(code);
  expect(page.url()).not.toContain(canonical);
  await page.goForward();
  expect(page.url()).not.toContain(code);

  // A reload comes back to the same sheet, the code hidden again.
  await page.goto(`/v/${code}`);
  await expect(page).toHaveURL(/\/v$/);
  await answer(page, "区教育局领导班子", "满意");
  await page.reload();
  await expect(page.locator("fieldset.target-card").first()).toBeVisible();
  await expect(page).toHaveURL(/\/v$/);

  // Arriving at /v any other way shows the entry form, not the last sheet.
  await page.goto("/v");
  await expect(page.getByLabel("测评码")).toBeVisible();
  expect(leaks).toEqual([]);
});
