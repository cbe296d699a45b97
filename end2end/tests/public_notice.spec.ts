// The 公示 page on a phone, with and without JavaScript (both projects): the admin makes
// the round's public link; a passer-by with no account opens it and reads the flagged
// body's problem, measure, owner, deadline and status — and nothing of the body that was
// not flagged, nor the opinions written on the ballots.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ADMIN } from "./fixtures";

test("a passer-by reads the rectification notice on a phone without an account", async ({ page, request }, info) => {
  test.setTimeout(60_000);
  const tag = `${info.project.name}${Date.now()}`;
  const [flagged, fine] = [`wjw-${tag}`, `jyj-${tag}`];
  expect((await request.post("/api/v1/session", { data: ADMIN })).status()).toBe(200);
  const created = await request.post("/api/v1/rounds", {
    data: {
      title: `e2e 公示 ${tag}`,
      categories: [{ key: "masses", name: "群众代表", weight: 1 }],
      items: [{ key: "overall", title: "总体评价", overall: true }],
      targets: [
        { key: flagged, name: `区卫生健康局领导班子 ${tag}`, kind: "body" },
        { key: fine, name: `区教育局领导班子 ${tag}`, kind: "body" },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id;
  const issued = await request.post(`/api/v1/rounds/${id}/codes`, { data: { category: "masses", count: 5 } });
  const codes: string[] = (await issued.json()).codes;
  expect((await request.post(`/api/v1/rounds/${id}/open`)).status()).toBe(200);
  for (const [i, code] of codes.entries()) {
    const res = await request.post("/api/v1/ballots", {
      data: {
        code,
        opinion: "窗口人员态度生硬的私下意见",
        answers: [
          { target: flagged, item: "overall", option: i < 3 ? "dissatisfied" : "satisfied" },
          { target: fine, item: "overall", option: "satisfied" },
        ],
      },
    });
    expect(res.status()).toBe(201);
  }
  expect((await request.post(`/api/v1/rounds/${id}/close`)).status()).toBe(200);
  expect((await request.post(`/api/v1/rounds/${id}/publish`)).status()).toBe(200);
  const results = await (await request.get(`/api/v1/rounds/${id}/results`)).json();
  const flag = results.targets.find((t: { key: string }) => t.key === flagged).flag_id;
  const problem = await request.post(`/api/v1/flags/${flag}/problems`, { data: { title: "窗口服务态度差", source: "opinion" } });
  expect(problem.status()).toBe(201);
  const problemId = (await problem.json()).problems[0].id;
  const measure = await request.post(`/api/v1/problems/${problemId}/measures`, {
    data: { text: "开展窗口服务礼仪培训", owner: "办公室 刘主任", deadline: "2099-06-30" },
  });
  expect(measure.status()).toBe(201);
  const made = await request.post(`/api/v1/rounds/${id}/public-link`);
  expect(made.status()).toBe(201);
  const path = new URL((await made.json()).url).pathname;

  // The page fixture has no session: a passer-by's phone.
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`e2e 公示 ${tag}`);
  const card = page.getByTestId("notice-target");
  await expect(card).toHaveCount(1);
  await expect(card.getByRole("heading", { level: 2 })).toHaveText(`区卫生健康局领导班子 ${tag}`);
  await expect(card).toContainText("窗口服务态度差");
  await expect(card).toContainText("开展窗口服务礼仪培训");
  await expect(card).toContainText("办公室 刘主任");
  await expect(card).toContainText("2099-06-30");
  await expect(card).toContainText("未开始");
  const text = await page.locator("body").innerText();
  expect(text).not.toContain(`区教育局领导班子 ${tag}`);
  expect(text).not.toContain("私下意见");
  // Fits the phone: nothing wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  if (info.project.name === "hydrate") {
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.map((v) => v.id), "the 公示 page: WCAG 2.1 A/AA").toEqual([]);
  }

  // Withdrawn: the same address says so.
  expect((await request.delete(`/api/v1/rounds/${id}/public-link`)).status()).toBe(204);
  const gone = await page.goto(path);
  expect(gone?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("公示链接无效");
});
