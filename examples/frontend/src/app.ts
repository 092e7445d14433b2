// The page: sign up / sign in with Better Auth, then the caller's tasks from the service on another origin.
import { type Claims, BetterAuth, claimsOf } from "./auth.js";
import { ApiError, type ListQuery, SignedOut, type Task, TodoApi } from "./client.js";

const PAGE_SIZE = 5;
/** The longest Retry-After this page waits for on its own before it leaves the retry to the user. */
const MAX_AUTOMATIC_RETRY_S = 30;

function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`#${id} missing`);
  return found as T;
}

interface Config {
  apiURL: string;
  authURL: string;
}

let auth: BetterAuth;
let api: TodoApi | null = null;
let config: Config;
let source: { query: ListQuery } | { next: string } = { query: { limit: PAGE_SIZE } };
let pageNumber = 1;

// ---- messages

function banner(text: string | null): void {
  const b = el("banner");
  b.textContent = text ?? "";
  b.hidden = text === null;
}

function withRequestId(e: ApiError): string {
  return e.requestId === null ? e.message : `${e.message} (request id ${e.requestId})`;
}

/**
 * What the page does with a failure it has no more precise answer for: 401 after one refresh → the sign-in page;
 * 403 → not allowed; 503 → says when it tries again and does (once, after Retry-After); anything else → the detail
 * and the request id to quote.
 */
function fail(e: unknown, retry?: () => Promise<void>): void {
  if (e instanceof SignedOut) {
    showSignIn("Your session has ended. Please sign in again.");
    return;
  }
  if (e instanceof ApiError) {
    if (e.status === 403) {
      banner(`Not allowed: ${withRequestId(e)}`);
    } else if (e.status === 503) {
      const wait = Math.min(e.retryAfter ?? 5, MAX_AUTOMATIC_RETRY_S);
      banner(`The service is unavailable right now; trying again in ${wait} s. ${withRequestId(e)}`);
      if (retry !== undefined) {
        window.setTimeout(() => {
          retry().then(() => banner(null), (again) => fail(again));
        }, wait * 1000);
      }
    } else if (e.status === 0) {
      banner(e.message);
    } else {
      banner(`${e.status}: ${withRequestId(e)}`);
    }
    return;
  }
  banner(e instanceof Error ? e.message : String(e));
}

// ---- views

function showSignIn(reason: string): void {
  api = null;
  auth.forget();
  document.body.dataset.view = "signin";
  el("signin-view").hidden = false;
  el("tasks-view").hidden = true;
  el("account").hidden = true;
  el("signin-reason").textContent = reason;
  el("task-list").replaceChildren();
}

async function startSession(): Promise<void> {
  const claims = claimsOf(await auth.current());
  api = new TodoApi(config.apiURL, auth, claims.sub);
  document.body.dataset.view = "tasks";
  el("signin-view").hidden = true;
  el("tasks-view").hidden = false;
  el("account").hidden = false;
  el("user-email").textContent = claims.email ?? claims.sub;
  showExpiry(claims);
  banner(null);
  await firstPage();
}

function showExpiry(claims: Claims): void {
  const expiry = el("token-expiry");
  expiry.dataset.exp = String(claims.exp);
  expiry.textContent = `token until ${new Date(claims.exp * 1000).toLocaleTimeString()}`;
}

// ---- the list

async function firstPage(): Promise<void> {
  source = { query: { limit: PAGE_SIZE } };
  pageNumber = 1;
  await loadPage();
}

async function loadPage(): Promise<void> {
  if (api === null) return;
  const page = await api.list(source);
  const list = el("task-list");
  list.replaceChildren(...page.tasks.map(renderTask));
  el("empty").hidden = page.tasks.length > 0;
  el("page-number").textContent = `page ${pageNumber}`;
  const next = el<HTMLButtonElement>("next-page");
  next.hidden = page.next === null;
  next.onclick = page.next === null ? null : () => {
    source = { next: page.next as string };
    pageNumber++;
    loadPage().catch((e) => fail(e, loadPage));
  };
}

