export * from "./errors/base-error";
export * from "./errors/policy-validation-error";
export * from "./policy/limits";
export * from "./policy/schema";
export * from "./policy/validate";
export * from "./policy/digest";
export { normalizeOrigin } from "./policy/origin";
export { findXssVector } from "./policy/xss";
