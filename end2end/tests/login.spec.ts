// Signing in and out on a phone, in Chinese and in English, with and without JavaScript.
import { expect, test } from "@playwright/test";
import { ADMIN, STEERING, enLabels, signIn, zhLabels } from "./fixtures";

test("an admin signs in on a phone and sees the dashboard in Chinese", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "工作台" })).toBeVisible();
  await expect(page.locator("header .badge")).toHaveText("组织部管理员");
  const width = page.viewportSize()?.width ?? 0;
  expect(width).toBeLessThan(500);
  // Nothing overflows the phone's width.
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
});

test("after switching to English the admin signs in in English", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "登录" })).toBeVisible();
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await signIn(page, ADMIN, enLabels);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.locator("header .badge")).toHaveText("Organization department (admin)");
  // The choice is remembered on the next visit.
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a wrong password gets a clear message and keeps the username", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel(zhLabels.username).fill(ADMIN.username);
  await page.getByLabel(zhLabels.password).fill("not the password");
  await page.getByRole("button", { name: zhLabels.signIn }).click();
  await expect(page.getByRole("alert")).toHaveText("用户名或密码不正确，请重新输入。");
  await expect(page.getByLabel(zhLabels.username)).toHaveValue(ADMIN.username);
});

test("a steering member signs in and out", async ({ page }) => {
  await signIn(page, STEERING);
  await expect(page.locator("header .badge")).toHaveText("督导组成员");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("status")).toHaveText("您已安全退出。");
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("an unknown page shows the 404 page", async ({ page }) => {
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
});
