// Fails when src/api.d.ts is not what openapi-typescript generates from the service's committed OpenAPI document
// (then run `npm run types` and commit), and when the page does not compile against it under tsc --strict.
// With --served <url> (the running service's /openapi?format=json) it instead generates types from the served
// document and compiles the page against those.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => join(here, "node_modules", ".bin", name);
const committedDocument = join(here, "..", "..", "src", "main", "resources", "META-INF", "openapi.json");
const run = (cmd, args) => execFileSync(cmd, args, { cwd: here, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 }).toString();

const work = mkdtempSync(join(tmpdir(), "todo-types-"));
try {
  const served = process.argv.indexOf("--served");
  if (served < 0) {
    const fresh = join(work, "api.d.ts");
    run(bin("openapi-typescript"), [committedDocument, "-o", fresh]);
    if (readFileSync(fresh, "utf8") !== readFileSync(join(here, "src", "api.d.ts"), "utf8")) {
      console.error("src/api.d.ts is stale: the committed openapi.json generates other types. Run `npm run types` and commit.");
      spawnSync("diff", ["-u", join(here, "src", "api.d.ts"), fresh], { stdio: "inherit", timeout: 10_000 });
      throw new Error("stale src/api.d.ts");
    }
    run(bin("tsc"), ["-p", "tsconfig.json", "--noEmit", "--strict"]);
    console.log("types: src/api.d.ts matches openapi.json; the page compiles under tsc --strict");
  } else {
    const url = process.argv[served + 1];
    const response = await fetch(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const document = join(work, "served.json");
    writeFileSync(document, await response.text());
    cpSync(join(here, "src"), join(work, "src"), { recursive: true });
    run(bin("openapi-typescript"), [document, "-o", join(work, "src", "api.d.ts")]);
    writeFileSync(join(work, "tsconfig.json"), JSON.stringify({
      extends: join(here, "tsconfig.json"),
      compilerOptions: { rootDir: join(work, "src"), noEmit: true, strict: true },
      include: [join(work, "src", "**", "*.ts")],
    }));
    run(bin("tsc"), ["-p", join(work, "tsconfig.json")]);
    console.log(`types: the page compiles under tsc --strict against the document served at ${url}`);
  }
} catch (e) {
  console.error(e.stdout?.toString() ?? "", e.stderr?.toString() ?? "", e.message);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
