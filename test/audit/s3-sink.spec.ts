import { expect } from "chai";
import { parseS3Location } from "../../provider/audit/s3-sink";

describe("parseS3Location", () => {
  it("reads the bucket, the prefix and the DIY backend's endpoint options", () => {
    expect(
      parseS3Location(
        "s3://team-audit/cxone/prod/?endpoint=http://127.0.0.1:7070&use_path_style=true&region=eu-west-1",
        "cxone:audit",
      ),
    ).to.deep.equal({
      bucket: "team-audit",
      prefix: "cxone/prod",
      endpoint: "http://127.0.0.1:7070",
      pathStyle: true,
      region: "eu-west-1",
    });
    expect(parseS3Location("s3://b", "x")).to.deep.equal({
      bucket: "b",
      prefix: "",
      pathStyle: false,
    });
    expect(parseS3Location("s3://b/p?s3ForcePathStyle=true", "x").pathStyle).to.equal(true);
  });

  it("refuses what it cannot use, naming the setting, the value and the rule", () => {
    const refusal = (location: string) => {
      try {
        parseS3Location(location, "cxone:audit");
      } catch (error) {
        return (error as Error).message;
      }
      return "accepted";
    };
    expect(refusal("s3:///p")).to.match(/^cxone:audit: "s3:\/\/\/p" names no bucket/);
    expect(refusal("s3://b/p?profile=x")).to.equal(
      'cxone:audit: "s3://b/p?profile=x" has the unknown option profile; the options are endpoint, use_path_style, s3ForcePathStyle, region',
    );
    expect(refusal("s3://b?use_path_style=yes")).to.match(/use_path_style must be true or false$/);
    expect(refusal("s3://b?endpoint=ftp://x")).to.match(/endpoint must be an http or https URL/);
    expect(refusal("s3://AKIA:secret@b/p")).to.match(/must not carry credentials/);
  });
});
