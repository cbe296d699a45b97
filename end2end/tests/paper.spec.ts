// Paper and the hall, with and without JavaScript: the paper 测评表 printed at A4, a clerk
// entering a sheet by mouse, the hall screen's counts and its withdrawal, large text.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, CLERK, pdfPages, signIn, unitSheet } from "./fixtures";

const withJs = (name: string) => name === "hydrate";

async function castJia(request: APIRequestContext, code: string, cadres: number) {
  const answers = [{ target: "jia", item: "body_overall", option: "good" }];
  for (let i = 1; i <= cadres; i += 1) answers.push({ target: `jia-0${i}`, item: "cadre_overall", option: "competent" });
  expect((await request.post("/api/v1/ballots", { data: { code, answers } })).status()).toBe(201);
}

test("codes printed as paper give each code an A4 测评表 of at most two pages", async ({ page, request }, info) => {
  const { id } = await unitSheet(request, `e2e 纸质表 ${info.project.name} ${Date.now()}`, 8, 1);
  await signIn(page, ADMIN);
  await page.goto(`/rounds/${id}`);
  const plan = page.getByTestId("plan-form");
  await plan.getByLabel("甲局领导班子 · 群众代表").fill("1");
  await plan.getByLabel(/纸质测评表/).check();
  await plan.getByRole("button", { name: "按计划发放" }).click();
  const sheet = page.locator("article.ballot");
  await expect(sheet).toHaveCount(1);
  await expect(sheet.locator("table.target")).toHaveCount(9);
  await expect(sheet.locator('table.target[data-target="jia-08"] .box')).toHaveCount(5 * 5);
  await expect(sheet.locator("img.qr")).toBeVisible();
  await page.emulateMedia({ media: "print" });
  const pages = pdfPages(await page.pdf({ format: "A4", preferCSSPageSize: true }));
  expect(pages, "the cover and one or two sheets").toBeGreaterThanOrEqual(2);
  expect(pages).toBeLessThanOrEqual(3);
});

test("a clerk enters a paper sheet by mouse through the full review", async ({ page, request }, info) => {
  const { codes } = await unitSheet(request, `e2e 鼠标录入 ${info.project.name} ${Date.now()}`, 1, 1);
  await signIn(page, CLERK);
  await page.goto("/entry");
  await page.getByLabel("测评码").fill(codes[0]);
  await page.getByRole("button", { name: "开始录入" }).click();
  await page.locator("fieldset.item", { hasText: "班子总体评价" }).getByRole("radio", { name: "好", exact: true }).check();
  await page.locator("fieldset.item", { hasText: "干部总体评价" }).getByRole("radio", { name: "不称职", exact: true }).check();
  await page.getByRole("button", { name: "检查并提交" }).click();
  await expect(page.getByTestId("full-review").locator('[data-answer="jia-01:cadre_overall"]')).toHaveText("不称职");
  await page.getByRole("button", { name: "确认录入" }).click();
  await expect(page.getByTestId("entered-card")).toContainText("已录入");
});

test("the hall screen shows stepped counts, updates on its timer and stops when withdrawn", async ({ page, request }, info) => {
  test.setTimeout(60_000);
  const { id, codes } = await unitSheet(request, `e2e 大屏 ${info.project.name} ${Date.now()}`, 1, 6);
  const made = await request.post(`/api/v1/rounds/${id}/hall-link`);
  expect(made.status()).toBe(201);
  const path = new URL((await made.json()).url).pathname;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(path);
  await expect(page.locator("h1")).toContainText("e2e 大屏");
  await expect(page.locator("[data-total]")).toHaveText("0");
  const qr = await page.locator("img.qr").boundingBox();
  expect(qr && qr.width >= 500, "a QR code readable from the hall").toBeTruthy();
  for (const code of codes.slice(0, 4)) await castJia(request, code, 1);
  for (const code of codes.slice(4)) await castJia(request, code, 1);
  // Six ballots show as five, in all, for the masses and for 甲局.
  if (withJs(info.project.name)) {
    await expect(page.locator("[data-total]")).toHaveText("5", { timeout: 15_000 });
  } else {
    await page.waitForTimeout(10_500); // the <noscript> refresh reloads the page by itself
    await expect(page.locator("[data-total]")).toHaveText("5", { timeout: 5_000 });
  }
  await expect(page.locator('[data-cat="masses"]')).toHaveText("5");
  await expect(page.locator("body")).not.toContainText("称职");
  expect((await request.delete(`/api/v1/rounds/${id}/hall-link`)).status()).toBe(204);
  if (withJs(info.project.name)) {
    await expect(page.locator("[data-gone]")).toBeVisible({ timeout: 15_000 });
  }
  const gone = await page.goto(path);
  expect(gone?.status()).toBe(404);
  await expect(page.locator("body")).toContainText("不存在或已被撤回");
});

test("large text is a visible toggle, remembered on the phone, one tap per answer at 200 %", async ({ page, request }, info) => {
  const { codes } = await unitSheet(request, `e2e 大字 ${info.project.name} ${Date.now()}`, 2, 1);
  await page.goto(`/v/${codes[0]}`);
  const root = page.locator("html");
  await expect(root).toHaveAttribute("data-text", "normal");
  await page.getByTestId("text-large").click();
  await expect(root).toHaveAttribute("data-text", "large");
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe("21px");
  await page.reload();
  await expect(root).toHaveAttribute("data-text", "large");
  await expect(page.getByTestId("text-normal")).toBeVisible();
  // At twice the normal size every option is still one tap target of its own, in view.
  await page.evaluate(() => { document.documentElement.style.fontSize = "32px"; });
  const width = await page.evaluate(() => window.innerWidth);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  for (const option of await page.locator("fieldset.item").first().locator("label.opt").all()) {
    const box = await option.boundingBox();
    expect(box && box.height >= 44 && box.x >= 0 && box.x + box.width <= width, "a whole tap target in view").toBeTruthy();
  }
  await page.getByTestId("text-normal").click();
  await expect(root).toHaveAttribute("data-text", "normal");
});
