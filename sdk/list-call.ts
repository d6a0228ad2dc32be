/** The lazy result of `client.mailings.list()`: one page when awaited, every item when iterated. */

import type { MailingListCall, MailingListItem, MailingListPage } from "./types";

/**
 * Builds a {@link MailingListCall}. `fetchPage` runs on the first `then`/`catch`/`finally` and its promise is
 * shared by later ones; each `for await` starts `iterate` afresh and never fetches through `fetchPage`.
 */
export function mailingListCall(
  fetchPage: () => Promise<MailingListPage>,
  iterate: () => AsyncIterator<MailingListItem>,
): MailingListCall {
  let page: Promise<MailingListPage> | undefined;
  // Lazy so that a caller who only iterates sends no extra single-page request.
  const once = (): Promise<MailingListPage> => (page ??= fetchPage());
  // A plain object, not a class: Pulumi's closure serializer drops class field initializers.
  return {
    then(onFulfilled, onRejected) {
      return once().then(onFulfilled, onRejected);
    },
    catch(onRejected) {
      return once().catch(onRejected);
    },
    finally(onFinally) {
      return once().finally(onFinally);
    },
    [Symbol.asyncIterator]: iterate,
    [Symbol.toStringTag]: "MailingListCall",
  };
}
