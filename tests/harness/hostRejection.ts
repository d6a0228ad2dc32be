import assert from "node:assert/strict";
import { ProviderHostError } from "./providerHostError";

/** Awaits an operation that must fail through the provider host, and returns the host's error for assertions. */
export async function hostRejection(promise: Promise<unknown>): Promise<ProviderHostError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderHostError, `expected a ProviderHostError, got ${String(error)}`);
    return error;
  }
  throw new Error("expected the operation to fail");
}
