// A campaign of units in the browser: codes issued per unit × category from the grid in
// one step, a sheet per unit, results grouped and filtered by unit, a target's history.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

/** A draft of two units (a body and a cadre each) on one scale; keys end in `tag`. */
async function twoUnits(request: APIRequestContext, title: string, tag = "") {
  expect((await request.post("/api/v1/session", { data: ADMIN })).status()).toBe(200);
  const round = await request.post("/api/v1/rounds", {
    data: {
      title,
      // Units of two and four evaluators: grouping is tested here, not disclosure.
      disclosure_min: 1,
      categories: [
        { key: "masses", name: "群众代表", weight: 1 },
        { key: "clients", name: "服务对象", weight: 1 },
      ],
      items: [{ key: "overall", title: "总体评价", overall: true }],
      targets: [
        { key: `jia${tag}`, name: "甲局领导班子", kind: "body" },
        { key: `jia${tag}-01`, name: "王伟", kind: "cadre", parent: `jia${tag}`, position: "局长" },
        { key: `yi${tag}`, name: "乙局领导班子", kind: "body" },
        { key: `yi${tag}-01`, name: "李娜", kind: "cadre", parent: `yi${tag}`, position: "局长" },
      ],
    },
  });
  expect(round.status()).toBe(201);
  return (await round.json()).id as number;
}

test("codes are issued per unit from the grid and print as a sheet per unit", async ({ page, request }, info) => {
  const id = await twoUnits(request, `e2e 按单位 ${info.project.name} ${Date.now()}`);
  await signIn(page, ADMIN);
  await page.goto(`/rounds/${id}`);
  const plan = page.getByTestId("plan-form");
  await plan.getByLabel("甲局领导班子 · 群众代表").fill("3");
  await plan.getByLabel("甲局领导班子 · 服务对象").fill("2");
  await plan.getByLabel("乙局领导班子 · 群众代表").fill("4");
  await plan.getByRole("button", { name: "按计划发放" }).click();
  await expect(page.getByTestId("cover")).toContainText("9");
  const sheets = page.locator("section.unit-sheet");
  await expect(sheets).toHaveCount(3);
  await expect(sheets.nth(0).locator(".unit-head")).toHaveText("甲局领导班子 · 群众代表 · 共 3 张 · 第 1 批");
  await expect(sheets.nth(2).locator("[data-code]")).toHaveCount(4);
  // A cover and one page per batch.
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  expect((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(4);

  // Back on the round page: the batches, and why a sheet cannot be printed again.
  await page.goto(`/rounds/${id}`);
  await expect(page.getByTestId("reprint-note")).toContainText("不能重印");
  await expect(page.getByTestId("batches").locator("tbody tr")).toHaveCount(3);
  await expect(page.getByTestId("unit-turnout").locator("tbody tr")).toHaveCount(2);
});

test("results group cadres under their unit, filter by unit and kind, and link each target's history", async ({ page, request }, info) => {
  const tag = `${info.project.name}${Date.now()}`;
  const id = await twoUnits(request, `e2e 结果 ${tag}`, tag);
  const issued = await request.post(`/api/v1/rounds/${id}/codes/plan`, {
    data: { plan: [{ unit: `jia${tag}`, category: "masses", count: 2 }, { unit: `yi${tag}`, category: "masses", count: 4 }] },
  });
  const batches = (await issued.json()).batches;
  expect((await request.post(`/api/v1/rounds/${id}/open`)).status()).toBe(200);
  const vote = (code: string, body: string, cadre: string, option: string) =>
    request.post("/api/v1/ballots", {
      data: { code, answers: [{ target: body, item: "overall", option: "satisfied" }, { target: cadre, item: "overall", option }] },
    });
  for (const code of batches[0].codes) expect((await vote(code, `jia${tag}`, `jia${tag}-01`, "satisfied")).status()).toBe(201);
  expect((await vote(batches[1].codes[0], `yi${tag}`, `yi${tag}-01`, "dissatisfied")).status()).toBe(201);
  expect((await request.post(`/api/v1/rounds/${id}/close`)).status()).toBe(200);

  await signIn(page, ADMIN);
  await page.goto(`/rounds/${id}/results`);
  const ranking = page.getByTestId("ranking");
  await expect(ranking).toHaveAttribute("data-grouped", "true");
  await expect(ranking.locator("tr.unit-row")).toHaveText(["甲局领导班子", "乙局领导班子"]);
  // 乙局: 1 of 4 codes used, below one half.
  await expect(page.getByTestId("turnout-units").locator(`tr[data-unit="yi${tag}"]`)).toContainText("不足一半");

  await page.getByLabel("单位").selectOption({ label: "乙局领导班子" });
  await page.getByLabel("类型").selectOption("cadre");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(new RegExp(`unit=yi${tag}&kind=cadre`));
  await expect(ranking.locator("tbody tr[data-target]")).toHaveCount(1);
  await expect(ranking).toContainText("李娜");

  await ranking.getByRole("link", { name: "李娜" }).click();
  await expect(page).toHaveURL(new RegExp(`/targets/yi${tag}-01$`));
  await expect(page.getByTestId("history").locator("tbody tr")).toHaveCount(1);
  await expect(page.locator('[data-chart="trend"] svg')).toBeVisible();
});
