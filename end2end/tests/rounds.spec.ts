// The organization department builds a round in the browser, imports targets, opens it,
// issues codes and prints the slip sheet.
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

test("an admin builds a round, imports targets, opens it and prints code slips", async ({ page }, info) => {
  const title = `e2e 测评 ${info.project.name} ${Date.now()}`;
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "测评轮次" }).click();
  await page.getByRole("link", { name: "新建测评轮次" }).click();
  await page.getByLabel("标题").fill(title);
  await page.getByRole("button", { name: "创建草稿" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  await expect(page.getByRole("status")).toHaveText("已保存。");

  await page.getByLabel("粘贴内容").fill("名称,类型,所属班子\n区教育局领导班子,班子\n张建国,干部,区教育局领导班子");
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByRole("cell", { name: "张建国", exact: true })).toBeVisible();
  await page.getByRole("button", { name: /确认导入/ }).click();
  await expect(page.getByRole("heading", { name: "测评对象 (2)" })).toBeVisible();

  await page.getByText("开始测评", { exact: true }).click();
  await page.getByRole("button", { name: "确定 · 开始测评" }).click();
  await expect(page.locator("h1 .status")).toHaveText("进行中");

  await page.getByLabel("数量").fill("24");
  await page.getByRole("button", { name: "生成测评码" }).click();
  await expect(page.getByRole("alert")).toContainText("测评码只显示这一次");
  await expect(page.locator("[data-code]")).toHaveCount(24);
  await expect(page.locator(".slip img.qr")).toHaveCount(24);
  // Every QR code is a real image the browser decoded.
  const decoded = await page.locator(".slip img.qr").evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 20).length);
  expect(decoded).toBe(24);
  await expect(page.getByTestId("cover")).toContainText("24");
  await expect(page.getByRole("link", { name: "下载 CSV" })).toHaveAttribute("href", /^data:text\/csv/);

  // The cover on its own page, then 24 slips fill exactly one A4 page.
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(2);
});

test("the audit log shows the admin's actions with an intact chain", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "审计日志" }).click();
  await expect(page.getByRole("status")).toHaveText("审计链完整。");
});
