import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { policyDigest } from "../../provider/policy/digest";
import { parsePolicy } from "../../provider/policy/validate";

interface Vector {
  name: string;
  input: unknown;
  normalized: unknown;
  canonical: string;
  digest: string;
}

const fixture = JSON.parse(
  readFileSync(
    join(__dirname, "..", "..", "..", "test", "fixtures", "digest-vectors.json"),
    "utf8",
  ),
) as { vectors: Vector[] };

describe("policyDigest", () => {
  for (const vector of fixture.vectors) {
    it(`matches the committed vector: ${vector.name}`, () => {
      const policy = parsePolicy(vector.input);
      expect(policy).to.deep.equal(vector.normalized);
      expect(policyDigest(policy)).to.equal(vector.digest);
    });
  }

  it("is the SHA-256 of the vector's canonical JSON", () => {
    for (const vector of fixture.vectors) {
      expect(createHash("sha256").update(vector.canonical).digest("hex")).to.equal(vector.digest);
    }
  });

  it("is lowercase hex of 64 characters", () => {
    const digest = policyDigest(parsePolicy(fixture.vectors[0]?.input));
    expect(digest).to.match(/^[0-9a-f]{64}$/);
  });

  it("changes when a rule changes", () => {
    const a = parsePolicy({
      corsOrigins: ["https://a.example"],
      authentication: { requireToken: false },
      rules: [{ id: "r", action: "log", pattern: "/a" }],
    });
    const b = parsePolicy({
      corsOrigins: ["https://a.example"],
      authentication: { requireToken: false },
      rules: [{ id: "r", action: "log", pattern: "/b" }],
    });
    expect(policyDigest(a)).to.not.equal(policyDigest(b));
  });
});
