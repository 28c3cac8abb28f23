import { describePolicyProperties, FULL_RUNS } from "./policy-properties";

// The full counts: the unit loop (properties.spec.ts) draws a tenth of them.
describePolicyProperties(FULL_RUNS);
