// The organization department reads the results: ranking, the 需补课 badge on the right
// body, CSV, Excel and Word downloads, and the print report on A4.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ADMIN, openRoundWithCodes, signIn } from "./fixtures";

test("an admin reads the ranking, sees who must do make-up lessons, exports and prints", async ({ page, request }, info) => {
  const title = `e2e 结果 ${info.project.name} ${Date.now()}`;
  const { id, codes } = await openRoundWithCodes(request, title, 5);
  // 区卫生健康局: 3 of 5 dissatisfied → flagged; 区教育局: all satisfied.
  for (const [i, code] of codes.entries()) {
    const res = await request.post("/api/v1/ballots", {
      data: {
        code,
        answers: [
          { target: "jyj", item: "overall", option: "satisfied" },
          { target: "wjw", item: "overall", option: i < 3 ? "dissatisfied" : "basically_satisfied" },
        ],
      },
    });
    expect(res.status()).toBe(201);
  }
  expect((await request.post(`/api/v1/rounds/${id}/close`)).status()).toBe(200);

  await signIn(page, ADMIN);
  await page.goto(`/rounds/${id}/results`);
  const ranking = page.getByTestId("ranking");
  await expect(ranking.getByRole("row").nth(1)).toContainText("区教育局领导班子");
  const flagged = ranking.getByRole("row").filter({ hasText: "区卫生健康局领导班子" });
  await expect(flagged).toContainText("需补课");
  await expect(flagged).toContainText("60.0%");
  await expect(ranking.getByRole("row").filter({ hasText: "区教育局领导班子" })).not.toContainText("需补课");
  await expect(page.locator(".chart-svg svg").first()).toBeVisible();

  for (const [name, ext] of [["导出 CSV", "csv"], ["导出 Excel", "xlsx"]]) {
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`round-${id}-results.${ext}`);
  }
  // The Word report: a DOCX (a zip whose first entry is the OOXML content types).
  const docx = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载测评报告（Word）" }).click();
  const report = await docx;
  expect(report.suggestedFilename()).toBe(`round-${id}-report.docx`);
  const bytes = readFileSync(await report.path());
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");

  await page.getByRole("link", { name: "打印报告（A4）" }).click();
  await expect(page.getByTestId("report-meta")).toContainText("有效票数");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(pages).toBeLessThanOrEqual(3);
});
