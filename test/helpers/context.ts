import {
  createProviderContext,
  type ProviderContext,
  type ProviderContextOptions,
} from "../../provider/context/provider-context";
import { FakeClock } from "./fake-clock";

/**
 * A fresh provider context for one test, as a new provider process would build: a fake clock and
 * an empty environment unless the test gives its own, and no warning printed.
 */
export function testContext(options: ProviderContextOptions = {}): ProviderContext {
  return createProviderContext({
    clock: new FakeClock(),
    env: {},
    warn: () => undefined,
    ...options,
  });
}
