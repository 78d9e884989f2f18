/**
 * One listing per collection and run: `pulumi refresh` of N resources costs one listing request per
 * collection page instead of N GETs (at HMS's 100 requests a minute, 3 minutes for 300 resources
 * became a few seconds). Vendor-free: the caller says how to fetch the listing.
 *
 * What a listing may answer, and what it may not:
 * - every read of the collection in this process shares the listing fetched on first need;
 *   concurrent reads wait for the same request;
 * - an object this process wrote (created, updated, deleted) after the listing was requested is
 *   never answered from it: the caller reads it with a GET;
 * - an object missing from the listing is gone only when the listing proves it: every page was read
 *   and it came in one page (skip/limit pages can shift under concurrent writes of others) and the
 *   collection lists every object (Revox hides sub-assistants). Otherwise the caller asks with a GET;
 * - a listing that failed is forgotten: the reads waiting on it fall back to GETs, the next read
 *   tries a listing again.
 *
 * The engine starts one provider process per deployment, so a listing lives as long as one
 * `pulumi up`/`refresh`/`preview`; `forgetListings` is for tests that play several in one process.
 */

type Props = Record<string, unknown>;

/** A collection's objects as one listing saw them. */
export interface Listing {
  /** Every object listed, as the API wrote it (its platform's `item` conventions applied). */
  items: Props[];
  /** Pages read (1 for an unpaginated API). */
  pages: number;
  /** When the listing was requested, on this module's clock: writes after it are not in it. */
  requestedAt: number;
  /** Items by `String(id)`. */
  byId: Map<string, Props>;
}

/** What a listing says about one object. */
export type Listed = { found: Props } | { gone: true } | { ask: true };

/** Counts events in this process: listings requested and writes made are ordered on it. */
let clock = 0;
/** Listings by scope (base URL, key, collection). */
const listings = new Map<string, Promise<Listing>>();
/** The clock of the last write of each `scope id`, and the writes still in flight. */
const lastWrite = new Map<string, number>();
const inFlight = new Map<string, number>();

/** What a listing is for: one collection of one account of one API. */
export function scopeOf(baseUrl: string, apiKey: string, collection: string): string {
  return `${baseUrl} ${apiKey} ${collection}`;
}

/**
 * The run's listing of `scope`, fetched with `fetch` on first need (all pages; it returns the items
 * and how many pages it read). Concurrent callers share one request; a failed one is forgotten.
 */
export function sharedListing(scope: string, fetch: () => Promise<{ items: Props[]; pages: number }>): Promise<Listing> {
  let listing = listings.get(scope);
  if (!listing) {
    const requestedAt = ++clock;
    listing = fetch().then(({ items, pages }) => ({ items, pages, requestedAt, byId: new Map(items.map((o) => [String(o.id), o])) }));
    listings.set(scope, listing);
    listing.catch(() => listings.get(scope) === listing && listings.delete(scope));
  }
  return listing;
}

/**
 * What the run's listing of `scope` says about object `id`. `listsEvery`: the collection lists every
 * object (so a missing one, in a one-page listing, is gone). Never rejects: a failed listing is
 * `{ ask: true }` (the caller's GET reports the error).
 */
export async function fromListing(scope: string, fetch: () => Promise<{ items: Props[]; pages: number }>, id: string, listsEvery: boolean): Promise<Listed> {
  let listing: Listing;
  try {
    listing = await sharedListing(scope, fetch);
  } catch {
    return { ask: true };
  }
  const key = `${scope} ${id}`;
  // Written by this run since the listing was requested (or being written): the listing may predate it.
  if ((inFlight.get(key) ?? 0) > 0 || (lastWrite.get(key) ?? 0) > listing.requestedAt) return { ask: true };
  const found = listing.byId.get(id);
  // A copy: callers shape what they get, and other reads share the listing.
  if (found) return { found: structuredClone(found) };
  return listsEvery && listing.pages === 1 ? { gone: true } : { ask: true };
}

/**
 * Object `id` from the run's listing where it can answer (see {@link fromListing}), else from `ask`
 * (a GET, or a listing of now); undefined when it is gone.
 */
export async function readThroughListing(
  scope: string,
  fetch: () => Promise<{ items: Props[]; pages: number }>,
  id: string,
  listsEvery: boolean,
  ask: () => Promise<Props | undefined>,
): Promise<Props | undefined> {
  const listed = await fromListing(scope, fetch, id, listsEvery);
  if ("found" in listed) return listed.found;
  if ("gone" in listed) return undefined;
  return ask();
}

/**
 * Runs `task`, a write of object `id`, and marks the object written: no listing requested before the
 * write ended answers for it. Marked whether the write succeeded or not (a failed one may have landed).
 */
export async function writing<T>(scope: string, id: string, task: () => Promise<T>): Promise<T> {
  const key = `${scope} ${id}`;
  inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
  try {
    return await task();
  } finally {
    lastWrite.set(key, ++clock);
    const left = inFlight.get(key)! - 1;
    if (left > 0) inFlight.set(key, left);
    else inFlight.delete(key);
  }
}

/** Marks a new object written (its create has answered): listings requested before now do not answer for it. */
export function markCreated(scope: string, id: string): void {
  lastWrite.set(`${scope} ${id}`, ++clock);
}

/** Forgets every listing and write (see the header). */
export function forgetListings(): void {
  listings.clear();
  lastWrite.clear();
  inFlight.clear();
}
