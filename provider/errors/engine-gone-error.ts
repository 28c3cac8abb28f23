import { CxoneWebchatError } from "./base-error";

/** The Pulumi engine that started this provider process is gone: nothing more may be written. */
export class EngineGoneError extends CxoneWebchatError {
  readonly kind = "EngineGoneError";
  readonly family = "engine";

  constructor(readonly address: string) {
    super(
      `the Pulumi engine at ${address} is gone (the pulumi command was stopped), so no more ` +
        "writes are sent; see docs/recovery.md",
    );
  }
}
