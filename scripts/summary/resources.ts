/**
 * What the summary knows of each resource type of this package, by type token
 * (`pulumi-nodejs:dynamic/hms:Assistant`): which top-level fields replace it (its schema's
 * `replaceOnChanges` rules, read with `specRules`, or `"all"` for a type the API cannot update),
 * which fields hold prompts, and what a replacement or a deletion costs on the platform.
 */
import { specRules } from "../../provider/lifecycle";
import { assistantSpec as burkiAssistant } from "../../provider/burki/assistant";
import { phoneNumberSchema as burkiPhoneNumberSchema } from "../../provider/burki/schema";
import { assistantSpec as hmsAssistant } from "../../provider/hms/assistant";
import { phoneNumberSpec as hmsPhoneNumber } from "../../provider/hms/phone-number";
import { sipTrunkSpec as hmsSipTrunk } from "../../provider/hms/sip-trunk";
import { assistantSpec as revoxAssistant } from "../../provider/revox/assistant";
import { phoneNumberSchema as revoxPhoneNumberSchema } from "../../provider/revox/schema";
import type { z } from "zod";
import type { Value } from "./values";

/** A field holding text an assistant speaks or follows, diffed line by line. */
export interface PromptField {
  /** Property path, `[]` for each item of a list. */
  path: string;
  /** What it is, for the heading: `system prompt`, `first message`. */
  label: string;
}

/** What a change of this resource means, given its old and new inputs and its old id. */
export interface CostContext {
  old?: Record<string, Value>;
  new?: Record<string, Value>;
  oldId?: string;
  /** Renders a value for Markdown (`[secret]` for a secret). */
  show: (v: Value | undefined) => string;
}

export interface ResourceKind {
  token: string;
  /** `hms:Assistant`. */
  label: string;
  platform: string;
  /** Top-level fields whose change replaces the resource, or `"all"`: every change does. */
  replaceOnChanges: string[] | "all";
  prompts: PromptField[];
  /** What a replacement does on the platform (one or two sentences). */
  replacement: (ctx: CostContext) => string;
  /** What a deletion does on the platform. */
  deletion: (ctx: CostContext) => string;
}

const TOKEN_PREFIX = "pulumi-nodejs:dynamic/";

function assistantKind(platform: string, module: string, schema: z.ZodObject, prompts: PromptField[], replaceAll = false): ResourceKind {
  return {
    token: `${TOKEN_PREFIX}${module}:Assistant`,
    label: `${module}:Assistant`,
    platform,
    replaceOnChanges: replaceAll ? "all" : specRules({ schema }).replaceOnChanges.sort(),
    prompts,
    replacement: ({ oldId, show }) =>
      `A new ${platform} assistant is created and the old one${oldId ? ` (id ${show(oldId)})` : ""} deleted: its id changes. ` +
      "Numbers of this stack routed to it follow the new id; anything outside the stack that names the old id (dashboard links, webhooks, other stacks) stops working.",
    deletion: ({ oldId, show }) =>
      `The ${platform} assistant${oldId ? ` (id ${show(oldId)})` : ""} is deleted: calls to numbers still routed to it are no longer answered by it.`,
  };
}

