import { describe, expect, it } from 'vitest';
import { typedAsLink } from './RichTextEmail.js';

describe('what the email body links by itself as it is typed', () => {
  it('links an address typed with its scheme or www, never a merge field that ends like a domain', () => {
    expect(['https://acme.example/pricing', 'http://acme.example', 'www.acme.com', 'mailto:sam@acme.example'].map(typedAsLink)).toEqual([true, true, true, true]);
    expect(['sender.name', 'lead.email', 'lead.company', 'acme.com'].map(typedAsLink)).toEqual([false, false, false, false]);
  });
});
