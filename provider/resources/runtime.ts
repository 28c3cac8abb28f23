/**
 * The stable entry point that serialized providers load (see `RUNTIME_MODULE`): state written by
 * every version names `dist/provider/resources/runtime.js`, so this file stays here, whatever
 * moves behind it, for `refresh` and `destroy` of old state.
 */
export { providerFor, type ProviderKind } from "./shared/runtime";
