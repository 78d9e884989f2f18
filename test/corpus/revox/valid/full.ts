// Every property of revox.Assistant set explicitly (all 45 on the first assistant), every nested shape
// with every sub-key; the three others cover the remaining kinds of llmModel and voice vendors.
import * as revox from "pulumi-voiceai/revox";

new revox.Assistant("full", {
  name: "full: Acme customer support",
  prompt: "You are Acme's support line. Answer briefly and politely. The caller is {{customer_name}}.",
  firstSentence: "Hi, this is Acme support. How can I help?",
  firstSentenceMode: "static",
  firstSentenceDelayMs: 250,
  endOfCallSentence: "Thanks for calling Acme. Goodbye!",
  voice: { provider: "cartesia", id: "a0e99841-438c-4a64-b679-ae501e7d6091", model: "sonic-3.5", speed: 1.1, volume: 1.3 },
  llmModel: { type: "custom", apiUrl: "https://llm.acme.example/v1", modelName: "acme-support-70b", apiKey: "sk-corpus-revox-full-llm" },
  webhookUrl: "https://hooks.acme.example/revox/calls",
  maxCallDurationSecs: 900,
  maxDurationEndMessage: "We have reached the time limit of this call. Goodbye!",
  structuredOutputConfig: [
    { name: "customer_name", type: "string", required: true, description: "The caller's full name" },
    { name: "order_total", type: "number", required: false },
    { name: "wants_callback", type: "boolean", required: true, description: "Whether they asked to be called back" },
    { name: "reason", type: "enum", required: true, description: "Why they called", enumOptions: ["billing", "delivery", "returns", "other"] },
    { name: "delivery_date", type: "date", required: false },
    { name: "callback_at", type: "datetime", required: false },
  ],
  structuredOutputPrompt: "Extract from {{transcript}} ({{call_direction}} call) what the caller said.",
  callRetryConfig: {
    allowedDays: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"],
    callTwiceInARow: true,
    callingWindows: [
      { callingWindowStartTime: "09:00", callingWindowEndTime: "12:30", retryDelaySeconds: 1800 },
      { callingWindowStartTime: "2pm", callingWindowEndTime: "6:30pm", retryDelaySeconds: 0 },
    ],
    maxRetryAttempts: 4,
    timezone: "America/New_York",
  },
  backgroundSound: "audio/office.ogg",
  backgroundSoundVolume: 0.2,
  thinkingSound: "keyboard-typing.ogg",
  thinkingSoundProbability: 0.7,
  thinkingSoundVolume: 0.4,
  voicemailMessage: "Hello, this is Acme support returning your call. We will try again later.",
  voicemailSmsPrompt: "Tell {{customer_name}} we tried to call about their order.",
  ivrNavigationEnabled: true,
  faqItems: [
    { question: "Where is my order?", answer: "Give me your order number and I will look it up." },
    { question: "What are your hours?", answer: "Monday to Saturday, 9 am to 6:30 pm Eastern." },
  ],
  calendly: { connectionId: "calendly-conn-corpus-revox-full", eventTypeId: "https://api.calendly.com/event_types/ACME-FULL" },
  humanTransferMode: "warm",
  warmTransferSummaryInstructions: "Tell the agent the caller's name, order number and what they need.",
  fromPhoneNumber: "+15555550202",
  afterCallSmsPrompt: "Thank {{customer_name}} for calling and recap the next step.",
  afterCallSmsOutcomes: ["completed", "requested_callback_later"],
  smsEnabled: true,
  smsTemplate: "Acme: your case number is {{case_number}}.",
  emailNotificationAddress: "support-lead@acme.example, ops@acme.example",
  emailNotificationOutcomes: ["interested", "not_interested", "none"],
  customTools: [
    {
      name: "lookup_order",
      description: "Looks an order up by its number. Call it before answering about an order.",
      url: "https://orders.acme.example/api/orders/{{order_number}}",
      method: "GET",
      headers: [
        { key: "Authorization", value: "Bearer tool-header-corpus-revox-full" },
        { key: "X-Acme-Client", value: "revox" },
      ],
      queryParams: [{ key: "api_key", value: "tool-query-corpus-revox-full" }],
      bodyTemplate: null,
      inputSchema: [{ name: "order_number", type: "string", required: true, description: "The order number, e.g. A-1234" }],
    },
    {
      name: "open_ticket",
      description: "Opens a support ticket.",
      url: "https://tickets.acme.example/api/tickets",
      method: "POST",
      headers: [],
      queryParams: [],
      bodyTemplate: '{"subject": "{{subject}}", "priority": "{{priority}}"}',
      inputSchema: [
        { name: "subject", type: "string", required: true },
        { name: "priority", type: "enum", required: false, enumOptions: ["low", "high"] },
      ],
    },
  ],
  precallLookupUrl: "https://crm.acme.example/lookup?phone={{phone}}",
  sttModel: "stt-rt-v4",
  sttContext: { general: [{ key: "domain", value: "retail support" }], terms: ["Acme", "order number"] },
  cartesiaDictionaryPronunciationId: "pdict_corpus_full",
  type: "multi-step",
  position: { x: 120, y: -40.5 },
  promptFlow: {
    nodes: [
      { id: "greet", type: "promptBlock", data: { title: "Greeting", body: "Greet the caller." }, position: { x: 0, y: 0 } },
      { id: "help", type: "promptBlock", data: { title: "Help", body: "Find out what they need." }, position: { x: 0, y: 160 } },
    ],
    edges: [{ id: "greet-help", source: "greet", target: "help" }],
  },
  slack: {
    connectionId: "slack-conn-corpus-revox-full",
    channels: [{ id: "C01234567", name: "support-calls" }, { id: "C07654321" }],
    outcomes: ["interested", "requested_callback_later"],
    template: "{{outcome}} call from {{phone}}: {{summary}}",
  },
  zoho: {
    connectionId: "zoho-conn-corpus-revox-full",
    module: "Leads",
    fieldMapping: [
      { source: "customer_name", zohoField: "Last_Name" },
      { source: "reason", zohoField: "Description" },
    ],
    logCallActivity: true,
    outcomes: ["interested"],
    template: null,
  },
  logoUrl: "https://cdn.acme.example/logo.png",
  transferDestinations: [
    { label: "Billing", phoneNumber: "+15555550123" },
    { label: "Returns desk", phoneNumber: "+15555550124" },
  ],
});