function renderTask(task: Task): HTMLLIElement {
  const template = el<HTMLTemplateElement>("task-template");
  const li = (template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
  let current = task;
  const part = <T extends HTMLElement>(selector: string): T => li.querySelector(selector) as T;
  const etag = (): string => `"${current.version}"`;

  const show = (t: Task): void => {
    current = t;
    li.dataset.id = t.id;
    li.dataset.version = String(t.version);
    li.classList.toggle("done", t.completed);
    part<HTMLInputElement>(".toggle").checked = t.completed;
    part(".title").textContent = t.title;
    part(".description").textContent = t.description ?? "";
  };
  show(task);

  const conflictOr = (e: unknown): void => {
    if (e instanceof ApiError && e.status === 412) {
      part(".conflict").hidden = false;
    } else if (e instanceof ApiError && e.status === 404) {
      banner("This task no longer exists.");
      loadPage().catch((again) => fail(again));
    } else {
      fail(e);
    }
  };

  part<HTMLInputElement>(".toggle").onchange = () => {
    api?.toggle(current.id, etag()).then((r) => show(r.value), (e) => {
      part<HTMLInputElement>(".toggle").checked = current.completed;
      conflictOr(e);
    });
  };
  part(".edit").onclick = () => {
    part<HTMLInputElement>(".edit-title").value = current.title;
    part(".edit-error-title").textContent = "";
    part(".edit-form").hidden = false;
  };
  part(".cancel").onclick = () => {
    part(".edit-form").hidden = true;
  };
  part<HTMLFormElement>(".edit-form").onsubmit = (event) => {
    event.preventDefault();
    const title = part<HTMLInputElement>(".edit-title").value;
    api?.update(current.id, { title }, etag()).then((r) => {
      show(r.value);
      part(".edit-form").hidden = true;
    }, (e) => {
      if (e instanceof ApiError && e.status === 422) {
        part(".edit-error-title").textContent = e.fieldErrors().get("title") ?? e.message;
      } else {
        conflictOr(e);
      }
    });
  };
  part(".reload").onclick = () => {
    api?.get(current.id).then((r) => {
      show(r.value);
      part(".conflict").hidden = true;
      part<HTMLInputElement>(".edit-title").value = r.value.title;
    }, conflictOr);
  };
  part(".delete").onclick = () => {
    api?.remove(current.id).then(() => loadPage(), conflictOr).catch((e) => fail(e));
  };
  return li;
}

// ---- forms and buttons

function wire(): void {
  const form = el<HTMLFormElement>("auth-form");
  const credentials = (): { name: string; email: string; password: string } => ({
    name: el<HTMLInputElement>("name").value.trim(),
    email: el<HTMLInputElement>("email").value.trim(),
    password: el<HTMLInputElement>("password").value,
  });
  const enter = async (how: "in" | "up"): Promise<void> => {
    el("auth-error").textContent = "";
    const c = credentials();
    try {
      if (how === "up") {
        await auth.signUp(c.name || c.email, c.email, c.password);
      } else {
        await auth.signIn(c.email, c.password);
      }
      await auth.refresh();
      el<HTMLInputElement>("password").value = "";
      await startSession();
    } catch (e) {
      if (e instanceof ApiError || e instanceof SignedOut) {
        fail(e);
      } else {
        el("auth-error").textContent = e instanceof Error ? e.message : String(e);
      }
    }
  };
  form.onsubmit = (event) => {
    event.preventDefault();
    void enter("in");
  };
  el("sign-up").onclick = () => void enter("up");

  el<HTMLFormElement>("new-task").onsubmit = (event) => {
    event.preventDefault();
    const title = el<HTMLInputElement>("new-title");
    const description = el<HTMLTextAreaElement>("new-description");
    el("field-error-title").textContent = "";
    el("field-error-description").textContent = "";
    const create = async (): Promise<void> => {
      if (api === null) return;
      // only a title, unless a description was typed: the generated NewTask type makes the rest optional
      await api.create(description.value === "" ? { title: title.value } : { title: title.value, description: description.value });
      title.value = "";
      description.value = "";
      await firstPage();
    };
    create().catch((e) => {
      if (e instanceof ApiError && e.status === 422) {
        for (const [field, message] of e.fieldErrors()) {
          const slot = document.getElementById(`field-error-${field}`);
          if (slot !== null) slot.textContent = message;
        }
      } else {
        fail(e, create);
      }
    });
  };
  el("first-page").onclick = () => void firstPage().catch((e) => fail(e, firstPage));

  el("sign-out").onclick = async () => {
    await auth.signOut();
    showSignIn("Signed out.");
  };
  el("sign-out-everywhere").onclick = async () => {
    if (api === null) return;
    try {
      // 1. the service refuses every token already issued (while this one still works) ...
      await api.revokeSessions();
      // 2. ... then Better Auth ends every session, so no device gets a new token
      await auth.revokeSessions();
      await auth.signOut();
      showSignIn("Signed out on every device.");
    } catch (e) {
      fail(e);
    }
  };
}

async function main(): Promise<void> {
  config = (await (await fetch("/config.json", { cache: "no-store" })).json()) as Config;
  auth = new BetterAuth(config.authURL);
  auth.onToken = (claims) => {
    if (claims === null) {
      showSignIn("Your session has ended. Please sign in again.");
    } else {
      showExpiry(claims);
    }
  };
  wire();
  try {
    await auth.refresh();
  } catch {
    showSignIn("");
    return;
  }
  await startSession().catch((e) => fail(e, startSession));
}

void main();
