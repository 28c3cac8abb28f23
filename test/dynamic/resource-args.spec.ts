import { expect } from "chai";
import { promiseStacksOff, restackError } from "../../provider/dynamic/resource-args";

describe("promiseStacksOff", () => {
  const limit = Error.stackTraceLimit;
  afterEach(() => {
    Error.stackTraceLimit = limit;
  });

  it("captures no frames until restored, then as many as before", () => {
    const restore = promiseStacksOff({});
    expect(new Error("x").stack).to.equal("Error: x");
    restore();
    expect(Error.stackTraceLimit).to.equal(limit);
    expect(new Error("x").stack).to.match(/\n\s+at /);
  });

  it("leaves stack traces on where PULUMI_DEBUG_PROMISE_LEAKS asks for them", () => {
    const restore = promiseStacksOff({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
    expect(new Error("x").stack).to.match(/\n\s+at /);
    restore();
    expect(Error.stackTraceLimit).to.equal(limit);
  });
});

describe("restackError", () => {
  class Thing {
    constructor(make: () => Error) {
      const restore = promiseStacksOff({});
      try {
        throw make();
      } catch (error) {
        restore();
        restackError(error, Thing);
        throw error;
      }
    }
  }

  function makeThing(make: () => Error): Error {
    try {
      new Thing(make);
    } catch (error) {
      return error as Error;
    }
    throw new Error("Thing did not throw");
  }

  it("gives an error made without frames the stack of the code that made the object", () => {
    const error = makeThing(() => new Error("bad parent"));
    expect(error.stack).to.match(/^Error: bad parent\n\s+at makeThing /);
  });

  it("leaves the frames of an error that has them", () => {
    const earlier = new Error("earlier");
    const stack = earlier.stack;
    expect(makeThing(() => earlier).stack).to.equal(stack);
  });
});
