import { expect } from "chai";
import { FaultPlan, type Fault } from "../../provider/simulator/faults";

function draws(
  plan: FaultPlan,
  route: "widget-get" | "widget-put",
  n: number,
): (Fault | undefined)[] {
  return Array.from({ length: n }, () => plan.next(route));
}

function share(faults: (Fault | undefined)[], match: (f: Fault) => boolean): number {
  return faults.filter((f) => f !== undefined && match(f)).length / faults.length;
}

describe("FaultPlan", () => {
  it("serves scripted faults first, in order, to the requests they match", () => {
    const plan = new FaultPlan({ status503: 1 });
    plan.enqueue(
      { route: "widget-put", fault: { type: "status", status: 500 } },
      { route: "token", fault: { type: "reset" } },
    );
    expect(plan.next("widget-get")).to.deep.equal({ type: "status", status: 503 });
    expect(plan.next("token")).to.deep.equal({ type: "reset" });
    expect(plan.next("widget-put")).to.deep.equal({ type: "status", status: 500 });
    expect(plan.pending).to.equal(0);
  });

  it("never draws a random fault for the token endpoint", () => {
    const plan = new FaultPlan({ status503: 1, reset: 1 });
    expect(Array.from({ length: 50 }, () => plan.next("token"))).to.deep.equal(
      Array(50).fill(undefined),
    );
  });

  it("draws each random fault at about its chance, 429s with Retry-After", () => {
    const plan = new FaultPlan(
      { status503: 0.1, status429: 0.05, reset: 0.03, slow: 0.02, slowMs: 11_000 },
      7,
    );
    const got = draws(plan, "widget-get", 20_000);
    const near = (actual: number, expected: number) =>
      expect(actual).to.be.within(expected * 0.85, expected * 1.15);
    near(
      share(got, (f) => f.type === "status" && f.status === 503),
      0.1,
    );
    near(
      share(got, (f) => f.type === "status" && f.status === 429),
      0.05,
    );
    near(
      share(got, (f) => f.type === "reset"),
      0.03,
    );
    near(
      share(got, (f) => f.type === "delay" && f.ms === 11_000),
      0.02,
    );
    expect(got.find((f) => f?.type === "status" && f.status === 429)).to.deep.equal({
      type: "status",
      status: 429,
      retryAfter: "1",
    });
  });

  it("draws concurrent edits for PUTs only", () => {
    const plan = new FaultPlan({ concurrentEdit: 0.5 }, 3);
    expect(draws(plan, "widget-get", 200).filter((f) => f !== undefined)).to.have.length(0);
    const puts = draws(plan, "widget-put", 2_000);
    expect(share(puts, (f) => f.type === "concurrent-modification")).to.be.within(0.45, 0.55);
  });

  it("replays the same faults from the same seed", () => {
    const p = { status503: 0.2, reset: 0.1 };
    expect(draws(new FaultPlan(p, 42), "widget-get", 100)).to.deep.equal(
      draws(new FaultPlan(p, 42), "widget-get", 100),
    );
    expect(draws(new FaultPlan(p, 42), "widget-get", 100)).not.to.deep.equal(
      draws(new FaultPlan(p, 43), "widget-get", 100),
    );
  });

  it("clear drops scripted and random faults", () => {
    const plan = new FaultPlan({ status503: 1 });
    plan.enqueue({ fault: { type: "reset" } });
    plan.clear();
    expect(plan.next("widget-get")).to.equal(undefined);
  });
});
