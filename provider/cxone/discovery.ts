import { z } from "zod";
import { DiscoveryError } from "../errors/api-errors";
import { isCxoneWebchatError } from "../errors/base-error";
import { joinUrl, publicUrl, secureUrlProblem, trimBaseUrl } from "../http/secure-url";
import { sendWithRetry, type PipelineContext } from "../http/send-with-retry";
import { parseJson } from "./response-errors";

/** Where CXone's API discovery document is served (NICE's public documentation). */
export const DEFAULT_DISCOVERY_URL = "https://cxone.niceincontact.com";

/** The path of the discovery document, asked with `?tenantId=<id>`. */
export const DISCOVERY_PATH = "/.well-known/cxone-configuration";

/**
 * What this package reads of the discovery document: the tenant's API endpoint and its area
 * (such as `na1`). The document holds more; the rest is ignored.
 */
const discoveryDocumentSchema = z.looseObject({
  api_endpoint: z.string().min(1),
  area: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/i),
});

/** A tenant's endpoints, as discovery found them. */
export interface DiscoveredTenant {
  /** The API's base URL, without a trailing slash. */
  readonly apiBaseUrl: string;
  /** The area, such as `na1`: it names the host of the access-key token endpoint. */
  readonly area: string;
}

/** The auth host of an area, where access keys are exchanged for tokens (NICE's public documentation). */
export function authBaseUrlForArea(area: string): string {
  return `https://${area}.nice-incontact.com`;
}

/**
 * Pure: the endpoints in a discovery document, or why it has none. The API endpoint must be one
 * that tokens may be sent to (https, or loopback), since every request carries one.
 */
export function readDiscoveryDocument(body: unknown): DiscoveredTenant | string {
  const parsed = discoveryDocumentSchema.safeParse(body);
  if (!parsed.success) return "the answer is not a discovery document with api_endpoint and area";
  const problem = secureUrlProblem(parsed.data.api_endpoint, "every bearer token");
  if (problem !== undefined)
    return `its api_endpoint ${JSON.stringify(publicUrl(parsed.data.api_endpoint))} ${problem}`;
  return { apiBaseUrl: trimBaseUrl(parsed.data.api_endpoint), area: parsed.data.area };
}

/**
 * The tenants a process has discovered: part of its context, so that discovery is asked once per
 * process for each (discovery URL, tenant id), and a test starts from an empty one.
 */
export class DiscoveryCache {
  private readonly discovered = new Map<string, Promise<DiscoveredTenant>>();

  /**
   * Discovers a tenant's endpoints, once for each (discovery URL, tenant id): the document is
   * public and changes only when NICE moves the tenant. A failed discovery is not kept, so the
   * next hook tries again. Throws {@link DiscoveryError}.
   */
  discover(
    tenantId: string,
    discoveryUrl: string,
    ctx: PipelineContext,
  ): Promise<DiscoveredTenant> {
    const base = trimBaseUrl(discoveryUrl);
    const key = `${base}\n${tenantId}`;
    let pending = this.discovered.get(key);
    if (pending === undefined) {
      pending = fetchDocument(tenantId, base, ctx);
      this.discovered.set(key, pending);
      pending.catch(() => this.discovered.delete(key));
    }
    return pending;
  }
}

async function fetchDocument(
  tenantId: string,
  base: string,
  ctx: PipelineContext,
): Promise<DiscoveredTenant> {
  const where = publicUrl(joinUrl(base, DISCOVERY_PATH));
  let result;
  try {
    result = await sendWithRetry(ctx, {
      method: "GET",
      url: joinUrl(base, DISCOVERY_PATH, { tenantId }),
      path: DISCOVERY_PATH,
      headers: () => ({ accept: "application/json" }),
      priority: true,
    });
  } catch (error) {
    const reason = isCxoneWebchatError(error) ? error.message : String(error);
    throw new DiscoveryError(tenantId, where, reason, { cause: error });
  }
  if (result.status !== 200)
    throw new DiscoveryError(
      tenantId,
      where,
      `it answered ${result.status} ${result.statusText}`.trimEnd(),
    );
  const read = readDiscoveryDocument(parseJson(result.body));
  if (typeof read === "string") throw new DiscoveryError(tenantId, where, read);
  return read;
}
