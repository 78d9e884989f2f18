// Only the required prompt: every other field keeps the server's default and the name is derived from the resource name.
import * as revox from "pulumi-voiceai/revox";

new revox.Assistant("minimal", { prompt: "You answer Acme's phone. Be brief." });
