/**
 * `@aws-sdk/client-s3`, an optional peer dependency: about 22 MB with its `@smithy` packages,
 * needed only by an `s3://` audit sink, so a project installs it only if it has one. It is found
 * the way Node.js finds any package from here (the project's node_modules), on first use.
 */

/** The module, as the sink uses it. */
export type S3Sdk = typeof import("@aws-sdk/client-s3");

/**
 * The releases this package supports, as its `peerDependencies` says (a test holds the two
 * together): 3.1175.0, the release it is tested with, up to before 3.1200.0, which keeps out the
 * releases from the first week of January 2027 on, which require Node 22.
 */
export const S3_SDK_RANGE = ">=3.1175.0 <3.1200.0";

/** The command that installs it in a project, for messages. */
export const S3_SDK_INSTALL = `npm install '@aws-sdk/client-s3@${S3_SDK_RANGE}'`;

/** How a module is found and loaded: Node's `require`, or a test's. */
export interface ModuleRequire {
  (id: string): unknown;
  /** The module's file; throws an error with the code `MODULE_NOT_FOUND` when there is none. */
  resolve(id: string): string;
}

const MODULE = "@aws-sdk/client-s3";

/**
 * Why an `s3://` sink cannot be used here: the SDK is not installed. Undefined when it is. It
 * only looks the module up, loading nothing; a lookup that fails otherwise than by finding no
 * such module (an installation Node cannot read) throws as it failed.
 */
export function s3SdkProblem(load: ModuleRequire = require): string | undefined {
  try {
    load.resolve(MODULE);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    return `needs ${MODULE}, which is not installed; install it in the project: ${S3_SDK_INSTALL}`;
  }
}

/**
 * Loads the SDK. Throws an Error of {@link s3SdkProblem}'s message when it is not installed, and
 * whatever loading it throws otherwise (an installation that is broken says how).
 */
export function loadS3Sdk(load: ModuleRequire = require): S3Sdk {
  const problem = s3SdkProblem(load);
  if (problem !== undefined) throw new Error(`an s3:// audit sink ${problem}`);
  return load(MODULE) as S3Sdk;
}
