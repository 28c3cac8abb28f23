import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".pulumi/**", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "no-console": "off",
      eqeqeq: ["error", "always"],
    },
  },
  {
    // The serialized provider loads its implementation at run time, by design: that is what lets
    // an upgraded package serve refresh and destroy of existing resources. And the resource
    // classes take each provider object as the whole export of its module (`export =`), which
    // the SDK then serializes as a require() of that module.
    files: [
      "provider/providers/forward.ts",
      "provider/resources/policy/webchat-security-policy.ts",
      "provider/resources/webhook/waf-webhook.ts",
    ],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
