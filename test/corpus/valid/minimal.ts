// No arguments at all: every field keeps the server's default and the name is derived from the resource name.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("minimal");
