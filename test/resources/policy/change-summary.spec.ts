import { expect } from "chai";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { summarizePolicyChange } from "../../../provider/resources/policy/change-summary";

const rule = (id: string, pattern = `/${id}/*`) => ({ id, action: "log", pattern });

describe("summarizePolicyChange", () => {
  const olds = {
    corsOrigins: ["https://a.example", "https://b.example"],
    rules: [rule("r0"), rule("r1"), rule("r2")],
  };

  it("says nothing when neither list changed", () => {
    expect(summarizePolicyChange(olds, { ...olds })).to.deep.equal([]);
  });

  it("names a changed rule by id and field, in one line, whatever its neighbours", () => {
    expect(
      summarizePolicyChange(olds, { ...olds, rules: [rule("r0"), rule("r1", "/x"), rule("r2")] }),
    ).to.deep.equal(['~ rules[1] "r1": pattern "/r1/*" => "/x"']);
  });

  it("reads an insertion as one addition, not as every later rule changing", () => {
    expect(
      summarizePolicyChange(olds, { ...olds, rules: [rule("new"), ...olds.rules] }),
    ).to.deep.equal(['+ rules[0] "new" (log "/new/*")']);
  });

  it("names added and removed origins and rules, and rules that changed places", () => {
    expect(
      summarizePolicyChange(olds, {
        corsOrigins: ["https://a.example", "https://c.example"],
        rules: [rule("r2"), rule("r0")],
      }),
    ).to.deep.equal([
      '+ corsOrigins: "https://c.example"',
      '- corsOrigins: "https://b.example"',
      '- rules[1] "r1" (log "/r1/*")',
      '~ rules: "r2" now evaluated at [0], was [2]',
      '~ rules: "r0" now evaluated at [1], was [0]',
    ]);
  });

  it("reads from the old side to the new one: what the new side has and the old had not is +", () => {
    // At refresh the old side is the state, the new one the live policy: an origin added in the
    // console is an addition, as the engine's lines beside it say (count 2 => 3).
    const live = { ...olds, corsOrigins: [...olds.corsOrigins, "https://evil.example"] };
    expect(summarizePolicyChange(olds, live)).to.deep.equal([
      '+ corsOrigins: "https://evil.example"',
    ]);
    expect(summarizePolicyChange(live, olds)).to.deep.equal([
      '- corsOrigins: "https://evil.example"',
    ]);
  });

  it("says a list not known yet is unknown, instead of listing every old entry as removed", () => {
    expect(
      summarizePolicyChange(olds, { corsOrigins: unknownValue, rules: [unknownValue] }),
    ).to.deep.equal(["~ corsOrigins: [unknown]", "~ rules: [unknown]"]);
  });

  it("takes a side that is no object, such as a live policy of null, as having no origins or rules", () => {
    expect(summarizePolicyChange(olds, null)).to.deep.equal([
      '- corsOrigins: "https://a.example"',
      '- corsOrigins: "https://b.example"',
      '- rules[0] "r0" (log "/r0/*")',
      '- rules[1] "r1" (log "/r1/*")',
      '- rules[2] "r2" (log "/r2/*")',
    ]);
  });
});
