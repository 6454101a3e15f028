/**
 * One place that every way of leaving a page passes through: `navigate`, links and typed URLs
 * (hash changes), the back and forward buttons (popstate), and closing or reloading the tab
 * (beforeunload). A page with work that would be lost registers a guard; while it has unsaved
 * work, a move elsewhere is held back (the URL put back where it was) until the guard says go.
 *
 * To put the URL back after back/forward we must know how far the browser moved, so every
 * history entry the app settles on carries its position in `history.state`.
 */

export interface LeaveGuard {
  /** Whether leaving now would lose work. */
  hasUnsavedWork(): boolean;
  /** Asked instead of leaving: call `leave` to go on after all; not calling it stays. */
  confirmLeave(leave: () => void): void;
}

const POSITION = 'trellisHistoryPosition';

let guard: LeaveGuard | null = null;
/** Where the app is: its hash and that history entry's position. */
let settled: { hash: string; position: number } | null = null;
/** The hash a held-back back/forward is being undone to; changes until then are that undoing. */
let returningTo: string | null = null;
/** The hash the user chose to leave for after all; it passes once. */
let allowed: string | null = null;

function positionOf(state: unknown): number | null {
  const position = state !== null && typeof state === 'object' ? (state as Record<string, unknown>)[POSITION] : undefined;
  return typeof position === 'number' ? position : null;
}

function stamp(position: number): void {
  const state = history.state !== null && typeof history.state === 'object' ? history.state : {};
  history.replaceState({ ...state, [POSITION]: position }, '');
}

function current(): { hash: string; position: number } {
  if (!settled) {
    const position = positionOf(history.state) ?? 0;
    stamp(position);
    settled = { hash: window.location.hash, position };
  }
  return settled;
}

function settleHere(position: number): void {
  stamp(position);
  settled = { hash: window.location.hash, position };
}

function mustAsk(): boolean {
  return guard !== null && guard.hasUnsavedWork();
}

/** Registers the page's guard (one page at a time); returns the way to remove it. */
export function guardLeaving(pageGuard: LeaveGuard): () => void {
  // The page registering is, by definition, where the app is now.
  settleHere(positionOf(history.state) ?? settled?.position ?? 0);
  guard = pageGuard;
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (mustAsk()) event.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => {
    window.removeEventListener('beforeunload', onBeforeUnload);
    if (guard === pageGuard) guard = null;
  };
}

/** Moves to `hash` (a new history entry, or in place of this one), asking the guard first. */
export function navigateGuarded(hash: string, replace: boolean): void {
  const go = () => {
    const { position } = current();
    const next = replace ? position : position + 1;
    if (replace) history.replaceState({ [POSITION]: next }, '', hash);
    else history.pushState({ [POSITION]: next }, '', hash);
    settled = { hash: window.location.hash, position: next };
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  };
  if (mustAsk()) guard!.confirmLeave(go);
  else go();
}

/**
 * Called on every hashchange and popstate, before the page follows the URL: true when the URL is
 * where the app should now be, false while a move is held back (the URL is then being put back).
 */
export function acceptLocation(): boolean {
  const here = current();
  const hash = window.location.hash;
  if (returningTo !== null) {
    if (hash !== returningTo) return false;
    returningTo = null;
    return true;
  }
  if (hash === here.hash) return true;
  // An entry without a position is one the browser just added after ours (a link, a typed URL).
  const position = positionOf(history.state) ?? here.position + 1;
  if (allowed === hash || !mustAsk()) {
    allowed = null;
    settleHere(position);
    return true;
  }
  const distance = position - here.position;
  if (distance === 0) {
    // This entry was rewritten in place: write it back, and forward again on leaving.
    const state: unknown = history.state;
    history.replaceState(state, '', here.hash);
    guard!.confirmLeave(() => {
      history.replaceState(state, '', hash);
      settleHere(position);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    return false;
  }
  returningTo = here.hash;
  history.go(-distance);
  guard!.confirmLeave(() => {
    allowed = hash;
    history.go(distance);
  });
  return false;
}
