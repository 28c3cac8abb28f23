import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { parseSimulatorCommand } from "../../provider/simulator/cli-options";
import { DEMO_TENANT_ID } from "../../provider/simulator/cxone-simulator";
import { REPO_ROOT } from "../../scripts/pulumi-project";
import { thrown } from "../helpers/rejection";
import { useTempDir } from "../helpers/temp-dir";

const files = (texts: Record<string, string>) => (path: string) => {
  const text = texts[path];
  if (text === undefined) throw new Error("ENOENT: no such file");
  return text;
};

describe("the simulator's command line", () => {
  it("serves the tenant the tests use by default: demo credentials, access key and tenant id", () => {
    const command = parseSimulatorCommand([], {});
    if (command.help) expect.fail("help");
    expect(command.options.tenantId).to.equal(DEMO_TENANT_ID);
    expect(command.options.accessKeys).to.have.length(1);
    expect(command.options.widgets).to.equal(undefined);
  });

  it("takes widgets from a JSON file, access keys and a tenant id, from flags or CXONE_SIM_*", () => {
    const read = files({
      "w.json": JSON.stringify([{ id: "wc-1", settings: null }, { id: "wc-2" }]),
      "w2.json": JSON.stringify({ widgets: [{ id: "wc-3" }] }),
    });
    const command = parseSimulatorCommand(
      ["--widgets", "w.json", "--access-key-id", "AK1", "--tenant-id", "t-1"],
      { CXONE_SIM_ACCESS_KEY_SECRET: "ak-secret" },
      read,
    );
    if (command.help) expect.fail("help");
    expect(command.options.widgets).to.deep.equal([{ id: "wc-1", settings: null }, { id: "wc-2" }]);
    expect(command.options.accessKeys).to.deep.equal([
      { accessKeyId: "AK1", accessKeySecret: "ak-secret" },
    ]);
    expect(command.options.tenantId).to.equal("t-1");
    const env = parseSimulatorCommand([], { CXONE_SIM_WIDGETS: "w2.json" }, read);
    if (env.help) expect.fail("help");
    expect(env.options.widgets).to.deep.equal([{ id: "wc-3" }]);
  });

  it("names the option, the value and the rule of what it cannot use", () => {
    const read = files({
      "bad.json": "{",
      "noid.json": "[{}]",
      "twice.json": '[{"id":"a"},{"id":"a"}]',
    });
    for (const [argv, says] of [
      [["--widgets", "missing.json"], /--widgets: "missing.json" cannot be read/],
      [["--widgets", "bad.json"], /--widgets: "bad.json" is not JSON/],
      [["--widgets", "noid.json"], /each with a non-empty "id"/],
      [["--widgets", "twice.json"], /lists the widget id "a" twice/],
      [["--port", "x"], /--port: "x" is not a non-negative number/],
      [["--faults", "418:0.1"], /--faults: "418:0.1" is not name:chance/],
    ] as const)
      expect(thrown(() => parseSimulatorCommand([...argv], {}, read)).message).to.match(says);
  });

  describe("run as a program", () => {
    const dir = useTempDir("sim-cli-");
    it("serves discovery, an access key and the widgets of a file", async function () {
      this.timeout(20_000);
      const widgets = join(dir.path, "widgets.json");
      writeFileSync(widgets, JSON.stringify([{ id: "wc-file-1", name: "From a file" }]));
      const child = spawn(
        process.execPath,
        [
          join(REPO_ROOT, "dist", "provider", "simulator", "cli.js"),
          "--widgets",
          widgets,
          "--tenant-id",
          "t-file",
          "--access-key-id",
          "AKFILE",
          "--access-key-secret",
          "ak-file-secret",
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = "";
          child.stdout.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            const found = /listening on (http:\/\/\S+)/.exec(out);
            if (found?.[1] !== undefined) resolve(found[1]);
          });
          child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
        });
        const discovery = await fetch(`${url}/.well-known/cxone-configuration?tenantId=t-file`);
        expect(discovery.status).to.equal(200);
        const token = await fetch(`${url}/authentication/v1/token/access-key`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ accessKeyId: "AKFILE", accessKeySecret: "ak-file-secret" }),
        });
        expect(token.status).to.equal(200);
        const { access_token } = (await token.json()) as { access_token: string };
        const widget = await fetch(`${url}/api/v2/webchat/widgets/wc-file-1`, {
          headers: { authorization: `Bearer ${access_token}` },
        });
        expect(widget.status).to.equal(200);
        expect(await widget.json()).to.deep.include({ id: "wc-file-1", name: "From a file" });
      } finally {
        child.kill("SIGTERM");
      }
    });
  });
});
