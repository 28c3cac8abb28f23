import { expect } from "chai";
import { z } from "zod";
import {
  configSchemaOf,
  GuardrailsConfigError,
  readConfig,
  stackPatternKey,
} from "../../policy-pack/config";

const schema = z.object({
  stackPattern: stackPatternKey("^prod$", "Production stacks"),
  limit: z.number().int().min(0).default(5).describe("The most rules"),
  domains: z.array(z.string()).default([]),
});

describe("policy-pack config", () => {
  describe("configSchemaOf", () => {
    it("gives the CLI each key's type, bounds, description and default", () => {
      expect(configSchemaOf(schema).properties).to.deep.include({
        stackPattern: {
          type: "string",
          minLength: 1,
          default: "^prod$",
          description: "Production stacks",
        },
        domains: { type: "array", items: { type: "string" }, default: [] },
      });
      expect(configSchemaOf(schema).properties.limit).to.include({
        type: "integer",
        minimum: 0,
        default: 5,
      });
    });

    it("requires no key, since every key has a default", () => {
      expect(configSchemaOf(schema).required).to.equal(undefined);
    });
  });

  describe("readConfig", () => {
    it("fills in the defaults, as the CLI does from the schema", () => {
      expect(readConfig("p", schema, {})).to.deep.equal({
        stackPattern: "^prod$",
        limit: 5,
        domains: [],
      });
      expect(readConfig("p", schema, undefined).limit).to.equal(5);
    });

    it("names the policy, the key, the value and the rule of an unusable config", () => {
      expect(() => readConfig("webchat-x", schema, { limit: -1, domains: ["a", 7] }))
        .to.throw(GuardrailsConfigError)
        .with.property(
          "message",
          'the config of policy "webchat-x" is not usable: limit: -1: Too small: expected number to be >=0; domains.1: 7: Invalid input: expected string, received number',
        );
    });

    it("refuses a stack pattern that is not a regular expression, saying why", () => {
      expect(() => readConfig("webchat-x", schema, { stackPattern: "prod(" })).to.throw(
        'stackPattern: "prod(": not a regular expression: Invalid regular expression: /prod(/: Unterminated group',
      );
    });
  });

  describe("GuardrailsConfigError", () => {
    it("has a stack without frames, so the CLI prints the message alone", () => {
      const error = new GuardrailsConfigError("the config of policy ...");
      expect(error.stack).to.equal("GuardrailsConfigError: the config of policy ...");
    });
  });
});
