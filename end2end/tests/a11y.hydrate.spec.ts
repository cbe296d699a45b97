// Every evaluator-facing page against axe-core, for WCAG 2.1 levels A and AA (the
// standard China's GB/T 37668 follows): code entry, the sheet, its review, the receipt,
// the receipt check, the clerk's entry and entry sheet, the hall screen, the paper print —
// in normal and in large text.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, CLERK, signIn, unitSheet } from "./fixtures";

async function noViolations(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(found, `${what}: WCAG 2.1 A/AA`).toEqual([]);
}

for (const size of ["normal", "large"]) {
  test(`the evaluator's pages pass axe-core in ${size} text`, async ({ page, request, context, baseURL }, info) => {
    test.setTimeout(90_000);
    await context.addCookies([{ name: "minping_text", value: size, url: baseURL! }]);
    const { id, codes } = await unitSheet(request, `e2e 无障碍 ${size} ${info.project.name} ${Date.now()}`, 2, 3);
    await page.goto("/v");
    await noViolations(page, "/v");
    await page.goto(`/v/${codes[0]}`);
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await noViolations(page, "the sheet");
    await page.locator("fieldset.item", { hasText: "班子总体评价" }).getByRole("radio", { name: "好", exact: true }).check();
    for (const name of ["王伟", "李娜"]) {
      await page.locator("fieldset.target-card", { hasText: name }).locator("fieldset.item", { hasText: "干部总体评价" })
        .getByRole("radio", { name: "称职", exact: true }).check();
    }
    await page.getByRole("button", { name: "检查并提交" }).click();
    await expect(page.getByTestId("review")).toBeVisible();
    await noViolations(page, "the review");
    await page.getByRole("button", { name: "确认提交" }).click();
    await expect(page.getByTestId("receipt")).toBeVisible();
    await noViolations(page, "the receipt");
    await page.goto("/receipt");
    await noViolations(page, "/receipt");

    const made = await request.post(`/api/v1/rounds/${id}/hall-link`);
    await page.goto(new URL((await made.json()).url).pathname);
    await noViolations(page, "the hall screen");

    const textCookie = [{ name: "minping_text", value: size, url: baseURL! }];
    await context.clearCookies();
    await context.addCookies(textCookie);
    await signIn(page, CLERK);
    await page.goto("/entry");
    await noViolations(page, "/entry");
    await page.goto(`/entry/${codes[1]}`);
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await noViolations(page, "the entry sheet");
    await page.keyboard.press("1");
    await page.keyboard.press("Enter");
    await page.keyboard.press("2");
    await page.keyboard.press("Enter");
    await page.keyboard.press("2");
    await page.getByRole("button", { name: "检查并提交" }).click();
    await expect(page.getByTestId("full-review")).toBeVisible();
    await noViolations(page, "the entry review");

    await context.clearCookies();
    await context.addCookies(textCookie);
    await signIn(page, ADMIN);
    await page.goto(`/rounds/${id}`);
    const plan = page.getByTestId("plan-form");
    await plan.getByLabel("甲局领导班子 · 群众代表").fill("1");
    await plan.getByLabel(/纸质测评表/).check();
    await plan.getByRole("button", { name: "按计划发放" }).click();
    await expect(page.locator("article.ballot")).toHaveCount(1);
    await noViolations(page, "the paper print");
    await page.goto(`/rounds/${id}/reconciliation`);
    await noViolations(page, "the reconciliation sheet");
  });
}
