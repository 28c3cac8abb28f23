import { expect } from "chai";
import { openSink, sinkScheme, SINK_KINDS } from "../../provider/audit/audit-sinks";
import { isInvalidSettingError } from "../../provider/errors/invalid-setting-error";
import { thrown } from "../helpers/rejection";

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
    expect(isInvalidSettingError(error)).to.equal(true);
    expect(error.message).to.equal(
      'CXONE_AUDIT: "gs://bucket/audit" has no audit sink for gs://; use a directory (.cxone-audit) or an S3 bucket (s3://bucket/prefix?endpoint=http://127.0.0.1:7070&use_path_style=true&region=us-east-1)',
    );
  });
});
