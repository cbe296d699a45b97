// The organization department creates an account on the accounts page: the one-time
// password is shown once (never in the address bar), works for signing in, and is gone
// after a reload. Runs with and without JavaScript (plain form posts).
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

test("an admin creates an account and sees its one-time password once", async ({ page, request }, info) => {
  const username = `e2e-${info.project.name}-${Date.now()}`;
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "账号管理" }).click();
  await expect(page).toHaveURL(/\/accounts$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("账号管理");
  await expect(page.getByTestId("accounts").locator(`tr[data-username="${ADMIN.username}"]`)).toContainText("组织部管理员");

  const form = page.getByTestId("new-account");
  await form.getByLabel("用户名").fill(username);
  await form.getByLabel("角色").selectOption({ label: "督导组成员" });
  await form.getByRole("button", { name: "创建账号" }).click();

  const shown = page.getByTestId("one-time-password");
  await expect(shown).toContainText(`账号 ${username} 已创建`);
  const password = (await shown.getByTestId("password").textContent())?.trim() ?? "";
  expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
  expect(page.url()).not.toContain(password);
  const row = page.getByTestId("accounts").locator(`tr[data-username="${username}"]`);
  await expect(row).toContainText("督导组成员");
  await expect(row).toContainText("正常");

  // The password works for signing in.
  expect((await request.post("/api/v1/session", { data: { username, password } })).status()).toBe(200);

  // A reload shows the list, but no longer the password.
  await page.reload();
  await expect(page.getByTestId("accounts").locator(`tr[data-username="${username}"]`)).toBeVisible();
  await expect(page.getByTestId("one-time-password")).toHaveCount(0);
  await expect(page.getByText(password)).toHaveCount(0);
});
