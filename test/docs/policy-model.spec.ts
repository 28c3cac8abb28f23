import { expect } from "chai";
import { validatePolicy } from "../../provider/policy/validate";
import { tenantPolicyErrors } from "../../provider/simulator/tenant-policy-rules";
import { docExamples, examplesBasePolicy, exampleValue, withValueAt } from "../helpers/docs-tables";

const EXAMPLES = docExamples("docs/policy-model.md", "Examples, checked by the tests");

describe("docs/policy-model.md's examples", () => {
  it("cover every field of the policy model table, accepted and refused", () => {
    const fields = new Set(EXAMPLES.map((e) => e.field.replace(/\[\d+\]/g, "[i]")));
    for (const field of [
      "corsOrigins",
      "corsOrigins[i]",
      "authentication.requireToken",
      "authentication.tokenExpiryMinutes",
      "rules",
      "rules[i].id",
      "rules[i].action",
      "rules[i].pattern",
      "rules[i].redirectUrl",
      "allowInsecureOrigins",
    ])
      expect(fields, field).to.include(field);
    expect(EXAMPLES.filter((e) => e.accepted)).to.have.length.greaterThan(0);
    expect(EXAMPLES.filter((e) => !e.accepted)).to.have.length.greaterThan(0);
  });

  for (const example of EXAMPLES) {
    const name = `${example.field} = ${example.text.slice(0, 60)}`;
    if (example.accepted) {
      it(`accepts ${name}`, () => {
        const result = validatePolicy(
          withValueAt(examplesBasePolicy(), example.field, exampleValue(example.text)),
        );
        expect(result.ok, JSON.stringify(result)).to.equal(true);
      });
    } else {
      it(`refuses ${name}: ${example.says}`, () => {
        const result = validatePolicy(
          withValueAt(examplesBasePolicy(), example.field, exampleValue(example.text)),
        );
        if (result.ok) expect.fail(`accepted ${example.text}`);
        const matching = result.violations.filter(
          (v) =>
            v.path.startsWith(example.field) &&
            v.reason.toLowerCase().includes(example.says.toLowerCase()),
        );
        expect(matching, JSON.stringify(result.violations)).to.have.length.greaterThan(0);
      });
    }
  }

  it("are refused by the simulator's tenant too, for every wildcard origin", () => {
    const wildcards = EXAMPLES.filter((e) => e.field === "corsOrigins[0]" && e.says === "wildcard");
    expect(wildcards.length).to.be.greaterThan(10);
    for (const example of wildcards) {
      const policy = withValueAt(
        examplesBasePolicy(),
        "corsOrigins[0]",
        exampleValue(example.text),
      );
      const errors = tenantPolicyErrors({ ...policy, allowInsecureOrigins: false });
      expect(errors, example.text).to.have.length.greaterThan(0);
    }
  });
});
