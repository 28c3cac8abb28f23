import { expect } from "chai";
import { HookFailure, HostEchoes } from "../../provider/dynamic/hook-failure";

describe("HostEchoes", () => {
  it("drops the host's echo of an expected failure once, and writes every other line", () => {
    const written: unknown[][] = [];
    const target = { error: (...args: unknown[]) => void written.push(args) };
    const echoes = new HostEchoes();
    echoes.silence(target);
    const failure = echoes.expect(new HookFailure(new TypeError("bad input")));
    target.error(failure.hostEcho());
    target.error(failure.hostEcho());
    target.error("something else");
    expect(written).to.deep.equal([["TypeError: bad input"], ["something else"]]);
  });

  it("is one per process: another HostEchoes expects nothing of this one's", () => {
    const written: unknown[][] = [];
    const target = { error: (...args: unknown[]) => void written.push(args) };
    const failure = new HostEchoes().expect(new HookFailure(new Error("x")));
    new HostEchoes().silence(target);
    target.error(failure.hostEcho());
    expect(written).to.deep.equal([["Error: x"]]);
  });
});
