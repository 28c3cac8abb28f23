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
    // One context per process, passed in (see provider/context/provider-context.ts): no module
    // of the package keeps state across calls of its own. A module-level `let`, or a Map or Set
    // that is not declared read-only, is such state.
    files: ["provider/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "Program > VariableDeclaration[kind='let'], Program > ExportNamedDeclaration > VariableDeclaration[kind='let']",
          message:
            "Module-level mutable state: keep it in the ProviderContext (provider/context/provider-context.ts) and pass it in.",
        },
        {
          selector:
            ":matches(Program, Program > ExportNamedDeclaration) > VariableDeclaration > VariableDeclarator[init.type='NewExpression'][init.callee.name=/^(Map|Set|WeakMap|WeakSet)$/]:not([id.typeAnnotation.typeAnnotation.typeName.name=/^Readonly(Map|Set)$/])",
          message:
            "A module-level Map or Set is process-wide state: keep it in the ProviderContext, or declare it ReadonlyMap/ReadonlySet if it is a constant table.",
        },
      ],
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
