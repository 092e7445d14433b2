// The service's API, typed by src/api.d.ts (generated from the service's openapi.json by openapi-typescript; see
// scripts/check-types.mjs). Every call carries the Better Auth JWT; a 401 gets one fresh token and one retry.
import type { components, paths } from "./api";

export type Task = components["schemas"]["Task"];
export type NewTask = components["schemas"]["NewTask"];
export type TaskChanges = components["schemas"]["TaskChanges"];
export type Problem = components["schemas"]["Problem"];
export type Me = components["schemas"]["Me"];

type Json<R> = R extends { content: { "application/json": infer T } } ? T : never;
type Tasks = paths["/api/{user_id}/tasks"];
type OneTask = paths["/api/{user_id}/tasks/{id}"];
export type ListQuery = NonNullable<Tasks["get"]["parameters"]["query"]>;
type ListOk = Json<Tasks["get"]["responses"][200]>;
type CreateBody = NonNullable<Tasks["post"]["requestBody"]>["content"]["application/json"];
type Created = Json<Tasks["post"]["responses"][201]>;
type UpdateBody = NonNullable<OneTask["put"]["requestBody"]>["content"]["application/json"];
type Updated = Json<OneTask["put"]["responses"][200]>;
type Toggled = Json<paths["/api/{user_id}/tasks/{id}/complete"]["patch"]["responses"][200]>;
type MeOk = Json<paths["/api/me"]["get"]["responses"][200]>;

/** Where the JWT comes from: the current one, or a new one from Better Auth (throws SignedOut when refused). */
export interface TokenSource {
  current(): Promise<string>;
  refresh(): Promise<string>;
}

/** The Better Auth session is gone (or the service refused a fresh token): sign in again. */
export class SignedOut extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "SignedOut";
  }
}

/** A problem+json answer of the service (or no answer at all: status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    readonly requestId: string | null,
    /** Seconds, from Retry-After (503). */
    readonly retryAfter: number | null,
  ) {
    super(problem?.detail ?? (status === 0 ? "The service cannot be reached." : `HTTP ${status}`));
    this.name = "ApiError";
  }

  static async of(response: Response): Promise<ApiError> {
    let problem: Problem | null = null;
    if ((response.headers.get("Content-Type") ?? "").startsWith("application/problem+json")) {
      problem = (await response.json()) as Problem;
    }
    const retry = response.headers.get("Retry-After");
    const seconds = retry !== null && /^\d+$/.test(retry) ? Number(retry) : null;
    return new ApiError(response.status, problem, response.headers.get("X-Request-Id"), seconds);
  }

  /** The field errors of a 422, by field name. */
  fieldErrors(): Map<string, string> {
    return new Map((this.problem?.errors ?? []).map((e) => [e.field, e.message]));
  }
}

/** A task with the ETag it was read with (to send back in If-Match). */
export interface Tagged<T> {
  value: T;
  etag: string | null;
}

export interface Page {
  tasks: Task[];
  /** The absolute URL of the next page (Link rel="next"), or null on the last page. */
  next: string | null;
}

const TIMEOUT_MS = 10_000;

export class TodoApi {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: TokenSource,
    private readonly userId: string,
  ) {}

  private tasksUrl(id?: string): string {
    const base = `${this.baseUrl}/api/${encodeURIComponent(this.userId)}/tasks`;
    return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
  }

  /** One request; on 401 one new token and one retry, then SignedOut. Non-2xx answers throw ApiError. */
  private async send(url: string, init: RequestInit, retried = false): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${await this.tokens.current()}`);
    headers.set("Accept", "application/json");
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch {
      throw new ApiError(0, null, null, null);
    }
    if (response.status === 401) {
      if (retried) {
        throw new SignedOut("The service refused a fresh token.");
      }
      await this.tokens.refresh();
      return this.send(url, init, true);
    }
    if (!response.ok) {
      throw await ApiError.of(response);
    }
    return response;
  }

  private async json<T>(url: string, init: RequestInit): Promise<Tagged<T>> {
    const response = await this.send(url, init);
    return { value: (await response.json()) as T, etag: response.headers.get("ETag") };
  }

  /** A page of tasks: the first (query) or the one a Link rel="next" named (absolute URL). */
  async list(from: { query: ListQuery } | { next: string }): Promise<Page> {
    let url: string;
    if ("next" in from) {
      url = from.next;
    } else {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(from.query)) {
        if (value !== undefined) params.set(key, String(value));
      }
      url = `${this.tasksUrl()}?${params}`;
    }
    // The browser's HTTP cache revalidates with If-None-Match (Cache-Control: private, no-cache); a 304 reaches
    // this code as the cached 200.
    const response = await this.send(url, { method: "GET" });
    const tasks = (await response.json()) as ListOk;
    return { tasks, next: nextLink(response.headers.get("Link")) };
  }

  get(id: string): Promise<Tagged<Task>> {
    return this.json<Task>(this.tasksUrl(id), { method: "GET" });
  }

  create(task: CreateBody): Promise<Tagged<Created>> {
    return this.json<Created>(this.tasksUrl(), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(task),
    });
  }

  /** Changes only the fields given; with the ETag it was read with, a change made elsewhere since is a 412. */
  update(id: string, changes: UpdateBody, ifMatch: string | null): Promise<Tagged<Updated>> {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (ifMatch !== null) headers["If-Match"] = ifMatch;
    return this.json<Updated>(this.tasksUrl(id), { method: "PUT", headers, body: JSON.stringify(changes) });
  }

  toggle(id: string, ifMatch: string | null): Promise<Tagged<Toggled>> {
    const headers: Record<string, string> = {};
    if (ifMatch !== null) headers["If-Match"] = ifMatch;
    return this.json<Toggled>(`${this.tasksUrl(id)}/complete`, { method: "PATCH", headers });
  }

  async remove(id: string): Promise<void> {
    await this.send(this.tasksUrl(id), { method: "DELETE" });
  }

  async me(): Promise<MeOk> {
    return (await this.json<MeOk>(`${this.baseUrl}/api/me`, { method: "GET" })).value;
  }

  /** "Sign out everywhere", the service's half: every token of this user issued up to now is refused. */
  async revokeSessions(): Promise<void> {
    await this.send(`${this.baseUrl}/api/${encodeURIComponent(this.userId)}/sessions/revoke`, { method: "POST" });
  }
}

/** The target of rel="next" in a Link header (RFC 8288), or null. */
export function nextLink(link: string | null): string | null {
  if (link === null) return null;
  for (const part of link.split(",")) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match?.[1] !== undefined && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(match[2] ?? "")) {
      return match[1];
    }
  }
  return null;
}
