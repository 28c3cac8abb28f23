import { join } from "node:path";
import { expect } from "chai";
import { WidgetStore } from "../../provider/simulator/widget-store";
import { useTempDir } from "../helpers/temp-dir";

describe("WidgetStore", () => {
  const dir = useTempDir("widget-store-");

  it("gives each version a strong ETag that changes on every write, even an identical one", () => {
    const store = new WidgetStore([{ id: "w1", name: "one" }]);
    const first = store.get("w1")?.etag;
    expect(first).to.match(/^"[^"]+"$/);
    const second = store.put({ id: "w1", name: "one" });
    expect(second).to.not.equal(first);
    expect(store.get("w1")?.etag).to.equal(second);
  });

  it("keeps widgets as written, and forgets a deleted one", () => {
    const store = new WidgetStore([]);
    store.put({ id: "w2", settings: { greeting: "hi" } });
    expect(store.get("w2")?.widget).to.deep.equal({ id: "w2", settings: { greeting: "hi" } });
    expect(store.ids()).to.deep.equal(["w2"]);
    expect(store.delete("w2")).to.equal(true);
    expect(store.get("w2")).to.equal(undefined);
  });

  it("persists to its file and reads it back on the next start", () => {
    const file = join(dir.path, "widgets.json");
    new WidgetStore([{ id: "w3", name: "three" }], file).put({ id: "w3", name: "renamed" });
    expect(new WidgetStore([], file).get("w3")?.widget).to.deep.equal({
      id: "w3",
      name: "renamed",
    });
  });
});
