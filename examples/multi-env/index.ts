import { multiEnv } from "./program";

export = multiEnv;