/** The resource types of this package. */
export const KINDS: ResourceKind[] = [
  assistantKind("HMS Sovereign", "hms", hmsAssistant.schema, [
    { path: "llmConfig.messages[].content", label: "prompt" },
    { path: "firstMessage", label: "first message" },
  ]),
  {
    token: `${TOKEN_PREFIX}hms:PhoneNumber`,
    label: "hms:PhoneNumber",
    platform: "HMS Sovereign",
    replaceOnChanges: specRules(hmsPhoneNumber).replaceOnChanges.sort(),
    prompts: [],
    replacement: ({ old, new: next, oldId, show }) => {
      const was = old?.phoneNumber;
      const now = next?.phoneNumber;
      const first = hmsPhoneNumber.deleteBeforeReplace ? " (deleted first)" : "";
      const id = `under a new id${oldId ? ` (was ${show(oldId)})` : ""}`;
      if (was !== undefined && now !== undefined && show(was) !== show(now)) {
        return `The number ${show(was)} is released from HMS Sovereign${first} and ${show(now)} registered in its place, ${id}: calls to ${show(was)} are no longer answered.`;
      }
      return `The number ${show(was ?? now)} is released${first} and registered again, ${id}: calls to it are not answered in between.`;
    },
    deletion: ({ old, oldId, show }) =>
      `The number ${show(old?.phoneNumber)} is released from HMS Sovereign${oldId ? ` (id ${show(oldId)})` : ""}: calls to it are no longer answered.`,
  },
  {
    token: `${TOKEN_PREFIX}hms:SipTrunk`,
    label: "hms:SipTrunk",
    platform: "HMS Sovereign",
    replaceOnChanges: hmsSipTrunk.replaceOnChanges === "all" ? "all" : specRules(hmsSipTrunk).replaceOnChanges.sort(),
    prompts: [],
    replacement: ({ oldId, show }) =>
      `HMS Sovereign cannot change a SIP trunk in place: a new trunk is created, then the old one${oldId ? ` (id ${show(oldId)})` : ""} deleted. ` +
      "Its id changes: numbers that transfer to it (`transferTrunkId`) are updated to the new id.",
    deletion: ({ old, oldId, show }) =>
      `The SIP trunk to ${show(old?.host)}${oldId ? ` (id ${show(oldId)})` : ""} is deleted: transfers through it stop.`,
  },
  assistantKind("Burki", "burki", burkiAssistant.schema, [
    { path: "llmSettings.systemPrompt", label: "system prompt" },
    { path: "llmSettings.welcomeMessage", label: "welcome message" },
  ]),
  {
    token: `${TOKEN_PREFIX}burki:PhoneNumber`,
    label: "burki:PhoneNumber",
    platform: "Burki",
    replaceOnChanges: specRules({ schema: burkiPhoneNumberSchema }).replaceOnChanges.sort(),
    prompts: [],
    replacement: ({ old, new: next, show }) =>
      `The assignment is recreated: ${show(old?.phoneNumber)} is unassigned from its assistant and ${show(next?.phoneNumber)} assigned. ` +
      "Both numbers stay in the organization (nothing is released); calls to the old one are no longer routed to the assistant.",
    deletion: ({ old, show }) => `${show(old?.phoneNumber)} is unassigned from its assistant; it stays in the organization, unrouted.`,
  },
  assistantKind("Revox", "revox", revoxAssistant.schema, [
    { path: "prompt", label: "prompt" },
    { path: "firstSentence", label: "first sentence" },
  ]),
  {
    token: `${TOKEN_PREFIX}revox:PhoneNumber`,
    label: "revox:PhoneNumber",
    platform: "Revox",
    replaceOnChanges: specRules({ schema: revoxPhoneNumberSchema }).replaceOnChanges.sort(),
    prompts: [],
    replacement: ({ old, new: next, show }) =>
      `The routing is recreated: ${show(old?.phoneNumber)} is unrouted and ${show(next?.phoneNumber)} routed to the assistant. ` +
      "Both numbers stay in the Revox account (nothing is released); inbound calls to the old one are no longer answered by the assistant.",
    deletion: ({ old, show }) => `${show(old?.phoneNumber)} is unrouted; it stays in the Revox account.`,
  },
];

const byToken = new Map(KINDS.map((k) => [k.token, k]));

/** The kind of a type token, if it is one of this package's. */
export function kindOf(type: string): ResourceKind | undefined {
  return byToken.get(type);
}

/** `hms:Assistant` for this package's tokens; other tokens as they are. */
export function typeLabel(type: string): string {
  return kindOf(type)?.label ?? (type.startsWith(TOKEN_PREFIX) ? type.slice(TOKEN_PREFIX.length) : type);
}

/** What a replacement of a resource of another type does. */
export function genericReplacement({ oldId, show }: CostContext): string {
  return `The resource is created again and the old one${oldId ? ` (id ${show(oldId)})` : ""} deleted: its id changes.`;
}
