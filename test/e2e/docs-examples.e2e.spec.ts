import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type { CliResult, StackCli } from "../../scripts/pulumi-project";
import { docExamples, examplesBasePolicy, exampleValue, withValueAt } from "../helpers/docs-tables";
import { useE2eWorld } from "./e2e-world";

const POLICY_EXAMPLES = docExamples("docs/policy-model.md", "Examples, checked by the tests");
const SETTING_EXAMPLES = docExamples("docs/configuration.md", "Examples, checked by the tests");

/** The setting rows that name a URL: the ones a token or a secret travels to. */
const URL_SETTINGS = new Set([
  "cxone:baseUrl",
  "cxone:authUrl",
  "cxone:discoveryUrl",
  "cxone:tenants",
]);

/**
 * The policies of docs/policy-model.md's examples, each on a widget of its own: all of them, or
 * only the one `EXAMPLE` names. The engine stops a preview at the first resource that fails its
 * check, so each refused example gets a preview of its own.
 */
const PROGRAM = `const { readFileSync } = require("node:fs");
const { WebchatSecurityPolicy } = require("../../dist/provider");
const cases = JSON.parse(readFileSync(__dirname + "/cases.json", "utf8"));
cases.forEach((policy, i) => {
  if (process.env.EXAMPLE === undefined || process.env.EXAMPLE === String(i))
    new WebchatSecurityPolicy("example-" + i, { widgetId: "wc-example-" + i, ...policy });
});
`;

/** How many previews run at once: each is mostly waiting on its own processes. */
const PARALLEL = 4;

/** Runs `run` for each item, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>) {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** The Diagnostics lines of a failed command, with no stack frame among them. */
function diagnostics(result: CliResult): string {
  expect(result.code, result.output).to.not.equal(0);
  expect(result.output, "no stack trace").to.not.match(/^\s+at \S/m);
  return result.output.split(/^Diagnostics:$/m)[1] ?? "";
}

describe("the docs' examples, through pulumi preview", function () {
  this.timeout(600_000);
  const world = useE2eWorld();
  beforeEach(() => world.sim.clearLog());
  afterEach(() => expect(world.sim.requests, "requests to the tenant").to.have.length(0));

  it("accepts every accepted policy example of docs/policy-model.md in one preview, and refuses each refused one at its field", async () => {
    const stack = await world.scratch("policy-examples", PROGRAM);
    const cases = POLICY_EXAMPLES.map((e) =>
      withValueAt(examplesBasePolicy(), e.field, exampleValue(e.text)),
    );
    writeFileSync(join(stack.project.dir, "cases.json"), JSON.stringify(cases));
    const accepted = POLICY_EXAMPLES.flatMap((e, i) => (e.accepted ? [i] : []));
    const refused = POLICY_EXAMPLES.flatMap((e, i) => (e.accepted ? [] : [i]));
    writeFileSync(
      join(stack.project.dir, "cases.json"),
      JSON.stringify(cases.map((c, i) => (accepted.includes(i) ? c : examplesBasePolicy()))),
    );
    await stack.run(["preview"]);
    writeFileSync(join(stack.project.dir, "cases.json"), JSON.stringify(cases));
    const wrong: string[] = [];
    await eachLimited(refused, PARALLEL, async (i) => {
      const example = POLICY_EXAMPLES[i]!;
      const preview = await stack.run(["preview"], {
        allowFailure: true,
        env: { EXAMPLE: String(i) },
      });
      const text = diagnostics(preview);
      const field = example.field.replace(/[[\].]/g, "\\$&");
      const says = example.says.replace(/[[\]().*+?^$|\\]/g, "\\$&");
      if (!new RegExp(`"?example-${i}"?[^\\n]*${field}[^:]*: [^\\n]*${says}`, "i").test(text))
        wrong.push(`${example.field} = ${example.text} must say "${example.says}":\n${text}`);
    });
    expect(wrong, wrong.join("\n")).to.deep.equal([]);
  });

  describe("every URL setting of docs/configuration.md", () => {
    let stack: StackCli;
    before(async () => {
      stack = await world.stack("quickstart", "settings");
      stack.copySettingsOf("dev");
    });

    for (const example of SETTING_EXAMPLES.filter(
      (e) => URL_SETTINGS.has(e.field) && !e.accepted,
    )) {
      it(`refuses ${example.field} ${JSON.stringify(example.text)}: ${example.says}, showing no secret`, async () => {
        stack.editStackFile((config) => {
          config["cxone:baseUrl"] = world.sim.url;
          config[example.field] =
            example.field === "cxone:tenants" ? JSON.parse(example.text) : example.text;
        });
        const preview = await stack.run(["preview"], { allowFailure: true });
        const text = diagnostics(preview);
        expect(text, preview.output).to.match(
          new RegExp(`error: ${example.field.replace(/[[\]]/g, "\\$&")}[^\\n]*${example.says}`),
        );
        expect(preview.output).to.not.contain("S3cret");
        stack.editStackFile((config) => {
          delete config[example.field];
          config["cxone:baseUrl"] = world.sim.url;
        });
      });
    }

    it("refuses a WafWebhook url with user info without printing the password", async () => {
      await stack.set(
        "cxone-webchat-quickstart:wafUrl",
        "https://hooks:S3cret@waf.example.com/cxone",
      );
      try {
        const preview = await stack.run(["preview"], { allowFailure: true });
        expect(diagnostics(preview)).to.contain(
          'url: "https://[REDACTED]@waf.example.com/cxone" must not carry user info',
        );
        expect(preview.output).to.not.contain("S3cret");
      } finally {
        await stack.set("cxone-webchat-quickstart:wafUrl", world.waf.url);
      }
    });
  });
});
