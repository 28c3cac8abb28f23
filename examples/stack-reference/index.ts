import { wafStack } from "./program";

export = wafStack;
