import { manyWidgets } from "./program";

export = manyWidgets;
