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
    // The serialized provider chooses its implementation module at run time, by design: that is
    // what lets an upgraded package serve refresh and destroy of existing resources.
    files: ["provider/resources/shared/lazy-provider.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
