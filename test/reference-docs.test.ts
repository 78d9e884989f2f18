import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { assistantSchema } from "../provider/hms/assistant";
import { phoneNumberSchema } from "../provider/hms/phone-number";
import { sipTrunkSchema } from "../provider/hms/sip-trunk";
import { metaInputsShape } from "../provider/lifecycle";
import { renderReference } from "../scripts/reference-docs";

const root = path.resolve(__dirname, "..");

/**
 * Every leaf property path of a runtime schema (`llmConfig.tools[].function.name`), walked here
 * independently of the generator so a generator that drops properties fails this test.
 */
function leafPaths(schema: z.ZodType, at: string): string[] {
  const def = (schema as unknown as { def: any }).def;
  switch (def.type) {
    case "optional":
    case "nullable":
      return leafPaths(def.innerType, at);
    case "array": {
      // An array of scalars (`webhookEvents`) is itself the leaf; an array of objects is walked into.
      const inner = leafPaths(def.element, at + "[]");
      return inner.length === 1 && inner[0] === at + "[]" ? [at] : inner;
    }
    case "union":
      return def.options.flatMap((o: z.ZodType) => leafPaths(o, at));
    case "object":
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => leafPaths(v, at ? `${at}.${k}` : k));
    default:
      return [at];
  }
}

const pages = { "assistant": assistantSchema, "phone-number": phoneNumberSchema, "sip-trunk": sipTrunkSchema };

describe("reference docs", () => {
  const generated = renderReference();

  it("are up to date with the schemas", () => {
    for (const [file, content] of Object.entries(generated)) {
      const onDisk = fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), "utf8") : "";
      expect(onDisk, `${file} is stale: run \`npm run docs\` and commit the result`).toBe(content);
    }
  });

  for (const [page, schema] of Object.entries(pages)) {
    it(`list every property of the ${page} schema`, () => {
      const content = generated[`docs/reference/${page}.md`];
      const paths = [...leafPaths(schema, ""), ...Object.keys(metaInputsShape)];
      expect(paths.length).toBeGreaterThan(3);
      const missing = paths.filter((p) => !content.includes(`| \`${p}\` |`));
      expect(missing, `rows missing from docs/reference/${page}.md`).toEqual([]);
    });
  }
});
