import { Blob as NodeBlob } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { headerLine, previewCsv, rejectedCsv } from './csv-preview.js';

describe('the import preview', () => {
  it('reads the header and first rows, and where the header ends in bytes (a BOM and quoted commas included)', async () => {
    const text = '\uFEFFid,"e,mail",Name\r\n1,a@example.com,Åsa\r\n2,b@example.com,"Bo\r\nB"\r\n';
    // Node's Blob: jsdom's has no arrayBuffer(), which browsers' have.
    const file = new NodeBlob([text]) as unknown as Blob;
    const preview = await previewCsv(file);
    expect(preview).toEqual({ header: ['id', 'e,mail', 'Name'], rows: [['1', 'a@example.com', 'Åsa'], ['2', 'b@example.com', 'Bo\r\nB']], headerBytes: 21, estimatedRows: 2 });
    // The header's bytes are exactly what a renamed header replaces.
    const rest = new TextDecoder().decode(new Uint8Array(await file.slice(preview.headerBytes).arrayBuffer()));
    expect(rest).toBe('1,a@example.com,Åsa\r\n2,b@example.com,"Bo\r\nB"\r\n');
  });
  it('writes a header and the rejected rows as CSV, quoting where needed', () => {
    expect(headerLine(['id', 'a,b', 'say "hi"'])).toBe('id,"a,b","say ""hi"""\n');
    expect(rejectedCsv([{ row: 3, problems: [{ column: 'email', message: '"x" is not an email address' }] }])).toBe('row,column,reason\n3,email,"""x"" is not an email address"\n');
  });
});