// The other three kinds of llmModel, with an ElevenLabs and a Gradium voice.
new revox.Assistant("full-dedicated", {
  name: "full-dedicated: Acme on a hosted model",
  prompt: "You answer Acme's after-hours line.",
  llmModel: { type: "dedicated-instance", name: "ministral-3-8b-instruct" },
  voice: { provider: "elevenlabs", id: "21m00Tcm4TlvDq8ikWAM", speed: 0.9 },
  humanTransferMode: "cold",
  transferDestinations: [{ label: "On-call manager", phoneNumber: "+15555550125" }],
});

new revox.Assistant("full-openrouter", {
  name: "full-openrouter: Acme through OpenRouter",
  prompt: "You qualify Acme's leads.",
  llmModel: { type: "openrouter", openrouterModelId: "openai/gpt-4.1", openrouterProvider: "azure" },
  voice: { provider: "gradium", id: "gradium-emma", speed: 1.4 },
  firstSentenceMode: "none",
});

new revox.Assistant("full-realtime", {
  name: "full-realtime: Acme speech to speech",
  prompt: "You take Acme's reservations.",
  llmModel: { type: "realtime", provider: "openai", realtimeModelId: "gpt-realtime", realtimeVoiceId: "marin" },
  firstSentenceMode: "generated",
  firstSentence: "Greet the caller and ask for the date of their reservation.",
});

new revox.Assistant("full-realtime-google", {
  name: "full-realtime-google: Acme on Gemini",
  prompt: "You take Acme's reservations in French.",
  llmModel: { type: "realtime", provider: "google", realtimeModelId: "gemini-live-2.5-flash" },
});
