// All four tool formats in one list, with a realtime LLM (tools do not depend on the TTS).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tools-mixed", {
  llmConfig: {
    provider: "xai_realtime",
    model: "grok-4-1-fast-non-reasoning",
    voice: "rex",
    tools: [
      { name: "check_stock", description: "Is a product in stock?", parameters: { type: "object", properties: { skuCode: { type: "string" } } } },
      { type: "function", function: { name: "get_weather", description: "Weather for a city" }, server: { url: "http://weather.internal:8080/hms" }, async: true },
      { type: "transfer_call", destinations: [{ type: "number", number: "+442071234567" }] },
      { type: "end_call" },
    ],
  },
});
