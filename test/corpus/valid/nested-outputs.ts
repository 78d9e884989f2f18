// Inputs that are Outputs at several levels of nesting (a prompt built from another resource's
// output, a secret voice id), as a real program composes them.
import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";

const router = new hms.Assistant("nested-outputs-router", { businessName: "Acme" });

new hms.Assistant("nested-outputs", {
  businessName: router.businessName.apply((b) => `${b} (NL)`),
  llmConfig: {
    provider: "groq",
    model: pulumi.output("llama-3.1-8b-instant"),
    messages: [{ role: "system", content: pulumi.interpolate`Route calls for ${router.name}.` }],
  },
  ttsConfig: { provider: "openai", voiceId: pulumi.secret("nova") },
});
