/**
 * The policy pack of pulumi-voiceai (CrossGuard, `@pulumi/policy`): guardrails for HMS Sovereign, Burki
 * and Revox assistants and phone numbers, checked by the Pulumi engine before any request is sent.
 *
 *     pulumi preview --policy-pack node_modules/pulumi-voiceai/policy
 *     pulumi up      --policy-pack node_modules/pulumi-voiceai/policy [--policy-pack-config policy.json]
 *
 * Layout (the same in this repository and in the installed package): `policy/` is the pack's folder,
 * holding `PulumiPolicy.yaml` and a `package.json` whose `main` is this file compiled by the package's
 * own build (`tsc -p tsconfig.json` → `dist/policy/index.js`), so the pack runs as JavaScript and
 * needs no TypeScript where it is installed. `@pulumi/policy` and `@pulumi/pulumi` are dependencies
 * of the package, resolved from `node_modules` above the pack's folder.
 *
 * Every rule reads the values the engine passes (`args.props`). A value still unknown at preview (an
 * output of a resource not created yet) is reported by the engine as "can't run policy … during
 * preview … checked at pulumi up" (advisory), and the rule checks it at `pulumi up`, before the
 * resource's request; what is known is checked at preview in any case. Each rule's enforcement level
 * can be changed in a policy config file (`{"voiceai-webhook-https": "advisory"}`, or
 * `{"voiceai-data-residency": {"enforcementLevel": "advisory", "allowedProviders": {…}}}`).
 */
import { createRequire } from "node:module";
import { PolicyPack, UnknownValueError, type ReportViolation, type ResourceValidationArgs, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";

// ---- what the engine passes --------------------------------------------------------------------------

const TYPE_PREFIX = "pulumi-nodejs:dynamic/";
type Platform = "hms" | "burki" | "revox";
const PLATFORMS: Platform[] = ["hms", "burki", "revox"];
/** `pulumi-nodejs:dynamic/<platform>:<Kind>` → platform and kind, or undefined for another resource. */
function resourceKind(type: string): { platform: Platform; kind: string } | undefined {
  if (!type.startsWith(TYPE_PREFIX)) return undefined;
  const [platform, kind] = type.slice(TYPE_PREFIX.length).split(":");
  return (PLATFORMS as string[]).includes(platform) ? { platform: platform as Platform, kind } : undefined;
}

/**
 * Secret-ness. `@pulumi/policy` (1.21) gives `validateResource` the props with secrets unwrapped and
 * no way to ask whether a value was a secret; the engine does send it (each secret as a
 * `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value}` object in the
 * Analyze request). So the pack keeps the raw properties of every Analyze/AnalyzeStack request by URN,
 * through the gRPC server `@pulumi/policy` creates (its `@grpc/grpc-js`), before the policies run.
 */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const rawProps = new Map<string, unknown>();
interface AnalyzerResourceMessage {
  getUrn(): string;
  getProperties(): { toJavaScript(): unknown } | undefined;
}
function remember(r: AnalyzerResourceMessage): void {
  rawProps.set(r.getUrn(), r.getProperties()?.toJavaScript());
}
{
  const grpc = createRequire(require.resolve("@pulumi/policy"))("@grpc/grpc-js") as {
    Server: { prototype: { addService(service: unknown, impl: Record<string, Function>): void } };
  };
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, impl: Record<string, Function>) {
    if (impl && typeof impl.analyze === "function" && typeof impl.analyzeStack === "function") {
      const { analyze, analyzeStack } = impl;
      impl = {
        ...impl,
        analyze(call: { request: AnalyzerResourceMessage }, cb: unknown) {
          remember(call.request);
          return analyze.call(this, call, cb);
        },
        analyzeStack(call: { request: { getResourcesList(): AnalyzerResourceMessage[] } }, cb: unknown) {
          for (const r of call.request.getResourcesList()) remember(r);
          return analyzeStack.call(this, call, cb);
        },
      };
    }
    return addService.call(this, service, impl);
  };
}

