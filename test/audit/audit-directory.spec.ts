import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { auditDirectoryProblem, ensureAuditDirectory } from "../../provider/audit/audit-directory";
import { thrown } from "../helpers/rejection";

describe("audit directory", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "audit-dir-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("accepts a directory still to be created under a writable one, and creates it level by level", () => {
    const dir = join(root, "a", "b", "c");
    expect(auditDirectoryProblem(dir)).to.equal(undefined);
    ensureAuditDirectory(dir);
    expect(statSync(dir).isDirectory()).to.equal(true);
  });

  it("refuses a path under a regular file, naming the file", () => {
    const file = join(root, "file");
    writeFileSync(file, "");
    expect(auditDirectoryProblem(join(file, "audit"))).to.equal(
      `cannot be used: ${file} is a file, not a directory`,
    );
    expect(thrown(() => ensureAuditDirectory(join(file, "audit"))).message).to.contain(
      "is a file, not a directory",
    );
  });

  it("refuses /proc without touching it, where Node 20's recursive mkdir would spin forever", () => {
    expect(auditDirectoryProblem("/proc/cxone-audit/x")).to.equal(
      "cannot be used: /proc is on the kernel's proc filesystem, where nothing can be created",
    );
    expect(existsSync("/proc/cxone-audit")).to.equal(false);
  });
});
