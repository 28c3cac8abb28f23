/**
 * What identifies a tenant: its tenant id, its API base URL, or both. Never a secret. Every
 * policy records the tenant it was written to, so that `read`, `update` and `delete` act there,
 * whatever the stack config says today.
 */
export interface TenantRef {
  readonly baseUrl?: string | undefined;
  readonly tenantId?: string | undefined;
}

/**
 * Whether two references name the same tenant. Tenant ids decide when both sides have one (a
 * tenant moved to another API host is still the same tenant); otherwise base URLs do. Two
 * references that share neither cannot be told apart without asking CXone, and count as
 * different: a move is planned and explained rather than assumed away.
 */
export function sameTenant(a: TenantRef, b: TenantRef): boolean {
  if (a.tenantId !== undefined && b.tenantId !== undefined) return a.tenantId === b.tenantId;
  if (a.baseUrl !== undefined && b.baseUrl !== undefined) return a.baseUrl === b.baseUrl;
  return false;
}

/** A tenant as messages name it: `tenant 1234 (https://api-na1.example.com)`, or either part. */
export function describeTenant(tenant: TenantRef): string {
  if (tenant.tenantId !== undefined && tenant.baseUrl !== undefined)
    return `tenant ${tenant.tenantId} (${tenant.baseUrl})`;
  if (tenant.tenantId !== undefined) return `tenant ${tenant.tenantId}`;
  return `tenant ${tenant.baseUrl ?? "(unknown)"}`;
}

/** The keys under which `cxone:tenants` may hold a tenant's settings, best first. */
export function tenantKeys(tenant: TenantRef): string[] {
  return [tenant.tenantId, tenant.baseUrl].filter((k): k is string => k !== undefined);
}

/** Just the identifying parts of a value that may carry more. */
export function tenantRefOf(value: TenantRef): TenantRef {
  return {
    ...(value.baseUrl === undefined ? {} : { baseUrl: value.baseUrl }),
    ...(value.tenantId === undefined ? {} : { tenantId: value.tenantId }),
  };
}