/** A value found at a property path: its dotted path, the value and whether it reached the engine as a secret. */
interface Found {
  path: string;
  value: unknown;
  secret: boolean;
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The values at `path` (segments; `[]` for every item of a list) of a resource, read from the props
 * the engine passed; `secret` from the raw request. Unknown values throw the policy SDK's
 * UnknownValueError (collected by {@link Checker}).
 */
function valuesAt(props: unknown, raw: unknown, path: string[], prefix = "", secret = false): Found[] {
  if (isObject(raw) && raw[SIG_KEY] === SECRET_SIG) return valuesAt(props, raw.value, path, prefix, true);
  if (path.length === 0) return props === undefined ? [] : [{ path: prefix, value: props, secret }];
  const [head, ...rest] = path;
  if (head === "[]") {
    if (!Array.isArray(props)) return [];
    return props.flatMap((item, i) => valuesAt(item, Array.isArray(raw) ? raw[i] : undefined, rest, `${prefix}[${i}]`, secret));
  }
  if (!isObject(props) && !(typeof props === "object" && props !== null)) return [];
  const value = (props as Record<string, unknown>)[head];
  return valuesAt(value, isObject(raw) ? raw[head] : undefined, rest, prefix ? `${prefix}.${head}` : head, secret);
}
const split = (path: string) => path.replace(/\[\]/g, ".[]").split(".").filter(Boolean);

/**
 * Runs a rule's checks so that an unknown value does not hide the other ones: every check runs, the
 * violations found are reported, and the first unknown value is rethrown at the end, which the policy
 * SDK reports as an advisory "can't run policy … during preview" naming the value.
 */
class Checker {
  private unknown: UnknownValueError | undefined;
  constructor(
    readonly args: ResourceValidationArgs,
    private readonly report: ReportViolation,
  ) {}
  get name(): string {
    const k = resourceKind(this.args.type);
    return `${k ? `${k.platform}.${k.kind}` : this.args.type} "${this.args.name}"`;
  }
  /** The values at `path` ("llmConfig.tools[].server.url"), [] when absent or unknown (then noted). */
  at(path: string): Found[] {
    try {
      return valuesAt(this.args.props, rawProps.get(this.args.urn), split(path));
    } catch (e) {
      if (e instanceof UnknownValueError) {
        this.unknown ??= e;
        return [];
      }
      throw e;
    }
  }
  /** The one value at a path without `[]`, or undefined. */
  get(path: string): unknown {
    return this.at(path)[0]?.value;
  }
  /** Whether the value at `path` is unknown at preview. */
  isUnknown(path: string): boolean {
    const before = this.unknown;
    this.unknown = undefined;
    this.at(path);
    const unknown = this.unknown !== undefined;
    this.unknown = before ?? this.unknown;
    return unknown;
  }
  violation(message: string): void {
    this.report(`${this.name}: ${message}`, this.args.urn);
  }
  finish(): void {
    if (this.unknown) {
      this.unknown.message = `${this.name}: ${this.unknown.message}; it is checked at pulumi up, before the resource's request`;
      throw this.unknown;
    }
  }
}

/** A resource policy over this package's resources of the given kinds. */
function resourcePolicy(
  policy: Omit<ResourceValidationPolicy, "validateResource">,
  kinds: string[],
  check: (c: Checker, platform: Platform, config: any) => void,
): ResourceValidationPolicy {
  return {
    ...policy,
    validateResource: (args, report) => {
      const k = resourceKind(args.type);
      if (!k || !kinds.includes(k.kind)) return;
      const c = new Checker(args, report);
      check(c, k.platform, args.getConfig<any>());
      c.finish();
    },
  };
}

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const nonBlank = (v: unknown): boolean => typeof v === "string" && v.trim() !== "";

// ---- webhooks --------------------------------------------------------------------------------------

/** URLs each platform calls with call data: webhooks, tool endpoints, lookups. */
const WEBHOOK_URLS: Record<Platform, string[]> = {
  hms: ["webhookUrl", "llmConfig.tools[].server.url", "llmConfig.tools[].url"],
  burki: ["webhookUrl", "smsWebhookUrl"],
  revox: ["webhookUrl", "precallLookupUrl", "customTools[].url"],
};

const webhookHttps = resourcePolicy(
  {
    name: "voiceai-webhook-https",
    description:
      "Webhook and tool URLs the platform calls with call data (transcripts, caller numbers) use HTTPS: HMS `webhookUrl` and tool `server.url`/`url`, Burki `webhookUrl` and `smsWebhookUrl`, Revox `webhookUrl`, `precallLookupUrl` and `customTools[].url`.",
    enforcementLevel: "mandatory",
  },
  ["Assistant"],
  (c, platform) => {
    for (const path of WEBHOOK_URLS[platform]) {
      for (const f of c.at(path)) {
        const url = text(f.value);
        if (url !== undefined && !/^https:\/\//i.test(url)) c.violation(`\`${f.path}\` must be an https:// URL (got ${JSON.stringify(url.slice(0, 80))}): call data would travel unencrypted`);
      }
    }
  },
);

const webhookSecret = resourcePolicy(
  {
    name: "voiceai-webhook-secret",
    description:
      "An HMS assistant with a `webhookUrl` has a `webhookSecret`, so its receiver can verify the HMAC-SHA256 signature of each event. Burki and Revox have no webhook signing secret in their APIs: for them only the HTTPS rule (voiceai-webhook-https) applies.",
    enforcementLevel: "mandatory",
  },
  ["Assistant"],
  (c, platform) => {
    if (platform !== "hms") return;
    const url = c.get("webhookUrl");
    if (!nonBlank(url)) return;
    if (!nonBlank(c.get("webhookSecret")) && !c.isUnknown("webhookSecret")) {
      c.violation("has a `webhookUrl` but no `webhookSecret`: set `webhookSecret` (e.g. `config.requireSecret(\"webhookSecret\")`) so the receiver can verify that events come from HMS");
    }
  },
);

// ---- credentials -----------------------------------------------------------------------------------

/** Credentials inside resources, as property paths (camelCase, as declared). */
const CREDENTIALS: Record<Platform, string[]> = {
  hms: ["llmConfig.tools[].server.secret", "webhookSecret"],
  burki: ["llmProviderConfig.apiKey", "ttsSettings.providerConfig", "llmFallbackProviders.fallbacks[].apiKey"],
  revox: ["llmModel.apiKey", "customTools[].headers[].value", "customTools[].queryParams[].value"],
};
/** Keys of `additionalFields` (the API's snake_case, passed as written) that carry credentials. */
const CREDENTIAL_KEY = /(api_?key|secret|token|password|authorization|provider_config|credential)/i;

function additionalCredentials(value: unknown, raw: unknown, prefix: string, secret: boolean): Found[] {
  if (isObject(raw) && raw[SIG_KEY] === SECRET_SIG) return additionalCredentials(value, raw.value, prefix, true);
  if (Array.isArray(value)) return value.flatMap((v, i) => additionalCredentials(v, Array.isArray(raw) ? raw[i] : undefined, `${prefix}[${i}]`, secret));
  if (!isObject(value)) return [];
  return Object.keys(value).flatMap((k) => {
    const r = isObject(raw) ? raw[k] : undefined;
    const path = `${prefix}.${k}`;
    if (CREDENTIAL_KEY.test(k) && value[k] !== null && value[k] !== undefined) {
      return [{ path, value: value[k], secret: secret || (isObject(r) && r[SIG_KEY] === SECRET_SIG) }];
    }
    return additionalCredentials(value[k], r, path, secret);
  });
}

/**
 * voiceai-credentials-secret. The package's resource classes wrap the modelled credential paths in
 * `pulumi.secret` themselves, so this rule catches what bypasses them (`additionalFields`, hand-written
 * dynamic resources of these types). A literal in the program is made secret by the SDK before the
 * engine sees it, and the stack config reaches policy packs with secret values blinded ("[secret]"),
 * so no analyzer can tell a literal from `config.requireSecret`: keep literals out of programs with
 * code review or secret scanning.
 */
const credentialsSecret = resourcePolicy(
  {
    name: "voiceai-credentials-secret",
    description:
      "Provider credentials inside resources (Burki `llmProviderConfig.apiKey`, `ttsSettings.providerConfig`, fallback `apiKey`s; Revox custom `llmModel.apiKey`, `customTools[]` header/query values; HMS tool `server.secret`, `webhookSecret`; credential-like `additionalFields` keys) reach the engine as Pulumi secrets.",
    enforcementLevel: "mandatory",
  },
  ["Assistant", "PhoneNumber", "SipTrunk"],
  (c, platform) => {
    const found = c.args.type.endsWith(":Assistant") ? CREDENTIALS[platform].flatMap((p) => c.at(p)) : [];
    if (c.args.type === `${TYPE_PREFIX}hms:SipTrunk`) found.push(...c.at("password"));
    try {
      const extra = c.args.props.additionalFields;
      if (extra !== undefined) found.push(...additionalCredentials(extra, isObject(rawProps.get(c.args.urn)) ? (rawProps.get(c.args.urn) as any).additionalFields : undefined, "additionalFields", false));
    } catch (e) {
      if (!(e instanceof UnknownValueError)) throw e;
    }
    for (const f of found) {
      if (f.value === null || f.value === undefined || f.value === UNKNOWN) continue;
      if (!f.secret) c.violation(`\`${f.path}\` is a credential in plain text: pass it as a Pulumi secret (\`config.requireSecret("…")\` or \`pulumi.secret(…)\`) so it is encrypted in the state and hidden in previews`);
    }
  },
);

// ---- data residency ------------------------------------------------------------------------------------

/**
 * Default allow-list, for teams bound to EU processing: vendors established in the EU whose standard
 * API processes in the EU — Mistral AI (France: Voxtral speech-to-text and its LLMs), Gladia (France:
 * speech-to-text) — and HMS Sovereign's `local` text-to-speech, synthesised on the platform itself
 * rather than by a third party. Everything else (Deepgram, OpenAI, ElevenLabs, Cartesia, Soniox,
 * OpenRouter upstreams, Burki's and Revox's fixed speech-to-text vendors, …) is left for a team to add
 * once its contract or region setting is verified. Empty model lists allow every model.
 */
const DEFAULT_ALLOWED = { stt: ["mistral", "gladia"], llm: ["mistral"], tts: ["local"] };
type Stage = "stt" | "llm" | "tts";
const STAGE_NAME: Record<Stage, string> = { stt: "speech-to-text", llm: "LLM", tts: "text-to-speech" };
interface Use {
  stage: Stage;
  /** Where it is declared (or what applies when it is not). */
  path: string;
  provider: string | undefined;
  model?: string;
  /** The platform's default applies (the provider is not declared). */
  defaulted?: boolean;
}

/** The STT/LLM/TTS providers and models a resource uses. Names are the platforms' own; see the rule's doc for derived names. */
function usesOf(c: Checker, platform: Platform): Use[] {
  const s = (p: string) => text(c.get(p));
  const uses: Use[] = [];
  if (platform === "hms") {
    const llm = s("llmConfig.provider");
    uses.push({ stage: "stt", path: "sttConfig.provider", provider: s("sttConfig.provider"), model: s("sttConfig.model") });
    uses.push({ stage: "llm", path: "llmConfig.provider", provider: llm, model: s("llmConfig.model") });
    // A speech-to-speech LLM speaks itself: no ttsConfig.
    const realtime = llm !== undefined && /_realtime$|_live$/.test(llm);
    if (!realtime || c.get("ttsConfig") !== undefined) uses.push({ stage: "tts", path: "ttsConfig.provider", provider: s("ttsConfig.provider"), model: s("ttsConfig.model") });
    return uses.map((u) => (u.provider === undefined ? { ...u, defaulted: true } : u));
  }
  if (platform === "burki") {
    uses.push({ stage: "stt", path: "sttSettings (Burki's speech-to-text is always Deepgram)", provider: "deepgram", model: s("sttSettings.model") ?? "nova-2" });
    const llm = s("llmProvider");
    uses.push({ stage: "llm", path: "llmProvider", provider: llm ?? "openai", model: s("llmProviderConfig.model") ?? "gpt-4o-mini", defaulted: llm === undefined });
    for (const f of c.at("llmFallbackProviders.fallbacks[]")) {
      const v = f.value as Record<string, unknown>;
      uses.push({ stage: "llm", path: `llmFallbackProviders.${f.path}.provider`, provider: text(v?.provider), model: text(v?.model) ?? undefined });
    }
    const tts = s("ttsSettings.provider");
    uses.push({ stage: "tts", path: "ttsSettings.provider", provider: tts ?? "elevenlabs", model: s("ttsSettings.modelId"), defaulted: tts === undefined });
    return uses;
  }
  uses.push({ stage: "stt", path: "sttModel (Revox's speech-to-text is always Soniox)", provider: "soniox", model: s("sttModel") ?? "stt-rt-v5" });
  const type = s("llmModel.type");
  const llm: Record<string, () => Use> = {
    "dedicated-instance": () => ({ stage: "llm", path: "llmModel", provider: "revox", model: s("llmModel.name") }),
    openrouter: () => ({ stage: "llm", path: "llmModel.openrouterProvider", provider: `openrouter:${s("llmModel.openrouterProvider")}`, model: s("llmModel.openrouterModelId") }),
    custom: () => ({ stage: "llm", path: "llmModel.apiUrl", provider: "custom", model: s("llmModel.modelName") }),
    realtime: () => ({ stage: "llm", path: "llmModel.provider", provider: s("llmModel.provider"), model: s("llmModel.realtimeModelId") }),
  };
  uses.push(type && llm[type] ? llm[type]() : { stage: "llm", path: "llmModel", provider: undefined, defaulted: true });
  if (type !== "realtime" || c.get("voice") !== undefined) {
    const tts = s("voice.provider");
    uses.push({ stage: "tts", path: "voice.provider", provider: tts, model: s("voice.model"), defaulted: tts === undefined });
  }
  return uses;
}

const listSchema = { type: "array" as const, items: { type: "string" as const } };
const stagesSchema = (description: string, defaults?: Record<Stage, string[]>) => ({
  type: "object" as const,
  description,
  properties: { stt: listSchema, llm: listSchema, tts: listSchema },
  additionalProperties: false,
  ...(defaults ? { default: defaults } : {}),
});

/**
 * voiceai-data-residency. Provider names are the platforms' own, plus derived ones: Burki's STT is
 * always `deepgram`, Revox's always `soniox`; a Revox `llmModel` is `revox` (dedicated-instance),
 * `custom`, `openrouter:<openrouterProvider>` or its realtime `provider`. An undeclared provider is a
 * violation when the platform's default (Burki: openai, elevenlabs) is not allowed, or is unknown (HMS, Revox).
 */
const dataResidency = resourcePolicy(
  {
    name: "voiceai-data-residency",
    description:
      "Each assistant's speech-to-text, LLM and text-to-speech providers (and models, when listed) are on the data-residency allow-list of the policy config (`allowedProviders`, `allowedModels`: `{stt, llm, tts}`); the default allows EU-established processing only (STT mistral, gladia; LLM mistral; TTS local).",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        allowedProviders: stagesSchema("Allowed provider names per stage.", DEFAULT_ALLOWED),
        allowedModels: stagesSchema("Allowed model names per stage; an empty or missing list allows every model of an allowed provider."),
      },
    },
  },
  ["Assistant"],
  (c, platform, config) => {
    const providers: Record<Stage, string[]> = { ...DEFAULT_ALLOWED, ...(config?.allowedProviders ?? {}) };
    const models: Partial<Record<Stage, string[]>> = config?.allowedModels ?? {};
    for (const u of usesOf(c, platform)) {
      const stage = STAGE_NAME[u.stage];
      if (u.provider === undefined) {
        if (u.defaulted) c.violation(`${stage} provider is not declared (\`${u.path}\`): the platform's default applies, which the data-residency allow-list cannot verify; declare an allowed one (${providers[u.stage].join(", ") || "none allowed"})`);
        continue;
      }
      if (!providers[u.stage].includes(u.provider)) {
        c.violation(`${stage} provider \`${u.provider}\`${u.defaulted ? " (the platform's default, not declared)" : ""} at \`${u.path}\` is not on the data-residency allow-list (${providers[u.stage].join(", ") || "none"})`);
      } else if (models[u.stage]?.length && u.model !== undefined && !models[u.stage]!.includes(u.model)) {
        c.violation(`${stage} model \`${u.model}\` of \`${u.provider}\` is not on the data-residency allow-list (${models[u.stage]!.join(", ")})`);
      }
    }
  },
);

