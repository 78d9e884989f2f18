/**
 * A throwaway virtualenv holding Revox's official Python SDK (PyPI `revox`, pinned), for the vendor-SDK
 * witness test. It lives outside the repository, beside the Pulumi CLI that scripts/ensure-pulumi.sh
 * provisions: $PULUMI_VOICEAI_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/pulumi-voiceai)/revox-sdk-<version>/.
 *
 * Idempotent: an existing venv is reused when its python imports `revox` at exactly the pinned version.
 * A new one is built in a temporary sibling folder and renamed into place only once complete, so a
 * half-built venv (an interrupted pip) is never reused; two concurrent builders both finish, and the
 * loser of the rename drops its copy. pip uses its own configured index (none is named here).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REVOX_SDK_VERSION = "0.5.0";

export type VenvResult = { python: string; built: boolean; seconds: number } | { skip: string };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Set when the command could not be started at all (e.g. ENOENT). */
  spawnError?: string;
}

function run(cmd: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 32 * 1024 * 1024, env }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
      if (err && typeof err.code === "string") {
        resolve({ code: -1, stdout: String(stdout), stderr: String(stderr), spawnError: `${cmd}: ${err.code}` });
        return;
      }
      if (err?.killed) {
        resolve({ code: -1, stdout: String(stdout), stderr: String(stderr), spawnError: `${cmd} timed out after ${timeoutMs} ms` });
        return;
      }
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function tail(text: string, lines = 6): string {
  return text.trim().split("\n").slice(-lines).join(" | ");
}

/** The cache root, as scripts/ensure-pulumi.sh computes it. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PULUMI_VOICEAI_CACHE) return env.PULUMI_VOICEAI_CACHE;
  const xdg = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), ".cache");
  return path.join(xdg, "pulumi-voiceai");
}

export function venvDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), `revox-sdk-${REVOX_SDK_VERSION}`);
}

function pythonOf(dir: string): string {
  return path.join(dir, "bin", "python");
}

const VERSION_CHECK = `import revox, sys; sys.exit(0 if revox.__version__ == ${JSON.stringify(REVOX_SDK_VERSION)} else 3)`;

async function usable(dir: string): Promise<boolean> {
  const python = pythonOf(dir);
  if (!fs.existsSync(python)) return false;
  const r = await run(python, ["-c", VERSION_CHECK], 60_000);
  return r.code === 0;
}

/**
 * Makes sure the venv exists and returns its python, or `{skip}` with the reason when it cannot be made
 * here (no python3, no venv module, pip cannot install the pinned SDK).
 */
export async function ensureRevoxSdk(env: NodeJS.ProcessEnv = process.env): Promise<VenvResult> {
  const start = Date.now();
  const seconds = () => Math.round((Date.now() - start) / 100) / 10;
  const dir = venvDir(env);
  if (await usable(dir)) return { python: pythonOf(dir), built: false, seconds: seconds() };

  const base = env.PYTHON3 || "python3";
  const probe = await run(base, ["-c", "import venv, ensurepip, sys; print(sys.version.split()[0])"], 60_000);
  if (probe.spawnError) return { skip: `no usable python3 (${probe.spawnError})` };
  if (probe.code !== 0) return { skip: `python3 lacks the venv/ensurepip modules (${tail(probe.stderr, 2)})` };

  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(dir), `.revox-sdk-${REVOX_SDK_VERSION}.build-`));
  try {
    const mk = await run(base, ["-m", "venv", work], 180_000);
    if (mk.code !== 0) return { skip: `python3 -m venv failed (${mk.spawnError ?? tail(mk.stderr)})` };
    const pip = await run(
      pythonOf(work),
      ["-m", "pip", "install", "--no-input", "--disable-pip-version-check", `revox==${REVOX_SDK_VERSION}`],
      240_000,
      { ...env, PIP_NO_INPUT: "1" },
    );
    if (pip.code !== 0) {
      return { skip: `pip could not install revox==${REVOX_SDK_VERSION} (PyPI unreachable?): ${pip.spawnError ?? tail(pip.stderr, 2)}` };
    }
    if (!(await usable(work))) return { skip: `revox==${REVOX_SDK_VERSION} installed but does not import at that version` };
    fs.chmodSync(work, 0o755); // mkdtemp makes it 0700
    try {
      fs.renameSync(work, dir);
    } catch (error) {
      // Someone else finished first (ENOTEMPTY/EEXIST), or a broken leftover is in the way.
      if (!(await usable(dir))) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(work, dir);
      }
    }
    if (!(await usable(dir))) return { skip: `the venv at ${dir} does not import revox==${REVOX_SDK_VERSION} after the move` };
    return { python: pythonOf(dir), built: true, seconds: seconds() };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
