import type { PipelineContext } from "../../http/send-with-retry";
import type { TenantEndpoints, TokenCache, TokenSource } from "./token-source";

/**
 * One kind of CXone credentials: the settings that hold them and how they become tokens. The
 * kinds are listed in `credential-kinds.ts`; adding one is a file like `access-key.ts` and a line
 * there. Stack config keys (`cxone:<field>`), environment variables (`CXONE_<FIELD>`), a
 * resource's `connection` and `cxone:tenants` entries all follow from {@link fields}.
 */
export interface CredentialKind<F extends string = string> {
  /** What users call it, for messages, such as "OAuth2 client credentials". */
  readonly title: string;
  /** The settings holding the credentials, the public ones first. */
  readonly fields: readonly F[];
  /** Those of {@link fields} that are secret: never shown, never stored in plaintext. */
  readonly secretFields: readonly F[];
  /** A token source for these credentials on the tenant at `endpoints`, kept in `tokens`. */
  tokenSource(
    credentials: Readonly<Record<F, string>>,
    endpoints: TenantEndpoints,
    ctx: PipelineContext,
    tokens: TokenCache,
  ): TokenSource;
}