// ---- call length, prompt ---------------------------------------------------------------------------

const DEFAULT_MAX_SECONDS = 1800;
const DURATION: Record<Platform, string | undefined> = { hms: "maxDurationSeconds", burki: undefined, revox: "maxCallDurationSecs" };

const maxCallDuration = resourcePolicy(
  {
    name: "voiceai-max-call-duration",
    description: `Every call has a bounded length: HMS \`maxDurationSeconds\` and Revox \`maxCallDurationSecs\` are set and at most \`maxSeconds\` (policy config, default ${DEFAULT_MAX_SECONDS} s). Burki has no maximum call length in its API, so the rule does not apply to Burki assistants (use \`idleTimeout\`/\`maxIdleMessages\` to end silent calls).`,
    enforcementLevel: "mandatory",
    configSchema: { properties: { maxSeconds: { type: "number", minimum: 1, default: DEFAULT_MAX_SECONDS, description: "Ceiling of the maximum call length, in seconds." } } },
  },
  ["Assistant"],
  (c, platform, config) => {
    const path = DURATION[platform];
    if (!path) return;
    const ceiling = typeof config?.maxSeconds === "number" ? config.maxSeconds : DEFAULT_MAX_SECONDS;
    const value = c.get(path);
    if (value === undefined || value === null) {
      if (!c.isUnknown(path)) c.violation(`\`${path}\` is not set: calls have no maximum length; set it (at most ${ceiling} s)`);
    } else if (typeof value !== "number" || value <= 0 || value > ceiling) {
      c.violation(`\`${path}\` is ${JSON.stringify(value)}: it must be between 1 and ${ceiling} seconds`);
    }
  },
);

