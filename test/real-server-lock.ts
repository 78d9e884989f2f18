/**
 * One test file at a time against a real server: vitest runs files in parallel, and the Burki tests
 * of several files route the same seeded numbers, so their real-server runs take this lock (a
 * directory in the OS temp folder, named after the server URL, holding the owner's pid). A lock whose
 * owner is gone (a killed run) is taken over.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

function lockDir(url: string): string {
  return path.join(os.tmpdir(), `pulumi-voiceai-real-server-${url.replace(/[^A-Za-z0-9]+/g, "_")}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Waits (up to `timeoutMs`) until this process holds the lock for `url`; resolves with its release. */
export async function lockRealServer(url: string, timeoutMs = 1_800_000): Promise<() => void> {
  const dir = lockDir(url);
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "pid"), String(process.pid));
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const owner = Number(fs.readFileSync(path.join(dir, "pid"), { encoding: "utf8", flag: "a+" }) || NaN);
    // No pid yet: its owner is between mkdir and write; give it a moment before calling it stale.
    if ((Number.isInteger(owner) && !alive(owner)) || (!Number.isInteger(owner) && Date.now() - fs.statSync(dir).mtimeMs > 10_000)) {
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`another test run holds ${dir} (pid ${owner}) for over ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
