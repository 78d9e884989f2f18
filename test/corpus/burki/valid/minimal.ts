// No arguments at all: every field keeps the server's default and the name is derived from the resource name.
import * as burki from "pulumi-voiceai/burki";

new burki.Assistant("minimal");
