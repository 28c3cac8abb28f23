import { forwardTo } from "./forward";

/** The provider object of every WebchatSecurityPolicy (see `forwardTo`): this module's whole export. */
export = forwardTo("WebchatSecurityPolicy");
