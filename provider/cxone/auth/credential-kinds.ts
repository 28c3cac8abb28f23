import { accessKey } from "./access-key";
import { clientCredentials } from "./client-credentials";
import type { PipelineContext } from "../../http/send-with-retry";
import type { CredentialKind } from "./credential-kind";
import type { TenantEndpoints, TokenCache, TokenSource } from "./token-source";

/**
 * Every kind of credentials the client accepts, by name. A new kind is one file and one line
 * here; the settings, their environment variables and the messages follow from it.
 */
export const CREDENTIAL_KINDS = {
  "client-credentials": clientCredentials,
  "access-key": accessKey,
} as const satisfies Record<string, CredentialKind>;

/** The name of a kind of credentials. */
export type CredentialKindName = keyof typeof CREDENTIAL_KINDS;

/** The settings that hold credentials of any kind. */
export type CredentialField = (typeof CREDENTIAL_KINDS)[CredentialKindName]["fields"][number];

/** Credentials of one kind, ready for {@link CredentialKind.tokenSource}. */
export type Credentials = {
  [K in CredentialKindName]: {
    readonly kind: K;
    readonly values: Readonly<Record<(typeof CREDENTIAL_KINDS)[K]["fields"][number], string>>;
  };
}[CredentialKindName];

/** The kinds, in the order their settings are looked for. */
export const CREDENTIAL_KIND_NAMES = Object.keys(CREDENTIAL_KINDS) as CredentialKindName[];

/** Every setting that holds a credential, of any kind. */
export const CREDENTIAL_FIELDS: readonly CredentialField[] = CREDENTIAL_KIND_NAMES.flatMap(
  (name) => CREDENTIAL_KINDS[name].fields,
);

/** Every setting that holds a secret, of any kind. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(
  CREDENTIAL_KIND_NAMES.flatMap((name) => CREDENTIAL_KINDS[name].secretFields),
);

/** The token source of `credentials`, from their kind. */
export function tokenSourceFor(
  credentials: Credentials,
  endpoints: TenantEndpoints,
  ctx: PipelineContext,
  tokens: TokenCache,
): TokenSource {
  const kind: CredentialKind = CREDENTIAL_KINDS[credentials.kind];
  return kind.tokenSource(credentials.values, endpoints, ctx, tokens);
}
