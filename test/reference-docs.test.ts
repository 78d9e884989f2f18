import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { metaInputsShape } from "../provider/lifecycle";
import { isRest, PAGES, renderReference } from "../scripts/reference-docs";

const root = path.resolve(__dirname, "..");

type Node = { type?: string | string[]; properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; oneOf?: Node[] };

/**
 * Every leaf property path of a schema (`llmConfig.tools[].function.name`), walked here over its
 * JSON Schema independently of the generator, so a generator that drops properties fails this test.
 */
function leafPaths(node: Node, at: string): string[] {
  const alts = node.anyOf ?? node.oneOf;
  if (alts) return [...new Set(alts.filter((a) => a.type !== "null").flatMap((a) => leafPaths(a, at)))];
  if (node.items) {
    // An array of scalars (`webhookEvents`) is itself the leaf; an array of objects is walked into.
    const inner = leafPaths(node.items, at + "[]");
    return inner.length === 1 && inner[0] === at + "[]" ? [at] : inner;
  }
  if (node.properties) return Object.entries(node.properties).flatMap(([k, v]) => leafPaths(v, at ? `${at}.${k}` : k));
  return [at];
}

describe("reference docs", () => {
  const generated = renderReference();

  it("cover every resource of every platform", () => {
    expect(Object.keys(generated).sort()).toEqual([
      "docs/reference/assistant.md",
      "docs/reference/burki/assistant.md",
      "docs/reference/burki/phone-number.md",
      "docs/reference/phone-number.md",
      "docs/reference/revox/assistant.md",
      "docs/reference/revox/phone-number.md",
      "docs/reference/sip-trunk.md",
    ]);
  });

  it("are up to date with the schemas", () => {
    for (const [file, content] of Object.entries(generated)) {
      const onDisk = fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), "utf8") : "";
      expect(onDisk, `${file} is stale: run \`npm run docs\` and commit the result`).toBe(content);
    }
  });

  for (const page of PAGES) {
    it(`list every property of ${page.platform}.${page.spec.kind}`, () => {
      const content = generated[page.doc];
      const schema = z.toJSONSchema(page.spec.schema, { io: "input", unrepresentable: "any" }) as Node;
      const paths = [...leafPaths(schema, ""), ...(isRest(page.spec) ? Object.keys(metaInputsShape) : [])];
      expect(paths.length).toBeGreaterThan(2);
      const missing = paths.filter((p) => !content.includes(`| \`${p}\` |`));
      expect(missing, `rows missing from ${page.doc}`).toEqual([]);
      expect(content.startsWith(`# ${page.platform}.${page.spec.kind}\n`)).toBe(true);
      expect(content).toContain(`pulumi-nodejs:dynamic/${page.platform}:${page.spec.kind}`);
    });
  }

  it("mark secrets at any depth, outputs only and the meta inputs per platform", () => {
    const burki = generated["docs/reference/burki/assistant.md"];
    const rowOf = (content: string, p: string) => content.split("\n").find((l) => l.startsWith(`| \`${p}\` |`))!.split(" | ");
    // Columns: Property, API field, Type, Required, Default, Unit / range, Change, Secret, …
    expect(rowOf(burki, "llmProviderConfig.apiKey")[7]).toBe("yes");
    expect(rowOf(burki, "ttsSettings.providerConfig")[7]).toBe("yes");
    expect(rowOf(burki, "llmFallbackProviders.fallbacks[].apiKey")[7]).toBe("yes");
    expect(rowOf(burki, "ttsSettings.voiceId")[7]).toBe("no");
    expect(rowOf(burki, "toolsSettings.enabledTools")[6]).toBe("output only");
    expect(rowOf(burki, "llmSettings.temperature")[6]).toBe("in place");
    expect(burki).toContain("updates in place (PUT)");
    const number = generated["docs/reference/burki/phone-number.md"];
    expect(rowOf(number, "phoneNumber")[6]).toBe("replace");
    expect(number).not.toContain("`adoptId`");
    // HMS: the nested-secret note of the tools list, and the rule-marked tool secret.
    const hms = generated["docs/reference/assistant.md"];
    expect(rowOf(hms, "llmConfig.tools")[7]).toBe("if a tool has `server.secret`");
    expect(rowOf(hms, "llmConfig.tools[].server.secret")[7]).toBe("yes");
    expect(rowOf(hms, "webhookSecret")[7]).toBe("yes");
  });
});
