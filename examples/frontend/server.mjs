// The example's Node server: Better Auth (email + password, the jwt plugin, PostgreSQL through a pg Pool) under
// /api/auth/*, and the one page (public/ and the tsc output in dist/). Settings come from the environment; see
// README.md. Node 20, no framework.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
import { jwt } from "better-auth/plugins";
import pg from "pg";

const here = fileURLToPath(new URL(".", import.meta.url));
const env = process.env;

const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? "127.0.0.1";
/** The origin the browser uses for this app; it is the tokens' issuer (and the service's TODO_JWT_ISSUER). */
const baseURL = (env.BASE_URL ?? `http://${host}:${port}`).replace(/\/+$/, "");
/** The service the page calls (another origin: it must list baseURL in TODO_CORS_ORIGINS). */
const apiURL = (env.TODO_API_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
/** The tokens' audience (the service's TODO_JWT_AUDIENCE). */
const audience = env.JWT_AUDIENCE ?? "todo-api";
const devSecret = "DEV-ONLY-better-auth-example-secret-do-not-deploy";

if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is required: a PostgreSQL database of Better Auth's own, e.g. postgres://postgres@127.0.0.1:5432/todo_auth");
  process.exit(2);
}
if (!env.BETTER_AUTH_SECRET) {
  console.warn("WARNING: BETTER_AUTH_SECRET is unset; using a public DEV ONLY secret for Better Auth's cookies");
}

const pool = new pg.Pool({
  connectionString: env.DATABASE_URL,
  max: 5,
  connectionTimeoutMillis: 2000,
  statement_timeout: 5000,
});

export const auth = betterAuth({
  baseURL,
  secret: env.BETTER_AUTH_SECRET ?? devSecret,
  database: pool,
  emailAndPassword: { enabled: true, autoSignIn: true },
  // The session cookie (7 days) is what gets a new JWT; no cookie cache, so a revoked session stops
  // /api/auth/token at once.
  session: { expiresIn: 60 * 60 * 24 * 7 },
  plugins: [
    jwt({
      jwks: { keyPairConfig: { alg: "EdDSA", crv: "Ed25519" } },
      jwt: {
        issuer: baseURL,
        audience,
        expirationTime: env.JWT_EXPIRATION ?? "15m",
      },
    }),
  ],
});

// Better Auth's own schema (user, session, account, verification, jwks), created or brought up to date.
const { runMigrations } = await getMigrations(auth.options);
await runMigrations();
if (process.argv.includes("--migrate-only")) {
  await pool.end();
  process.exit(0);
}

const authHandler = toNodeHandler(auth);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
};
const csp = `default-src 'self'; connect-src 'self' ${apiURL}; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", baseURL);
  if (url.pathname.startsWith("/api/auth/")) {
    return authHandler(req, res);
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  if (url.pathname === "/config.json") {
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ apiURL, authURL: baseURL }));
    return;
  }
  const file = url.pathname === "/" ? "public/index.html"
    : url.pathname.startsWith("/js/") ? join("dist", url.pathname.slice(4))
    : join("public", url.pathname);
  const path = normalize(join(here, file));
  if (!path.startsWith(join(here, "public")) && !path.startsWith(join(here, "dist"))) {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(path);
    res.writeHead(200, {
      "Content-Type": types[extname(path)] ?? "application/octet-stream",
      "Cache-Control": "no-cache",
      "Content-Security-Policy": csp,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
  }
});
server.requestTimeout = 10_000;
server.headersTimeout = 5_000;
server.listen(port, host, () => {
  console.log(`todo frontend on ${baseURL} (Better Auth at ${baseURL}/api/auth, JWKS ${baseURL}/api/auth/jwks), calling ${apiURL}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    pool.end().finally(() => process.exit(0));
  });
}
