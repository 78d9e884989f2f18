/**
 * Peak resident memory of the dynamic-provider process (`@pulumi/pulumi/cmd/dynamic-provider`, a
 * child of the Pulumi CLI): Linux keeps each process's high-water mark in /proc/<pid>/status
 * (VmHWM), so sampling it every 100 ms while an operation runs catches the peak even between samples.
 */
import * as fs from "node:fs";

export class ProviderMemory {
  private peakKb = 0;
  private timer: NodeJS.Timeout | undefined;

  /** Starts sampling (call {@link stop} when the operation ends). */
  start(): void {
    this.timer ??= setInterval(() => this.sample(), 100);
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The highest peak seen so far, in MB. */
  get peakMb(): number {
    return this.peakKb / 1024;
  }

  private sample(): void {
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider")) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) this.peakKb = Math.max(this.peakKb, Number(hwm[1]));
      } catch {
        // The process ended between listing and reading.
      }
    }
  }
}
