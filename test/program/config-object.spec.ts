import { inspect } from "node:util";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { configObject, requireConfigObject } from "../../provider/program/config-object";
import { isCxoneWebchatError } from "../../provider/errors/base-error";
import { thrown } from "../helpers/rejection";

let bag = 0;

/**
 * A Config over the given raw values, as the language host passes them. Each call gets a bag
 * of its own, because the SDK keeps config for the life of the process.
 */
function configWith(values: Record<string, string>): pulumi.Config {
  const name = `proj${++bag}`;
  for (const [key, value] of Object.entries(values))
    pulumi.runtime.setConfig(`${name}:${key}`, value);
  return new pulumi.Config(name);
}

const AUTH = { shape: "object", example: '{"requireToken": true}' } as const;

describe("configObject", () => {
  it("returns the parsed object or list, and undefined for a key that is not set", () => {
    const config = configWith({ auth: '{"requireToken":true}', origins: '["https://a.example"]' });
    expect(configObject(config, "auth", AUTH)).to.deep.equal({ requireToken: true });
    expect(
      configObject(config, "origins", { shape: "list", example: '["https://a.example"]' }),
    ).to.deep.equal(["https://a.example"]);
    expect(configObject(config, "absent", AUTH)).to.equal(undefined);
  });

  it("refuses a null value at once, naming the key and the expected shape with an example", () => {
    const error = thrown(() => configObject(configWith({ auth: "" }), "auth", AUTH));
    expect(error.message).to.match(
      /^stack config proj\d+:auth is empty \(null\); expected an object, for example \{"requireToken": true\}$/,
    );
    expect(isCxoneWebchatError(error, "program-config")).to.equal(true);
  });

  it("refuses a list where an object is expected, and plain text, quoting what it got", () => {
    expect(thrown(() => configObject(configWith({ auth: "[1]" }), "auth", AUTH)).message).to.match(
      /^stack config proj\d+:auth is a list \(\[1\]\); expected an object, for example \{"requireToken": true\}$/,
    );
    expect(
      thrown(() => configObject(configWith({ auth: "yes" }), "auth", AUTH)).message,
    ).to.contain('is the text "yes"');
  });

  it("requireConfigObject says how to set a key that is missing", () => {
    const error = thrown(() => requireConfigObject(configWith({}), "auth", AUTH));
    expect(error.message).to.match(/^stack config proj\d+:auth is not set; expected an object/);
    expect(error.message).to.contain("pulumi config set --path");
  });

  it("throws an error the SDK reports as its message alone, which inspects quickly", () => {
    const error = thrown(() => configObject(configWith({ auth: "" }), "auth", AUTH));
    // The SDK's RunError brand: it logs the message and hides the stack.
    expect((error as unknown as { __pulumiRunError: unknown }).__pulumiRunError).to.equal(true);
    // No frames, so util.inspect has no source-mapped stack lines to run away on (Node 20).
    expect(error.stack).to.equal(`ProgramConfigError: ${error.message}`);
    expect(inspect(error, { colors: true })).to.contain("is empty (null)");
  });
});
