import { describePolicyProperties, QUICK_RUNS } from "./policy-properties";

// The unit loop draws a tenth of the cases; properties.integration.spec.ts draws them all.
describePolicyProperties(QUICK_RUNS);
