import type * as pulumi from "@pulumi/pulumi";

/**
 * A value or an Output of it, at every level of nesting: `{ llmConfig: { messages: [{ content: prompt.apply(...) }] } }`
 * is accepted (Pulumi resolves nested Outputs before the provider sees the inputs).
 */
export type DeepInput<T> = unknown extends T
  ? pulumi.Input<T> // free-form values (`additionalFields`, `speechConfig` members): any value
  : T extends string | number | boolean | null | undefined
    ? pulumi.Input<T>
    : T extends Array<infer U>
      ? pulumi.Input<Array<DeepInput<U>>>
      : pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>;

/** Every property of `T` as an optional {@link DeepInput}. */
export type InputsOf<T> = { [K in keyof T]?: DeepInput<T[K]> };

/** Every property of `T` as an Output. */
export type OutputsOf<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };
