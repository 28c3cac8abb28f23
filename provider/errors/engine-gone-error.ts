import { CxoneWebchatError, isCxoneWebchatError } from "./base-error";

/** The Pulumi engine that started this provider process is gone: nothing more may be written. */
export class EngineGoneError extends CxoneWebchatError {
  readonly kind = "EngineGoneError";
  readonly family = "engine";

  constructor(readonly address: string) {
    super(
      `the Pulumi engine at ${address} is gone (the pulumi command was stopped), so no more ` +
        'writes are sent; see "Recovering from an interrupted deployment" in the README',
    );
  }
}

/** True for an {@link EngineGoneError}, from any copy of this module. */
export function isEngineGoneError(error: unknown): error is EngineGoneError {
  return isCxoneWebchatError(error) && error.kind === "EngineGoneError";
}
