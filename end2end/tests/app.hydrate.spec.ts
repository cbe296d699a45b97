// With JavaScript on, the WebAssembly loads and hydrates the page without errors.
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

test("pages hydrate without console errors or failed requests", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  const wasm = page.waitForResponse((r) => r.url().endsWith(".wasm") && r.ok());
  await signIn(page, ADMIN);
  await wasm;
  await page.waitForLoadState("networkidle");
  for (const path of ["/rounds", "/rounds/new", "/audit"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // A round page, hydrated: its forms and <details> confirmations still work.
  const res = await page.request.post("/api/v1/rounds", {
    data: {
      title: "hydration check",
      categories: [{ key: "masses", name: "群众代表", weight: 1 }],
      items: [{ key: "overall", title: "总体评价", overall: true }],
      targets: [{ key: "jyj", name: "区教育局领导班子", kind: "body" }],
    },
  });
  expect(res.status()).toBe(201);
  const { id } = await res.json();
  await page.goto(`/rounds/${id}`);
  await page.waitForLoadState("networkidle");
  await page.getByText("开始测评", { exact: true }).click();
  await expect(page.getByRole("button", { name: "确定 · 开始测评" })).toBeVisible();
  expect(problems).toEqual([]);
});
