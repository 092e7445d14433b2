// The browser flow of issue 22 against the running example app (APP_URL) and service (API_URL): two devices of
// one user and a second user, in headless Debian chromium through playwright-core. Run by e2e/run.sh.
// Every wait is bounded; a failure leaves screenshots and the console of every page in OUT_DIR.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";

const APP = process.env.APP_URL;
const API = process.env.API_URL;
const OUT = process.env.OUT_DIR ?? ".";
const WAIT = 10_000;
const suffix = Date.now().toString(36);
const alice = { name: "Alice", email: `alice-${suffix}@example.com`, password: "alice-password-1" };
const bob = { name: "Bob", email: `bob-${suffix}@example.com`, password: "bob-password-1" };

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  timeout: 30_000,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const pages = new Map();
const consoleLines = [];
let step = "start";

async function device(name, { fakeClock = false } = {}) {
  const context = await browser.newContext();
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  page.on("console", (m) => consoleLines.push(`[${name}] ${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleLines.push(`[${name}] pageerror: ${e.message}`));
  if (fakeClock) await page.clock.install();
  pages.set(name, page);
  await page.goto(APP);
  await page.locator("#signin-view").waitFor({ state: "visible" });
  return page;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Polls fn until it returns true, at most ms. */
async function until(fn, message, ms = WAIT) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signUp(page, who) {
  await page.fill("#name", who.name);
  await page.fill("#email", who.email);
  await page.fill("#password", who.password);
  await page.click("#sign-up");
  await page.locator("#tasks-view").waitFor({ state: "visible" });
}

async function signIn(page, who) {
  await page.fill("#email", who.email);
  await page.fill("#password", who.password);
  await page.click("#sign-in");
  await page.locator("#tasks-view").waitFor({ state: "visible" });
}

const titles = (page) => page.locator("#task-list .title").allTextContents();
const item = (page, title) => page.locator("#task-list li", { has: page.locator(".title", { hasText: new RegExp(`^${title}$`) }) });

async function create(page, title) {
  await page.fill("#new-title", title);
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/tasks") && r.request().method() === "POST"),
    page.click("#create"),
  ]);
  check(answer.status() === 201, `create ${title}`);
  await until(async () => (await titles(page))[0] === title, `${title} listed first`);
}

/** A call from the page itself (its origin, its token from Better Auth), answered as {status, headers}. */
function fromPage(page, url, headers = {}) {
  return page.evaluate(async ({ url, headers }) => {
    const { token } = await (await fetch("/api/auth/token", { cache: "no-store" })).json();
    const response = await fetch(url, { cache: "no-store", headers: { ...headers, Authorization: `Bearer ${token}` } });
    return { status: response.status, etag: response.headers.get("ETag"), cache: response.headers.get("Cache-Control"),
      requestId: response.headers.get("X-Request-Id"), body: await response.text() };
  }, { url, headers });
}

async function userIdOf(page) {
  return page.evaluate(async () => {
    const { token } = await (await fetch("/api/auth/token", { cache: "no-store" })).json();
    return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).sub;
  });
}

try {
  step = "alice signs up on device 1";
  const a1 = await device("alice-1");
  await signUp(a1, alice);
  check((await titles(a1)).length === 0, "a new user has no tasks");
  const aliceId = await userIdOf(a1);

  step = "422: a blank title shows the field error next to the field";
  await a1.fill("#new-title", "   ");
  await a1.click("#create");
  await until(async () => (await a1.textContent("#field-error-title")).trim() !== "", "field error of title");
  check((await titles(a1)).length === 0, "nothing created by a 422");

  step = "create seven tasks, page by page (Link rel=next)";
  for (let i = 1; i <= 7; i++) await create(a1, `Task ${i}`);
  await until(async () => (await titles(a1)).join() === "Task 7,Task 6,Task 5,Task 4,Task 3", "first page of five");
  check(await a1.isVisible("#next-page"), "a next page");
  await a1.click("#next-page");
  await until(async () => (await titles(a1)).join() === "Task 2,Task 1", "second page");
  check(!(await a1.isVisible("#next-page")), "no page after the last");
  await a1.click("#first-page");
  await until(async () => (await titles(a1))[0] === "Task 7", "back on the first page");

  step = "conditional GET from the browser: ETag, private no-cache, If-None-Match → 304 across origins";
  const listUrl = `${API}/api/${aliceId}/tasks?limit=5`;
  const full = await fromPage(a1, listUrl);
  check(full.status === 200 && full.etag !== null && full.cache === "private, no-cache" && full.requestId, `list: ${JSON.stringify(full)}`);
  const again = await fromPage(a1, listUrl, { "If-None-Match": full.etag });
  check(again.status === 304 && again.body === "", `If-None-Match: ${again.status}`);

  step = "alice signs in on device 2 (clock under the test's control) and sees the same tasks";
  const a2 = await device("alice-2", { fakeClock: true });
  await signIn(a2, alice);
  await until(async () => (await titles(a2))[0] === "Task 7", "device 2 lists alice's tasks");

  step = "412: device 1 saves over a change device 2 made";
  await item(a1, "Task 7").locator(".edit").click();
  await item(a2, "Task 7").locator(".edit").click();
  await item(a2, "Task 7").locator(".edit-title").fill("Task 7 from device 2");
  await item(a2, "Task 7").locator(".save").click();
  await item(a2, "Task 7 from device 2").waitFor();
  const stale = item(a1, "Task 7");
  await stale.locator(".edit-title").fill("Task 7 from device 1");
  const [refused] = await Promise.all([
    a1.waitForResponse((r) => r.request().method() === "PUT"),
    stale.locator(".save").click(),
  ]);
  check(refused.status() === 412, "a stale If-Match is 412");
  await stale.locator(".conflict").waitFor({ state: "visible" });
  await stale.locator(".reload").click();
  await item(a1, "Task 7 from device 2").waitFor();
  check(await item(a1, "Task 7 from device 2").locator(".conflict").isHidden(), "conflict gone after loading");

  step = "422 on an edit: the field error next to the field";
  await item(a1, "Task 6").locator(".edit").click();
  await item(a1, "Task 6").locator(".edit-title").fill("");
  await item(a1, "Task 6").locator(".save").click();
  await until(async () => (await item(a1, "Task 6").locator(".edit-error-title").textContent()).trim() !== "", "edit field error");
  await item(a1, "Task 6").locator(".cancel").click();

  step = "toggle and delete";
  await item(a1, "Task 6").locator(".toggle").click();
  await until(async () => (await item(a1, "Task 6").getAttribute("class")).includes("done"), "Task 6 done");
  await item(a1, "Task 5").locator(".delete").click();
  await until(async () => !(await titles(a1)).includes("Task 5"), "Task 5 deleted");
  await a2.click("#first-page");
  await until(async () => (await a2.locator("#task-list li").first().textContent()).includes("Task 7 from device 2")
      && await item(a2, "Task 6").locator(".toggle").isChecked() && !(await titles(a2)).includes("Task 5"),
    "device 2 sees the toggle and the delete");

  step = "403: the service refuses another user's path";
  await a1.route(`${API}/api/${aliceId}/tasks?*`, (route) =>
    route.continue({ url: route.request().url().replace(`/api/${aliceId}/`, "/api/someone-else/") }), { times: 1 });
  await a1.click("#first-page");
  await until(async () => (await a1.textContent("#banner")).includes("Not allowed"), "403 shown");

  step = "503 with Retry-After: the page says when it retries, and does";
  await a1.route(`${API}/api/${aliceId}/tasks?*`, (route) => route.fulfill({
    status: 503,
    headers: { "Content-Type": "application/problem+json", "Retry-After": "1", "X-Request-Id": "e2e-503",
      "Access-Control-Allow-Origin": APP, "Access-Control-Expose-Headers": "Retry-After, X-Request-Id" },
    body: JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, detail: "The database is unavailable; try again shortly." }),
  }), { times: 1 });
  await a1.click("#first-page");
  await until(async () => (await a1.textContent("#banner")).includes("trying again in 1 s"), "503 shown with its Retry-After");
  await until(async () => await a1.isHidden("#banner"), "retried after Retry-After", 5_000);
  check((await titles(a1))[0] === "Task 7 from device 2", "the list after the retry");

  step = "a second user never sees alice's tasks";
  const b = await device("bob");
  await signUp(b, bob);
  await create(b, "Bob's task");
  check((await titles(b)).join() === "Bob's task", "bob sees only his own task");
  const foreign = await fromPage(b, listUrl);
  check(foreign.status === 403 && !foreign.body.includes("Task"), `bob on alice's list: ${foreign.status}`);

  step = "device 2 renews its token before it expires";
  await Promise.all([
    a2.waitForResponse((r) => r.url().endsWith("/api/auth/token") && r.status() === 200),
    a2.clock.fastForward("14:10"),
  ]);
  await a2.click("#first-page");
  await until(async () => (await titles(a2))[0] === "Task 7 from device 2", "device 2 works with the renewed token");

  step = "sign out everywhere on device 1: the service first, then Better Auth";
  const order = [];
  a1.on("request", (r) => {
    if (r.url().endsWith("/sessions/revoke") && r.method() === "POST") order.push("service");
    if (r.url().endsWith("/api/auth/revoke-sessions")) order.push("better-auth");
  });
  await a1.click("#sign-out-everywhere");
  await a1.locator("#signin-view").waitFor({ state: "visible" });
  check(order.join() === "service,better-auth", `order of the sign-out calls: ${order}`);

  step = "device 2: the next call is refused and it lands on the sign-in page";
  check(await a2.isVisible("#tasks-view"), "device 2 still shows the tasks before its next call");
  const [refusedCall] = await Promise.all([
    a2.waitForResponse((r) => r.url().startsWith(`${API}/api/`) && r.status() === 401),
    a2.click("#first-page"),
  ]);
  check(refusedCall.status() === 401, "device 2's next call is refused");
  await a2.locator("#signin-view").waitFor({ state: "visible" });
  check((await a2.textContent("#signin-reason")).includes("session has ended"), "device 2 says why");

  step = "bob is not signed out";
  await b.click("#first-page");
  await until(async () => (await titles(b)).join() === "Bob's task", "bob still works");
  console.log("e2e flow: passed");
} catch (e) {
  console.error(`e2e flow FAILED at step "${step}": ${e.stack ?? e}`);
  for (const [name, page] of pages) {
    await page.screenshot({ path: join(OUT, `failure-${name}.png`), fullPage: true }).catch(() => undefined);
  }
  process.exitCode = 1;
} finally {
  writeFileSync(join(OUT, "browser-console.log"), consoleLines.join("\n") + "\n");
  await browser.close();
}
