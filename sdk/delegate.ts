/**
 * The provider object Pulumi serializes into the state (`__provider`).
 *
 * Pulumi serializes a dynamic provider by value, with everything it captures. This object captures
 * only a module name: each hook `require`s this package's provider module inside the
 * dynamic-provider process and calls it there. So no client, config or key ends up in the state,
 * and upgrading the installed package upgrades the code that existing resources run.
 */
import type * as pulumi from "@pulumi/pulumi";

type Provider = Required<pulumi.dynamic.ResourceProvider>;

// One object per module: Pulumi caches a provider's serialization by object, and serializing a
// closure is costly (milliseconds per resource), so every Assistant of a program shares one.
const delegates = new Map<string, pulumi.dynamic.ResourceProvider>();

/** @param moduleId a module of this package exporting `provider`, e.g. `pulumi-voiceai/provider/hms/assistant`. */
export function delegate(moduleId: string): pulumi.dynamic.ResourceProvider {
  let provider = delegates.get(moduleId);
  if (!provider) delegates.set(moduleId, (provider = forward(moduleId)));
  return provider;
}

function forward(moduleId: string): pulumi.dynamic.ResourceProvider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (): Provider => require(moduleId).provider;
  return {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}
