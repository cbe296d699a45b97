// A phone set to English gets English pages without touching the switcher.
import { expect, test } from "@playwright/test";

test.use({ locale: "en-US" });

test("an English phone sees the login page in English", async ({ page }) => {
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});
