import { describe, expect, it } from 'vitest';
import { headersText, parseHeaders } from './webhook-headers.js';

describe('webhook headers as text', () => {
  it('reads one "Name: value" per line, skipping blank lines, values keeping their colons', () => {
    expect(parseHeaders('X-Api-Key: k1\n\nAuthorization: Bearer a:b')).toEqual({ headers: { 'X-Api-Key': 'k1', Authorization: 'Bearer a:b' }, problems: [] });
  });

  it('names the line that is not a header', () => {
    expect(parseHeaders('X-Api-Key k1\n: x').problems).toEqual(['line 1: write a header as "Name: value"', 'line 2: write a header as "Name: value"']);
  });

  it('writes headers back one per line', () => {
    expect(headersText({ A: '1', B: '2' })).toBe('A: 1\nB: 2');
  });
});
