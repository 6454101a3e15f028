import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { audienceApi } from '../api/audience.js';
import { peopleLinks } from '../people/routes.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { headerLine, previewCsv, rejectedCsv, type CsvPreview } from './csv-preview.js';
import './audience.css';

/** What a column can become; `attribute` keeps the column's own name, `''` is not imported. */
const FIELDS = ['id', 'email', 'phone', 'timezone', 'owner', 'stage', 'score', 'consent.email', 'consent.sms', 'consent.call_task', 'consent.direct_mail'];
/** Attributes the leads list shows and searches as the lead's name (apps/server lead search). */
const NAME_ATTRIBUTES = ['name', 'firstName', 'lastName', 'company'];

function guessField(name: string): string {
  const key = name.trim().toLowerCase().replace(/[\s_-]+/g, '');
  const known: Record<string, string> = {
    id: 'id', leadid: 'id', email: 'email', emailaddress: 'email', phone: 'phone', mobile: 'phone', timezone: 'timezone', tz: 'timezone',
    owner: 'owner', stage: 'stage', score: 'score', name: 'name', fullname: 'name', firstname: 'firstName', lastname: 'lastName', company: 'company',
  };
  if (known[key]) return known[key];
  if (FIELDS.includes(name.trim())) return name.trim();
  return 'attribute';
}

/**
 * Importing leads from a CSV: drop the file, see its first rows, say what each column is, start;
 * then watch the rows go in and read which were rejected and why. The file goes to the server
 * as it is, with only its header rewritten from the mapping.
 */
export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [mapping, setMapping] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const report = useQuery({
    queryKey: ['import', importId],
    queryFn: () => audienceApi.importReport(importId!),
    enabled: importId !== null,
    refetchInterval: (query) => (query.state.data?.status === 'done' ? false : 500),
    retry: false,
  });

  async function choose(chosen: File) {
    setProblem(null);
    setImportId(null);
    setFile(chosen);
    try {
      const read = await previewCsv(chosen);
      setPreview(read);
      setMapping(read.header.map(guessField));
    } catch (error) {
      setPreview(null);
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  async function start() {
    if (!file || !preview) return;
    setStarting(true);
    setProblem(null);
    try {
      const names = preview.header.map((name, i) => (mapping[i] === 'attribute' ? name.trim() : (mapping[i] ?? '')));
      const body = new Blob([headerLine(names), file.slice(preview.headerBytes)], { type: 'text/csv' });
      const { id } = await audienceApi.startImport(body);
      setImportId(id);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setStarting(false);
    }
  }

  const r = report.data;
  const total = Math.max(preview?.estimatedRows ?? 0, r?.rows ?? 0, 1);
  return (
    <div className="app-shell">
      <PeopleTopBar title="Import leads" />
      <main className="list-page import-page">
        <section
          className={`drop-zone${over ? ' drop-zone--over' : ''}`}
          aria-label="CSV file"
          onDragOver={(event) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(event) => {
            event.preventDefault();
            setOver(false);
            const dropped = event.dataTransfer.files[0];
            if (dropped) void choose(dropped);
          }}
        >
          <p>
            <strong>Drop a CSV file here</strong> or{' '}
            <label className="button button--ghost">
              choose one
              <input type="file" accept=".csv,text/csv" hidden onChange={(e) => e.target.files?.[0] && void choose(e.target.files[0])} aria-label="Choose a CSV file" />
            </label>
          </p>
          <p className="muted">First row the header. Up to 50 MB. Columns: id, email, phone, timezone, owner, stage, score, consent.&lt;channel&gt;; anything else is kept on the lead as an attribute.</p>
          {file && <p>{file.name} · {(file.size / 1024).toFixed(1)} KB · about {preview?.estimatedRows.toLocaleString() ?? '?'} rows</p>}
        </section>
        {problem && (
          <p className="problem problem--error" role="alert">
            {problem}
          </p>
        )}
        {preview && !importId && (
          <section className="import-preview">
            <h2>Columns</h2>
            <table aria-label="Preview">
              <thead>
                <tr>
                  {preview.header.map((name, i) => (
                    <th key={i}>
                      <div>{name}</div>
                      <select
                        aria-label={`Column ${name}`}
                        value={mapping[i] ?? 'attribute'}
                        onChange={(e) => setMapping(mapping.map((m, j) => (j === i ? e.target.value : m)))}
                      >
                        {[...FIELDS, ...NAME_ATTRIBUTES].map((field) => (
                          <option key={field} value={field}>
                            {field}
                          </option>
                        ))}
                        <option value="attribute">attribute “{name.trim()}”</option>
                        <option value="">don't import</option>
                      </select>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, i) => (
                  <tr key={i}>
                    {preview.header.map((_, j) => (
                      <td key={j}>{row[j] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" className="button" onClick={() => void start()} disabled={starting}>
              Start import
            </button>
          </section>
        )}
        {importId && (
          <section aria-label="Import progress">
            <h2>{r?.status === 'done' ? 'Import done' : 'Importing…'}</h2>
            <progress className="import-progress" max={total} value={r?.status === 'done' ? total : (r?.rows ?? 0)} aria-label="Rows imported" />
            <div className="import-counts">
              <span>{(r?.rows ?? 0).toLocaleString()} rows read</span>
              <span>{(r?.created ?? 0).toLocaleString()} created</span>
              <span>{(r?.updated ?? 0).toLocaleString()} updated</span>
              <span>{(r?.rejected.length ?? 0).toLocaleString()} rejected</span>
            </div>
            {r?.error && <p className="problem problem--error">{r.error}</p>}
            {r?.status === 'done' && <a href={peopleLinks.leads()}>See the leads</a>}
            {r && r.rejected.length > 0 && (
              <div className="import-rejected">
                <h3>Rejected rows</h3>
                <a
                  className="button button--ghost"
                  download={`rejected-${r.id}.csv`}
                  href={`data:text/csv;charset=utf-8,${encodeURIComponent(rejectedCsv(r.rejected))}`}
                >
                  Download as CSV
                </a>
                <table aria-label="Rejected rows">
                  <thead>
                    <tr>
                      <th>Row</th>
                      <th>Column</th>
                      <th>Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.rejected.slice(0, 500).flatMap(({ row, problems }) =>
                      problems.map((p, i) => (
                        <tr key={`${row}-${i}`}>
                          <td>{row}</td>
                          <td>{p.column || '(row)'}</td>
                          <td>{p.message}</td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
                {r.rejected.length > 500 && <p className="muted">The first 500 rejected rows; download the CSV for all of them.</p>}
              </div>
            )}
          </section>
        )}
      </main>
    </div>
  );
}
