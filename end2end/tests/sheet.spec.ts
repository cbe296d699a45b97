// The 测评表 as departments print it, on a phone: a body and its cadres on one sheet, each
// card on its kind's scale and items, with and without JavaScript, by taps and by the
// keyboard alone.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, answer } from "./fixtures";

/** An open round of one unit (a body and two cadres, two scales) and a unit code. */
async function unitSheet(request: APIRequestContext, title: string) {
  expect((await request.post("/api/v1/session", { data: ADMIN })).status()).toBe(200);
  const scale = (labels: string[], keys: string[]) => [
    ...labels.map((label, i) => ({ key: keys[i], label, points: 100 - 20 * i, polarity: "positive" })),
  ];
  const round = await request.post("/api/v1/rounds", {
    data: {
      title,
      scale: [
        ...scale(["好", "较好", "一般"], ["good", "fair", "average"]),
        { key: "poor", label: "差", points: 0, polarity: "negative" },
        { key: "dont_know", label: "不了解", polarity: "abstain" },
      ],
      cadre_scale: [
        ...scale(["优秀", "称职", "基本称职"], ["excellent", "competent", "basic"]),
        { key: "incompetent", label: "不称职", points: 0, polarity: "negative" },
        { key: "dont_know", label: "不了解", polarity: "abstain" },
      ],
      rules_by_kind: { cadre: { flag_threshold: "1/3" } },
      // Two sheets are counted here, not disclosed: show every number (rule 5's minimum 1).
      disclosure_min: 1,
      categories: [{ key: "masses", name: "群众代表", weight: 1 }],
      items: [
        { key: "body_overall", title: "班子总体评价", overall: true, applies_to: "body" },
        { key: "results", title: "工作实绩", applies_to: "body" },
        { key: "cadre_overall", title: "干部总体评价", overall: true, applies_to: "cadre" },
        { key: "virtue", title: "德", applies_to: "cadre" },
      ],
      targets: [
        { key: "jia", name: "甲局领导班子", kind: "body" },
        { key: "jia-01", name: "王伟", kind: "cadre", parent: "jia", position: "局长" },
        { key: "jia-02", name: "李娜", kind: "cadre", parent: "jia", position: "副局长" },
        { key: "yi", name: "乙局领导班子", kind: "body" },
      ],
    },
  });
  expect(round.status()).toBe(201);
  const id = (await round.json()).id;
  const plan = await request.post(`/api/v1/rounds/${id}/codes/plan`, { data: { plan: [{ unit: "jia", category: "masses", count: 2 }] } });
  expect(plan.status()).toBe(201);
  const codes: string[] = (await plan.json()).batches[0].codes;
  expect((await request.post(`/api/v1/rounds/${id}/open`)).status()).toBe(200);
  return { id, codes };
}

test("a body and its cadres are rated on one sheet, each card on its own scale", async ({ page, request }, info) => {
  const { id, codes } = await unitSheet(request, `e2e 测评表 ${info.project.name} ${Date.now()}`);
  await page.goto(`/v/${codes[0]}`);
  // One card per target of the unit (乙局 is not on this code's sheet), posts beside names.
  const cards = page.locator("fieldset.target-card");
  await expect(cards).toHaveCount(3);
  await expect(page.getByText("乙局领导班子")).toHaveCount(0);
  await expect(cards.nth(1).locator(".target-post")).toHaveText("局长");
  // The body on 好…差, the cadres on 优秀…不称职; each kind's own items.
  const body = cards.nth(0);
  await expect(body.getByRole("radio")).toHaveCount(2 * 5);
  await expect(body.getByRole("radio", { name: "好", exact: true }).first()).toBeVisible();
  await expect(body.getByRole("radio", { name: "优秀" })).toHaveCount(0);
  await expect(body.locator("fieldset.item legend")).toContainText(["班子总体评价", "工作实绩"]);
  const wang = cards.nth(1);
  await expect(wang.locator("fieldset.item legend")).toContainText(["干部总体评价", "德"]);
  await expect(wang.getByRole("radio", { name: "不称职" })).toHaveCount(2);
  await expect(page.getByTestId("progress")).toHaveText("已答 0 / 6 项");

  await answer(page, "甲局领导班子", "较好", "班子总体评价");
  await answer(page, "王伟", "称职", "干部总体评价");
  await answer(page, "王伟", "优秀", "德");
  await answer(page, "李娜", "不称职", "干部总体评价");
  if (info.project.name === "hydrate") {
    await expect(page.getByTestId("progress")).toHaveText("已答 4 / 6 项");
  }
  await page.getByRole("button", { name: "检查并提交" }).click();
  const review = page.getByTestId("review");
  await expect(review).toContainText("甲局领导班子 — 工作实绩");
  await expect(review).toContainText("李娜 — 德");
  await review.getByRole("button", { name: "确认提交" }).click();
  await expect(page.getByTestId("receipt")).toHaveText(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);

  // The answers were counted on each kind's scale.
  expect((await request.post(`/api/v1/rounds/${id}/close`)).status()).toBe(200);
  const results = await (await request.get(`/api/v1/rounds/${id}/results?unit=jia`)).json();
  const li = results.targets.find((t: { key: string }) => t.key === "jia-02");
  expect(li.overall.counts.incompetent).toBe(1);
  expect(li.status).toBe("flagged");
});

test("the sheet is filled and submitted with the keyboard alone", async ({ page, request }, info) => {
  const { codes } = await unitSheet(request, `e2e 键盘 ${info.project.name} ${Date.now()}`);
  await page.goto(`/v/${codes[1]}`);
  const first = page.locator("fieldset.target-card").first().getByRole("radio").first();
  await first.focus();
  // Space checks the focused option; the arrow keys move within a question; Tab goes on.
  await page.keyboard.press("Space");
  await expect(first).toBeChecked();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("fieldset.target-card").first().getByRole("radio", { name: "较好", exact: true }).first()).toBeChecked();
  // Every remaining question: Tab into it, Space to answer its first option.
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
  }
  if (info.project.name === "hydrate") {
    await expect(page.getByTestId("progress")).toHaveText("已答 6 / 6 项");
  }
  // Tab to the opinion, type, and on to the submit button.
  await page.keyboard.press("Tab");
  await page.keyboard.type("键盘也能填写");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "检查并提交" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("receipt")).toHaveText(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
});
