/**
 * A short, non-reversible fingerprint of a token, so records can say which token a request carried without holding
 * it in clear (issue 12). Keyed with a random per-emulator secret: the fingerprint cannot be looked up in a table of
 * common tokens, and it means nothing outside the emulator that made it.
 */
import { createHmac, randomBytes } from "node:crypto";

/** Hex characters kept: enough to tell a handful of configured tokens apart, too few to be a useful hash. */
const FINGERPRINT_LENGTH = 12;

/** Returns a fingerprint function bound to a fresh random key. */
export function tokenFingerprinter(): (token: string) => string {
  const key = randomBytes(32);
  return (token) => createHmac("sha256", key).update(token, "utf8").digest("hex").slice(0, FINGERPRINT_LENGTH);
}
