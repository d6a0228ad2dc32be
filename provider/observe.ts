import { isAltcraftApiError } from "../sdk";
import type { ActivatedMailingObserved } from "./inputs";
import type { MailingSession } from "./operations";

/** Codes that say the caller may not look, never that the mailing is gone: 401 no token, 402 plan limit, 403 no access. */
const ACCESS_CODES = new Set([401, 402, 403]);

/**
 * Reads a mailing with one `campaigns/get` (it carries `is_active`, `is_completed` and `status` besides the name and
 * type, so no `get_status` is needed). Returns undefined only when the mailing is confirmed gone: see {@link isMailingGone}.
 */
export async function readMailing(session: Pick<MailingSession, "client" | "call">, id: number): Promise<ActivatedMailingObserved | undefined> {
  try {
    const info = await session.call(() => session.client.mailings.get({ id }));
    return { isActive: info.isActive, isCompleted: info.isCompleted, status: info.status ?? "", name: info.name, type: info.type ?? "" };
  } catch (error) {
    if (await isMailingGone(session, id, error)) return undefined;
    throw error;
  }
}

/**
 * True when a failed read means the mailing no longer exists. Altcraft documents no "not found" code, so the answer
 * never hinges on one: any API refusal other than an access code is confirmed with `campaigns/list` from the id
 * (limit 1). Gone only when the list answers and its first mailing is not this one; anything else keeps the error.
 */
export async function isMailingGone(session: Pick<MailingSession, "client" | "call">, id: number, error: unknown): Promise<boolean> {
  if (!isAltcraftApiError(error) || ACCESS_CODES.has(error.code)) return false;
  try {
    const page = await session.call(() => session.client.mailings.list({ fromId: id, limit: 1 }));
    return !page.items.some((item) => item.id === id);
  } catch {
    return false;
  }
}
