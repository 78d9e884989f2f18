// A disabled structured-data plan, and no threshold (the server default applies).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("analysis-disabled", {
  analysisPlan: { structuredDataPlan: { enabled: false, schema: {} } },
});