const promptSet = resourcePolicy(
  {
    name: "voiceai-prompt-or-first-message",
    description:
      "Every assistant has a non-empty prompt or first message: HMS `firstMessage` or a `system` message in `llmConfig.messages`; Burki `llmSettings.systemPrompt` or `llmSettings.welcomeMessage` (unset, Burki's generic default prompt applies); Revox `prompt` or `firstSentence`.",
    enforcementLevel: "mandatory",
  },
  ["Assistant"],
  (c, platform) => {
    const paths: Record<Platform, string[]> = {
      hms: ["firstMessage"],
      burki: ["llmSettings.systemPrompt", "llmSettings.welcomeMessage"],
      revox: ["prompt", "firstSentence"],
    };
    const values = paths[platform].map((p) => c.get(p));
    if (platform === "hms") {
      for (const f of c.at("llmConfig.messages[]")) {
        const m = f.value as Record<string, unknown>;
        if (m?.role === "system") values.push(m.content);
      }
    }
    const unknown = paths[platform].some((p) => c.isUnknown(p));
    if (!unknown && !values.some(nonBlank)) {
      const what = platform === "hms" ? "`firstMessage` or a `system` message in `llmConfig.messages`" : paths[platform].map((p) => `\`${p}\``).join(" or ");
      c.violation(`has no prompt and no first message: set ${what}`);
    }
  },
);

