/** Pages through the account's active mailings for `export`: de-duplicated by id, with a bound on the pages. */

import type { AltcraftClient } from "../sdk/client";
import type { MailingListItem, MailingListParams } from "../sdk/types";
import { UsageError } from "./io";

/** Pages read at most unless `--max-pages` says otherwise: a million mailings at the API's default page size. */
export const DEFAULT_MAX_PAGES = 1000;

/** The listing did not end within the page bound. */
export class PageLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PageLimitError";
    this.message = message;
  }
}

/** What the listing produced. */
export interface Collected {
  mailings: MailingListItem[];
  /** Items that repeated an id already seen on an earlier page (overlapping pages), left out. */
  repeated: number;
}

/**
 * Reads every page, keeps active mailings once per id (the first occurrence), and throws {@link PageLimitError}
 * when a page beyond `maxPages` arrives: the server's `next_from_id` keeps advancing (a loop) or the account is
 * larger than the bound allows.
 */
export async function collectActiveMailings(
  client: AltcraftClient,
  filters: Omit<MailingListParams, "fromId">,
  maxPages: number,
  progress: (line: string) => void,
): Promise<Collected> {
  const byId = new Map<number, MailingListItem>();
  const seen = new Set<number>();
  let repeated = 0;
  let fetched = 0;
  const pages = client.mailings.listAll(filters, {
    onPage: (page, pageIndex) => {
      if (pageIndex >= maxPages) {
        throw new PageLimitError(
          `stopped after ${maxPages} pages (${fetched} mailings) and the server still announced more (next_from_id ${page.nextFromId ?? "none"}); ` +
            "if the account really has more active mailings, pass a larger --max-pages or --page-size; nothing was written",
        );
      }
      fetched += page.items.length;
      const of = page.totalCount === undefined ? "" : ` of ${page.totalCount}`;
      progress(`fetched ${fetched}${of} mailings…`);
    },
  });
  for await (const item of pages) {
    if (seen.has(item.id)) {
      repeated++;
      continue;
    }
    seen.add(item.id);
    // The filter is the API's to apply; checking again keeps an inactive mailing out whatever the server does.
    if (item.isActive) byId.set(item.id, item);
  }
  return { mailings: [...byId.values()], repeated };
}

/** Parses `--max-pages`. */
export function parseMaxPages(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_PAGES;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--max-pages must be a whole number of pages, at least 1; got ${JSON.stringify(text)}`);
  }
  return value;
}
