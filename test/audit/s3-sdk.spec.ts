import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { loadS3Sdk, S3_SDK_INSTALL, S3_SDK_RANGE, s3SdkProblem } from "../../provider/audit/s3-sdk";
import { REPO_ROOT } from "../../scripts/pulumi-project";
import { requireWithout } from "../helpers/module-require";
import { thrown } from "../helpers/rejection";
import { useTempDir } from "../helpers/temp-dir";

/** Node's require as a module of a project in `dir` has it: it finds what `dir` installed first. */
const requireFrom = (dir: string) => createRequire(join(dir, "index.js"));

const MISSING =
  "an s3:// audit sink needs @aws-sdk/client-s3, which is not installed; install it in the project: npm install '@aws-sdk/client-s3@>=3.1175.0 <3.1200.0'";

describe("the S3 SDK, an optional peer dependency", () => {
  const project = useTempDir("s3-sdk-");

  it("is loaded where it is installed, as here", () => {
    expect(s3SdkProblem()).to.equal(undefined);
    expect(loadS3Sdk().S3Client).to.be.a("function");
  });

  it("where it is not installed, says so in one line naming the install command", () => {
    const load = requireWithout("@aws-sdk/client-s3");
    expect(s3SdkProblem(load)).to.equal(
      `needs @aws-sdk/client-s3, which is not installed; install it in the project: ${S3_SDK_INSTALL}`,
    );
    expect(thrown(() => loadS3Sdk(load)).message).to.equal(MISSING);
  });

  it("throws a lookup that fails otherwise than by finding no such module, as it failed", () => {
    const unreadable = Object.assign(new Error("No exports main defined"), {
      code: "ERR_PACKAGE_PATH_NOT_EXPORTED",
    });
    const load = Object.assign(() => undefined, {
      resolve: (): string => {
        throw unreadable;
      },
    });
    expect(thrown(() => s3SdkProblem(load))).to.equal(unreadable);
  });

  it("passes on what a broken installation throws, rather than calling it missing", () => {
    const sdk = join(project.path, "node_modules", "@aws-sdk", "client-s3");
    mkdirSync(sdk, { recursive: true });
    writeFileSync(join(sdk, "package.json"), JSON.stringify({ name: "@aws-sdk/client-s3" }));
    writeFileSync(join(sdk, "index.js"), 'require("@smithy/not-there");');
    const load = requireFrom(project.path);
    expect(s3SdkProblem(load)).to.equal(undefined);
    expect(thrown(() => loadS3Sdk(load)).message).to.contain(
      "Cannot find module '@smithy/not-there'",
    );
  });

  it("names the range package.json gives, as an optional peer and as the version tested here", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.peerDependencies["@aws-sdk/client-s3"]).to.equal(S3_SDK_RANGE);
    expect(pkg.peerDependenciesMeta["@aws-sdk/client-s3"]).to.deep.equal({ optional: true });
    expect(pkg.devDependencies["@aws-sdk/client-s3"]).to.equal(S3_SDK_RANGE);
    expect(pkg.dependencies ?? {}).to.not.have.property("@aws-sdk/client-s3");
    const installed = JSON.parse(
      readFileSync(require.resolve("@aws-sdk/client-s3/package.json"), "utf8"),
    ) as { version: string };
    expect(installed.version, "the lockfile's release, the range's lowest").to.equal("3.1175.0");
  });

  it("is named with the same command in docs/teams.md", () => {
    expect(readFileSync(join(REPO_ROOT, "docs", "teams.md"), "utf8")).to.contain(S3_SDK_INSTALL);
  });
});
