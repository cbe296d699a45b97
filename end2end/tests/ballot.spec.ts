// An evaluator on a phone: scan the slip's QR code, answer, review, submit, keep the
// receipt. Runs with JavaScript (hydrated) and without (plain HTML forms).
import { expect, test } from "@playwright/test";
import { answer, openRoundWithCodes } from "./fixtures";

test("an evaluator answers from the QR address, submits once and checks the receipt", async ({ page, request, browser }, info) => {
  const { codes } = await openRoundWithCodes(request, `e2e 投票 ${info.project.name} ${Date.now()}`, 1);
  await page.goto(`/v/${codes[0]}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("e2e 投票");
  await expect(page.getByTestId("progress")).toHaveText("已答 0 / 4 项");

  await answer(page, "区教育局领导班子", "满意");
  await answer(page, "区卫生健康局领导班子", "不满意");
  await answer(page, "区卫生健康局领导班子", "基本满意", "反对“四风”");
  await page.getByLabel("意见建议（选填）").fill("希望窗口服务再快一些");
  await page.getByRole("button", { name: "检查并提交" }).click();

  // The review lists the one blank item, and the evaluator confirms.
  const review = page.getByTestId("review");
  await expect(review).toContainText("区教育局领导班子 — 反对“四风”");
  await review.getByRole("button", { name: "确认提交" }).click();

  const receipt = page.getByTestId("receipt");
  await expect(receipt).toHaveText(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  const kept = (await receipt.textContent())!.trim();

  // The same code again, on another phone: refused.
  const other = await browser.newPage({ locale: "zh-CN" });
  await other.goto(`${info.project.use.baseURL}/v/${codes[0]}`);
  await expect(other.getByTestId("refusal")).toContainText("该测评码已经使用过");
  await other.close();

  // The receipt says "counted", and nothing else.
  await page.goto("/receipt");
  await page.getByLabel("回执号").fill(kept.toLowerCase());
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.getByTestId("receipt-result")).toHaveText("该回执对应的测评票已计入。");
});

test("a missing overall rating is explained and nothing is lost", async ({ page, request }, info) => {
  const { codes } = await openRoundWithCodes(request, `e2e 必答 ${info.project.name} ${Date.now()}`, 1);
  await page.goto("/v");
  await page.getByLabel("测评码").fill(codes[0].toLowerCase().replaceAll("-", ""));
  await page.getByRole("button", { name: "开始测评" }).click();
  // The typed code is read forgivingly; with JavaScript the page then hides it (/v).
  await expect(page).toHaveURL(info.project.name === "ssr" ? new RegExp(`/v/${codes[0]}$`) : /\/v$/);

  await answer(page, "区教育局领导班子", "满意");
  // Skip the browser's own required-field check, as an old phone would.
  await page.locator("#ballot-form").evaluate((f) => f.setAttribute("novalidate", ""));
  await page.getByRole("button", { name: "检查并提交" }).click();
  await expect(page.getByTestId("sheet-error")).toContainText("请对“区卫生健康局领导班子”作出总体评价");
  await expect(
    page.locator("fieldset.target-card", { hasText: "区教育局领导班子" }).locator('input[value="satisfied"]').first(),
  ).toBeChecked();
});

test("an unknown code gets a clear page", async ({ page }) => {
  await page.goto("/v/ZZZZ-ZZZZ-ZZZZ");
  await expect(page.getByTestId("refusal")).toContainText("测评码无效或已作废");
  await expect(page.getByRole("link", { name: "输入其他测评码" })).toBeVisible();
});
