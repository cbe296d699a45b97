// XSS payloads in round titles, target names, imported targets and opinions render as
// text everywhere — pages, charts, report, steering pages — and never run: a dialog
// fails the test. Every page carries a Content-Security-Policy with a nonce.
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

const PAYLOADS = [
  `<script>alert("t")</script>`,
  `<img src=x onerror=alert("n")>`,
  `"><svg onload=alert("s")>`,
  `javascript:alert("j")`,
];

test("payloads render as text and no script of theirs ever runs", async ({ page, request }, info) => {
  test.setTimeout(60_000);
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  expect((await request.post("/api/v1/session", { data: ADMIN })).status()).toBe(200);
  const tag = `${info.project.name}${Date.now()}`;
  const created = await request.post("/api/v1/rounds", {
    data: {
      title: `${PAYLOADS[0]} ${tag}`,
      description: PAYLOADS[1],
      categories: [{ key: "masses", name: PAYLOADS[2], weight: 1 }],
      items: [{ key: "overall", title: PAYLOADS[1], overall: true }],
      targets: [
        { key: "x1", name: PAYLOADS[1], kind: "body" },
        { key: "x2", name: PAYLOADS[2], kind: "body" },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id;

  // Two more targets imported as pasted CSV through the round page: the preview and the
  // list show the names as text. One name starts with "=", as a formula would.
  const formula = `=HYPERLINK("http://x.invalid","${tag}")`;
  await signIn(page, ADMIN);
  await page.goto(`/rounds/${id}`);
  await page.getByLabel("粘贴内容").fill(`名称,类型\n${PAYLOADS[0]},班子\n"${formula.replaceAll('"', '""')}",班子`);
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByRole("cell", { name: PAYLOADS[0] })).toBeVisible();
  await page.getByRole("button", { name: /确认导入/ }).click();
  await expect(page.getByRole("heading", { name: "测评对象 (4)" })).toBeVisible();
  await expect(page.locator("body")).toContainText(formula);
  const round = await (await request.get(`/api/v1/rounds/${id}`)).json();
  const keys: string[] = round.targets.map((t: { key: string }) => t.key);
  expect(keys).toHaveLength(4);

  const issued = await request.post(`/api/v1/rounds/${id}/codes`, { data: { category: "masses", count: 5 } });
  const codes: string[] = (await issued.json()).codes;
  expect((await request.post(`/api/v1/rounds/${id}/open`)).status()).toBe(200);

  // The evaluator's sheet shows the names as text.
  await page.goto(`/v/${codes[0]}`);
  await expect(page.locator("body")).toContainText(PAYLOADS[1]);
  for (const [i, code] of codes.entries()) {
    const res = await request.post("/api/v1/ballots", {
      data: {
        code,
        answers: keys.map((target) => ({ target, item: "overall", option: target === "x1" ? "dissatisfied" : "satisfied" })),
        opinion: PAYLOADS[i % PAYLOADS.length],
      },
    });
    expect(res.status()).toBe(201);
  }
  expect((await request.post(`/api/v1/rounds/${id}/close`)).status()).toBe(200);

  for (const path of [`/rounds/${id}`, `/rounds/${id}/results`, `/rounds/${id}/report`, "/rounds", "/groups", "/audit"]) {
    const res = await page.goto(path);
    const csp = res!.headers()["content-security-policy"] ?? "";
    // On a failure, say what came back instead of a page.
    const seen = /nonce-/.test(csp) ? path : `${path} answered ${res!.status()}: ${(await res!.text()).slice(0, 300)}`;
    expect(csp, seen).toMatch(/script-src 'nonce-[A-Za-z0-9_-]+' 'strict-dynamic'/);
    expect(csp, seen).not.toContain("unsafe-inline");
  }
  await page.goto(`/rounds/${id}/results`);
  await expect(page.getByTestId("ranking")).toContainText(PAYLOADS[1]);
  await expect(page.getByTestId("opinions")).toContainText(PAYLOADS[0]);
  await expect(page.locator(".chart-svg svg").first()).toContainText(PAYLOADS[1]);
  await expect(page.getByTestId("ranking")).toContainText(PAYLOADS[0]);
  await expect(page.getByTestId("ranking")).toContainText(formula);

  // Exports: the CSV holds the names as literal text, the formula defused by an apostrophe.
  const csv = await (await request.get(`/api/v1/rounds/${id}/results.csv`)).text();
  expect(csv).toContain(PAYLOADS[0].replaceAll('"', '""'));
  expect(csv).toContain(`'=HYPERLINK(`);
  expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  const xlsx = await request.get(`/api/v1/rounds/${id}/results.xlsx`);
  expect(xlsx.status()).toBe(200);
  // No element was injected by a payload.
  expect(await page.locator("img[src=x], svg[onload]").count()).toBe(0);
  expect(dialogs).toEqual([]);
});
