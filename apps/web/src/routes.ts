import { useEffect, useState } from 'react';
import { parsePeopleRoute, type PeopleRoute } from './people/routes.js';

/** The editor's pages live in the URL hash, so the server only ever serves index.html at `/`. */
export type Route = { page: 'list' } | { page: 'login' } | { page: 'editor'; id: string | null; example: string | null } | PeopleRoute;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '/login') return { page: 'login' };
  const edit = /^\/journeys\/([^/?]+)$/.exec(path);
  if (edit) return { page: 'editor', id: decodeURIComponent(edit[1]!), example: null };
  const fresh = /^\/new(?:\?example=([^&]+))?$/.exec(path);
  if (fresh) return { page: 'editor', id: null, example: fresh[1] ? decodeURIComponent(fresh[1]) : null };
  const people = parsePeopleRoute(path);
  if (people) return people;
  return { page: 'list' };
}

export function navigate(hash: string, replace = false): void {
  if (replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    window.addEventListener('popstate', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
      window.removeEventListener('popstate', onChange);
    };
  }, []);
  return route;
}
