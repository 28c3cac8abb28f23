import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { loadWidgets } from "../../examples/many-widgets/program";
import { isCxoneWebchatError } from "../../provider";
import { thrown } from "../helpers/rejection";
import { useTempDir } from "../helpers/temp-dir";

describe("many-widgets loadWidgets", () => {
  const dir = useTempDir("many-widgets-");

  it("reads a YAML file whose widgets share one origins list through an alias, however many", () => {
    const file = join(dir.path, "widgets.yaml");
    const entries = Array.from(
      { length: 250 },
      (_, i) =>
        `  - { widgetId: wc-${i}, corsOrigins: *origins, authentication: { requireToken: false } }`,
    );
    writeFileSync(
      file,
      `origins: &origins [https://shop.example.com]\nwidgets:\n${entries.join("\n")}\n`,
    );
    const widgets = loadWidgets(file);
    expect(widgets).to.have.length(250);
    expect(widgets[249]?.corsOrigins).to.deep.equal(["https://shop.example.com"]);
  });

  it("turns a file that does not parse into a config error naming the file and the problem", () => {
    const file = join(dir.path, "broken.json");
    writeFileSync(file, '{"widgets": [');
    const error = thrown(() => loadWidgets(file));
    expect(isCxoneWebchatError(error, "program-config")).to.equal(true);
    expect((error as Error).message).to.match(/broken\.json: .*JSON/);
  });
});
