// Accounts the e2e server creates (scripts/e2e-server.sh) and small helpers.
import { expect, type Page } from "@playwright/test";

export const ADMIN = { username: "e2e-admin", password: "e2e admin password" };
export const STEERING = { username: "e2e-duban", password: "e2e steering password" };

/** Signs in through the login form, in whichever language the page shows. */
export async function signIn(page: Page, who: { username: string; password: string }, labels = zhLabels) {
  await page.goto("/login");
  await page.getByLabel(labels.username).fill(who.username);
  await page.getByLabel(labels.password).fill(who.password);
  await page.getByRole("button", { name: labels.signIn }).click();
  await expect(page.getByTestId("current-user")).toHaveText(who.username);
}

export const zhLabels = { username: "用户名", password: "密码", signIn: "登录" };
export const enLabels = { username: "Username", password: "Password", signIn: "Sign in" };