// ---- phone numbers (stack) -------------------------------------------------------------------------

const numbersRouted: StackValidationPolicy = {
  name: "voiceai-phone-number-routed-in-stack",
  description:
    "Every phone number (HMS, Burki, Revox) is routed to an assistant of the same platform declared in the same stack: its `assistantId` references that assistant's `id` (`assistantId: support.id`). A literal id, an assistant of another stack or no assistant is a violation. A stack policy: at `pulumi up` it runs after the changes, so check it with `pulumi preview`.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    let unknown: UnknownValueError | undefined;
    for (const r of args.resources) {
      const k = resourceKind(r.type);
      if (!k || k.kind !== "PhoneNumber") continue;
      const name = `${k.platform}.PhoneNumber "${r.name}"`;
      const assistants = (r.propertyDependencies.assistantId ?? []).filter((d) => d.type === `${TYPE_PREFIX}${k.platform}:Assistant`);
      if (assistants.length > 0) continue;
      let value: unknown;
      try {
        value = r.props.assistantId;
      } catch (e) {
        if (!(e instanceof UnknownValueError)) throw e;
        unknown ??= e;
        continue;
      }
      report(
        value === undefined || value === null
          ? `${name}: is not routed to an assistant: set \`assistantId\` to the \`id\` of a ${k.platform}.Assistant of this stack`
          : `${name}: \`assistantId\` ${JSON.stringify(value)} is not the id of a ${k.platform}.Assistant declared in this stack: reference one (\`assistantId: support.id\`)`,
        r.urn,
      );
    }
    if (unknown) throw unknown;
  },
};

new PolicyPack("pulumi-voiceai", {
  policies: [webhookHttps, webhookSecret, credentialsSecret, dataResidency, maxCallDuration, promptSet, numbersRouted],
});
