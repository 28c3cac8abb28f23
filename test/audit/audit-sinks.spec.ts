import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { openSink, sinkProblem, sinkScheme, SINK_KINDS } from "../../provider/audit/audit-sinks";
import { S3_SDK_INSTALL } from "../../provider/audit/s3-sdk";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { requireWithout } from "../helpers/module-require";
import { thrown } from "../helpers/rejection";
import { useTempDir } from "../helpers/temp-dir";

describe("openSink", () => {
  it("chooses the kind by scheme: a path or file:// is a directory, s3:// a bucket", () => {
    expect(sinkScheme(".cxone-audit")).to.equal("file");
    expect(sinkScheme("/var/audit")).to.equal("file");
    expect(sinkScheme("file:///var/audit")).to.equal("file");
    expect(sinkScheme("S3://bucket/prefix")).to.equal("s3");
    expect(Object.keys(SINK_KINDS)).to.deep.equal(["file", "s3"]);
    expect(openSink("/var/audit", "cxone:audit", { env: {} }).location).to.equal("/var/audit");
    expect(openSink("s3://bucket/p", "cxone:audit", { env: {} }).location).to.equal(
      "s3://bucket/p",
    );
  });

  it("refuses another scheme, naming the setting, the value and the kinds there are", () => {
    const error = thrown(() => openSink("gs://bucket/audit", "CXONE_AUDIT", { env: {} }));
    expect(isCxoneWebchatError(error, "invalid-setting")).to.equal(true);
    expect(error.message).to.equal(
      'CXONE_AUDIT: "gs://bucket/audit" has no audit sink for gs://; use a directory (.cxone-audit) or an S3 bucket (s3://bucket/prefix?endpoint=http://127.0.0.1:7070&use_path_style=true&region=us-east-1)',
    );
  });
});

describe("sinkProblem", () => {
  const project = useTempDir("sink-problem-");

  it("finds a directory that cannot take lines, and an s3:// sink without its SDK", () => {
    const file = join(project.path, "a-file");
    writeFileSync(file, "");
    expect(sinkProblem(join(file, "audit"))).to.equal(
      `cannot be used: ${file} is a file, not a directory`,
    );
    expect(sinkProblem("s3://bucket/audit", requireWithout("@aws-sdk/client-s3"))).to.equal(
      `needs @aws-sdk/client-s3, which is not installed; install it in the project: ${S3_SDK_INSTALL}`,
    );
  });

  it("finds nothing in a usable directory, nor in an s3:// sink whose SDK is installed", () => {
    expect(sinkProblem(join(project.path, "audit"))).to.equal(undefined);
    expect(sinkProblem("s3://bucket/audit")).to.equal(undefined);
  });
});
