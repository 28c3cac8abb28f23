import { forwardTo } from "./forward";

/** The provider object of every WafWebhook (see `forwardTo`): this module's whole export. */
export = forwardTo("WafWebhook");
