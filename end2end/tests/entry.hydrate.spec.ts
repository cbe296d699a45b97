// The clerk at the keyboard: a paper sheet of one body and 6 cadres × 5 items entered with
// one key per answer plus a few (counted, not timed), reviewed in full, entered once.
import { expect, test } from "@playwright/test";
import { CLERK, signIn, unitSheet } from "./fixtures";

test("a clerk enters a sheet of a body and six cadres with one key per answer plus a few", async ({ page, request }, info) => {
  const { id, codes } = await unitSheet(request, `e2e 录入 ${info.project.name} ${Date.now()}`, 6, 1);
  await signIn(page, CLERK);
  await page.goto("/entry");
  await page.getByLabel("测评码").fill(codes[0].toLowerCase());
  await page.getByRole("button", { name: "开始录入" }).click();
  await expect(page).toHaveURL(new RegExp(`/entry/${codes[0]}$`));
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await expect(page.getByTestId("keys-help")).toBeVisible();

  const answers = 4 + 6 * 5;
  let keys = 0;
  const press = async (key: string) => {
    keys += 1;
    await page.keyboard.press(key);
  };
  // A slip and its correction: 1, back, 2 — the body's overall item is 较好.
  await press("1");
  await press("Backspace");
  await press("2");
  for (let i = 1; i < answers; i += 1) {
    await press(String((i % 4) + 1));
  }
  await expect(page.getByRole("button", { name: "检查并提交" })).toBeFocused();
  await press("Enter");
  const review = page.getByTestId("full-review");
  await expect(review).toBeVisible();
  await expect(review.locator('[data-answer="jia:body_overall"]')).toHaveText("较好");
  await expect(review.locator('[data-answer="jia-01:cadre_overall"]')).toHaveText("优秀");
  await expect(review.locator("strong")).toHaveCount(answers);
  await expect(page.locator("#confirm-entry")).toBeFocused();
  await press("Enter");
  await expect(page.getByTestId("entered-card")).toBeVisible();
  expect(keys).toBeLessThanOrEqual(answers + 5);

  // Stored as one ballot, counted as paper (the admin's reconciliation sheet says so).
  const rec = await (await request.get(`/api/v1/rounds/${id}/reconciliation`)).json();
  expect(rec.rows[0]).toMatchObject({ unit: "jia", issued: 1, phone: 0, paper: 1, unused: 0 });

  // Enter → the next sheet: the same code again is refused clearly.
  await page.getByTestId("entry-next").click();
  await page.getByLabel("测评码").fill(codes[0]);
  await page.getByRole("button", { name: "开始录入" }).click();
  await expect(page.getByTestId("refusal")).toContainText("已经使用过");
});
