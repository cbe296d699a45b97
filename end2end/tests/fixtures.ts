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

export const CLERK = { username: "e2e-luru", password: "e2e clerk password" };

/** A unit's sheet as departments print it: 甲局's body (4 items) and `cadres` cadres (5
 * items each), two scales, `count` codes of 甲局's masses. Returns the round and the codes. */
export async function unitSheet(request: APIRequestContext, title: string, cadres: number, count: number) {
  expect((await request.post("/api/v1/session", { data: ADMIN })).status()).toBe(200);
  const names = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽"];
  const round = await request.post("/api/v1/rounds", {
    data: {
      title,
      scale: [
        { key: "good", label: "好", points: 100, polarity: "positive" },
        { key: "fair", label: "较好", points: 80, polarity: "positive" },
        { key: "average", label: "一般", points: 60, polarity: "positive" },
        { key: "poor", label: "差", points: 0, polarity: "negative" },
        { key: "dont_know", label: "不了解", polarity: "abstain" },
      ],
      cadre_scale: [
        { key: "excellent", label: "优秀", points: 100, polarity: "positive" },
        { key: "competent", label: "称职", points: 80, polarity: "positive" },
        { key: "basic", label: "基本称职", points: 60, polarity: "positive" },
        { key: "incompetent", label: "不称职", points: 0, polarity: "negative" },
        { key: "dont_know", label: "不了解", polarity: "abstain" },
      ],
      categories: [{ key: "masses", name: "群众代表", weight: 1 }],
      items: [
        { key: "body_overall", title: "班子总体评价", overall: true, applies_to: "body" },
        { key: "politics", title: "思想政治建设", applies_to: "body" },
        { key: "leading", title: "领导能力", applies_to: "body" },
        { key: "results", title: "工作实绩", applies_to: "body" },
        { key: "cadre_overall", title: "干部总体评价", overall: true, applies_to: "cadre" },
        { key: "virtue", title: "德", applies_to: "cadre" },
        { key: "ability", title: "能", applies_to: "cadre" },
        { key: "diligence", title: "勤", applies_to: "cadre" },
        { key: "honesty", title: "廉", applies_to: "cadre" },
      ],
      targets: [
        { key: "jia", name: "甲局领导班子", kind: "body" },
        ...names.slice(0, cadres).map((name, i) => ({ key: `jia-0${i + 1}`, name, kind: "cadre", parent: "jia", position: i ? "副局长" : "局长" })),
      ],
    },
  });
  expect(round.status()).toBe(201);
  const id = (await round.json()).id as number;
  const plan = await request.post(`/api/v1/rounds/${id}/codes/plan`, { data: { plan: [{ unit: "jia", category: "masses", count }] } });
  expect(plan.status()).toBe(201);
  const codes: string[] = (await plan.json()).batches[0].codes;
  expect((await request.post(`/api/v1/rounds/${id}/open`)).status()).toBe(200);
  return { id, codes };
}

/** Pages of a PDF that Chromium printed. */
export function pdfPages(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}
