/**
 * An error the dynamic-provider host reports as "resource created, but it failed to initialize"
 * (ErrorResourceInitFailed): Pulumi then keeps `id` and `properties` in state instead of
 * forgetting a change that did land. The host reads exactly these three fields.
 */
export class PartialFailure extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "PartialFailure";
  }
}
