// Accounts the e2e server creates (scripts/e2e-server.sh) and small helpers.
import { expect, type APIRequestContext, type Page } from "@playwright/test";

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

/** An open round with `count` codes of the masses, set up through the JSON API. */
export async function openRoundWithCodes(request: APIRequestContext, title: string, count: number) {
  const signIn = await request.post("/api/v1/session", { data: ADMIN });
  expect(signIn.status()).toBe(200);
  const round = await request.post("/api/v1/rounds", {
    data: {
      title,
      categories: [{ key: "masses", name: "群众代表", weight: 1 }],
      items: [
        { key: "overall", title: "总体评价", overall: true },
        { key: "four_winds", title: "反对“四风”" },
      ],
      targets: [
        { key: "jyj", name: "区教育局领导班子", kind: "body" },
        { key: "wjw", name: "区卫生健康局领导班子", kind: "body" },
      ],
    },
  });
  expect(round.status()).toBe(201);
  const id = (await round.json()).id;
  const issued = await request.post(`/api/v1/rounds/${id}/codes`, { data: { category: "masses", count } });
  expect(issued.status()).toBe(201);
  const codes: string[] = (await issued.json()).codes;
  expect((await request.post(`/api/v1/rounds/${id}/open`)).status()).toBe(200);
  return { id, codes };
}

/** Taps an answer on the sheet: `option` for `item` ("总体评价" by default) of `target`. */
export async function answer(page: Page, target: string, option: string, item = "总体评价") {
  await page
    .locator("fieldset.target-card", { hasText: target })
    .locator("fieldset.item", { hasText: item })
    .getByRole("radio", { name: option, exact: true })
    .check();
}
