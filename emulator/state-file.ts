/** The emulator's persistence, for every platform's store: one JSON file, rewritten after every mutation. */
import * as fs from "node:fs";
import * as path from "node:path";

/** Writes `snapshot` to `file` atomically (temp file + rename), readable by the owner only (it holds secrets). */
export function writeStateFile(file: string, snapshot: unknown): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(snapshot, null, 2) + "\n", { mode: 0o600 });
  fs.renameSync(temp, file);
}
