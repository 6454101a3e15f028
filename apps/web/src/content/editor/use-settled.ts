import { useEffect, useState } from 'react';

/**
 * `value` once it has stayed the same for `ms`: what the server is asked about while the
 * marketer types (a check, a preview), so each keystroke is not a request. Compared by its JSON.
 */
export function useSettled<T>(value: T, ms: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return JSON.parse(settled) as T;
}
