import { useEffect, useState } from 'react';
import { acceptLocation, navigateGuarded } from './navigation-guard.js';
import { parsePeopleRoute, type PeopleRoute } from './people/routes.js';
import { parseResultsRoute, type ResultsRoute } from './results/results-route.js';

/** The editor's pages live in the URL hash, so the server only ever serves index.html at `/`. */
export type Route = { page: 'list' } | { page: 'login' } | { page: 'editor'; id: string | null; example: string | null } | PeopleRoute | ResultsRoute;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/login') return { page: 'login' };
  const edit = /^\/journeys\/([^/?]+)$/.exec(path);
  if (edit) return { page: 'editor', id: decodeURIComponent(edit[1]!), example: null };
  const fresh = /^\/new(?:\?example=([^&]+))?$/.exec(path);
  if (fresh) return { page: 'editor', id: null, example: fresh[1] ? decodeURIComponent(fresh[1]) : null };
  const results = parseResultsRoute(path);
  if (results) return results;
  const people = parsePeopleRoute(path);
  if (people) return people;
  return { page: 'list' };
}

/** Goes to another page, unless the page open now has unsaved work and its owner chooses to stay. */
export function navigate(hash: string, replace = false): void {
  navigateGuarded(hash, replace);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      if (acceptLocation()) setRoute(parseRoute(window.location.hash));
    };
    // Where the app opened is the first place the guard knows (and numbers, for Back).
    acceptLocation();
    window.addEventListener('hashchange', onChange);
    window.addEventListener('popstate', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
      window.removeEventListener('popstate', onChange);
    };
  }, []);
  return route;
}
