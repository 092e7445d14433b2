// Better Auth from the page, on its own origin: the same endpoints better-auth/client's authClient calls
// (signUp.email, signIn.email, token() of jwtClient, revokeSessions, signOut), with the session cookie.
import { SignedOut, type TokenSource } from "./client.js";

export interface Claims {
  sub: string;
  email?: string;
  iat: number;
  exp: number;
}

/** The payload of a compact JWS, unverified: only to read sub and exp (the service verifies). */
export function claimsOf(token: string): Claims {
  const payload = token.split(".")[1] ?? "";
  const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
  const text = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  return JSON.parse(text) as Claims;
}

/** Refresh this long before exp (or at 80 % of the lifetime for short-lived tokens). */
const REFRESH_BEFORE_MS = 60_000;

export class BetterAuth implements TokenSource {
  private token: string | null = null;
  private pending: Promise<string> | null = null;
  private timer: number | undefined;

  /** Called with each new token, and with null when Better Auth refused to give one (signed out). */
  onToken: (claims: Claims | null) => void = () => {};

  constructor(private readonly authUrl: string) {}

  private async post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.authUrl}/api/auth${path}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  }

  private static async failure(response: Response): Promise<Error> {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    return new Error(body.message ?? `Better Auth answered ${response.status}`);
  }

  async signUp(name: string, email: string, password: string): Promise<void> {
    const response = await this.post("/sign-up/email", { name, email, password });
    if (!response.ok) throw await BetterAuth.failure(response);
  }

  async signIn(email: string, password: string): Promise<void> {
    const response = await this.post("/sign-in/email", { email, password });
    if (!response.ok) throw await BetterAuth.failure(response);
  }

  /** Ends every session of the user at Better Auth: no device gets a new JWT from now on. */
  async revokeSessions(): Promise<void> {
    const response = await this.post("/revoke-sessions", {});
    if (!response.ok && response.status !== 401) throw await BetterAuth.failure(response);
  }

  async signOut(): Promise<void> {
    await this.post("/sign-out", {}).catch(() => undefined);
    this.forget();
  }

  forget(): void {
    this.token = null;
    window.clearTimeout(this.timer);
  }

  async current(): Promise<string> {
    return this.token ?? this.refresh();
  }

  /** A new JWT from GET /api/auth/token with the session cookie; one request at a time. */
  refresh(): Promise<string> {
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${this.authUrl}/api/auth/token`, {
        credentials: "same-origin",
        cache: "no-store",
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new Error("Better Auth cannot be reached.");
    }
    if (response.status === 401 || response.status === 403) {
      this.forget();
      this.onToken(null);
      throw new SignedOut("Your session has ended.");
    }
    if (!response.ok) throw await BetterAuth.failure(response);
    const { token } = (await response.json()) as { token: string };
    this.token = token;
    const claims = claimsOf(token);
    this.schedule(claims);
    this.onToken(claims);
    return token;
  }

  /**
   * Fetch the next token before this one expires, so no call ever goes out with an expired token. Timed from
   * the token's own lifetime (exp - iat) since it arrived, not from this device's clock, which may be off.
   */
  private schedule(claims: Claims): void {
    window.clearTimeout(this.timer);
    const lifetime = (claims.exp - claims.iat) * 1000;
    const lead = Math.min(REFRESH_BEFORE_MS, lifetime * 0.2);
    const delay = Math.max(1000, lifetime - lead);
    this.timer = window.setTimeout(() => {
      this.refresh().catch(() => undefined);
    }, delay);
  }
}
