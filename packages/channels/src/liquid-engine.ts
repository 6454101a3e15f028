import { CaptureTag, Context, Liquid, Tag, toValue, toValueSync, type Emitter, type FS, type Template } from 'liquidjs';

/**
 * The Liquid engines templates run in. Templates are written by marketers and hold whatever a
 * lead's data puts in them, so they are hostile input (docs: the "Templates" trust boundary):
 * - no file system: liquidjs's `render`, `include` and `layout` tags are refused when a template
 *   is parsed, and, should any tag still ask for a file, the engine's `fs` can read nothing;
 * - bounded: render time, memory (strings and lists that filters, ranges and captures build),
 *   output length (per part, chosen by the caller) and how deeply tags nest.
 * A breach is a `TemplateError` whose message says which limit, with the line and column.
 */

export const TEMPLATE_LIMITS = {
  /** Characters of template source. */
  parseLength: 1_000_000,
  /**
   * Wall time of one render, in ms. A render runs synchronously (renderParsed: no IO, snippets
   * read beforehand), so this is the render's own time: rendered with awaits, hundreds of
   * deliveries in flight would interleave and each would be charged for the others.
   */
  renderMs: 300,
  /** Characters and list items that filters, ranges (`(1..n)`) and captures may build in one render. */
  memory: 10_000_000,
  /** Tags inside tags. Real templates nest a handful; thousands would overflow the parser's stack. */
  nesting: 50,
} as const;

/**
 * A template that cannot be parsed or rendered. `reason` is one sentence ending with the line
 * and column when known; `part` (`subject`, `body`, `html`) once the caller knows which.
 */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    readonly reason: string,
    readonly part: string | null = null,
    /**
     * Over the render time limit: wall time, so a busy machine can push a sound template past
     * it; delivery tries such a send again rather than failing it for good.
     */
    readonly overTime = false,
  ) {
    super(part ? `${part}: ${reason}` : reason);
  }

  inPart(part: string): TemplateError {
    return new TemplateError(this.reason, part, this.overTime);
  }
}

/** Tags that load other templates from a file system. Templates have none to load from. */
const PARTIAL_TAGS = ['render', 'include', 'layout'] as const;

/** An `fs` for liquidjs that holds no file: a tag that looks one up finds nothing. */
const NO_FILES: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file) => {
    throw new Error(`templates cannot read files ("${file}")`);
  },
  readFileSync: (file) => {
    throw new Error(`templates cannot read files ("${file}")`);
  },
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
  sep: '/',
  dirname: () => '',
};

class RefusedPartialTag extends Tag {
  constructor(...args: ConstructorParameters<typeof Tag>) {
    super(...args);
    throw new Error(
      `the "${args[0].name}" tag is not allowed: templates cannot include files or other templates`,
    );
  }
  render(): void {}
}

/** `{% capture %}` counts what it captures against the memory limit (liquidjs does not). */
class BoundedCaptureTag extends CaptureTag {
  override *render(ctx: Context): Generator<unknown, void, string> {
    const emitter = new BoundedEmitter(ctx, { chargeMemory: true });
    yield this.liquid.renderer.renderTemplates(this.templates, ctx, emitter);
    ctx.bottom()[this.variable] = emitter.buffer;
  }
}

class OutputLimitError extends Error {}

/** Collects output: a part's stops past `maxChars`; a capture's counts against the memory limit. */
class BoundedEmitter implements Emitter {
  buffer = '';
  constructor(
    private readonly ctx: Context,
    private readonly bound: { maxChars: number } | { chargeMemory: true },
  ) {}

  write(html: unknown): void {
    const text = stringify(html);
    if ('maxChars' in this.bound && this.buffer.length + text.length > this.bound.maxChars) {
      const most = this.bound.maxChars.toLocaleString('en-US');
      throw new OutputLimitError(`renders more than ${most} characters, the most this part may hold`);
    }
    if ('chargeMemory' in this.bound) this.ctx.memoryLimit.use(text.length);
    this.buffer += text;
  }
}

/** How liquidjs's own emitter turns a value into output. */
function stringify(value: unknown): string {
  const plain = toValue(value);
  if (typeof plain === 'string') return plain;
  if (plain === null || plain === undefined) return '';
  if (Array.isArray(plain)) return plain.map(stringify).join('');
  return String(plain);
}

/** A snippet's sources as the store keeps them (`@trellis/store` SnippetRecord). */
export interface SnippetSource {
  text: string;
  html: string | null;
}

/** The snippets one render may include, by name: kept beside its Context, out of the template's reach. */
const snippetsOfRender = new WeakMap<Context, ReadonlyMap<string, SnippetSource>>();

const SNIPPET_ARGS = /^\s*(["'])([A-Za-z0-9_.-]{1,64})\1\s*$/;

/**
 * `{% snippet "footer" %}`: the named snippet's Liquid, rendered in place with the template's
 * own fields. The server resolves it from the snippets given to this render, never from a file
 * (Liquid's `include`/`render` stay refused). A snippet may not include another one (refused
 * when it is saved), so an include never loops.
 */
function snippetTagFor(format: TemplateFormat) {
  return class SnippetTag extends Tag {
    readonly snippet: string;
    constructor(...args: ConstructorParameters<typeof Tag>) {
      super(...args);
      const name = SNIPPET_ARGS.exec(args[0].args)?.[2];
      if (!name) throw new Error('the "snippet" tag takes a snippet\'s name in quotes, e.g. {% snippet "footer" %}');
      this.snippet = name;
    }
    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const found = snippetsOfRender.get(ctx)?.get(this.snippet);
      if (!found) throw new Error(`there is no snippet "${this.snippet}"`);
      const source = format === 'html' ? (found.html ?? found.text) : found.text;
      yield this.liquid.renderer.renderTemplates(this.liquid.parse(source), ctx, emitter);
    }
  };
}

function sandboxedEngine(outputEscape?: 'escape'): Liquid {
  const engine = new Liquid({
    fs: NO_FILES,
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    dynamicPartials: true,
    strictFilters: true,
    parseLimit: TEMPLATE_LIMITS.parseLength,
    renderLimit: TEMPLATE_LIMITS.renderMs,
    memoryLimit: TEMPLATE_LIMITS.memory,
    ...(outputEscape ? { outputEscape } : {}),
  });
  for (const name of PARTIAL_TAGS) engine.registerTag(name, RefusedPartialTag);
  engine.registerTag('capture', BoundedCaptureTag);
  engine.registerTag('snippet', snippetTagFor(outputEscape ? 'html' : 'text'));
  return engine;
}

export type TemplateFormat = 'text' | 'html';

const engines: Record<TemplateFormat, Liquid> = {
  /** Text parts (subject, SMS, letters, task scripts): output as written. */
  text: sandboxedEngine(),
  /** HTML parts: merged values are HTML-escaped, so a lead's data cannot inject markup. */
  html: sandboxedEngine('escape'),
};

/** Parses `source`, or throws a `TemplateError` (syntax, a refused tag, too deep). */
export function parseTemplate(source: string, format: TemplateFormat): Template[] {
  let templates: Template[];
  try {
    templates = engines[format].parse(source);
  } catch (error) {
    throw new TemplateError(reasonOf(error));
  }
  const deep = tooDeep(templates, 1);
  if (deep) {
    const [line, col] = deep.token.getPosition();
    throw new TemplateError(`${TOO_DEEP}, line:${line}, col:${col}`);
  }
  return templates;
}

/** Renders parsed templates with `scope` as scope and globals, writing at most `maxChars`. */
export async function renderParsed(
  templates: Template[],
  scope: object,
  format: TemplateFormat,
  maxChars: number,
  snippets: ReadonlyMap<string, SnippetSource> = new Map(),
): Promise<string> {
  const engine = engines[format];
  const ctx = new Context(scope, engine.options, { globals: scope }, { liquid: engine });
  snippetsOfRender.set(ctx, snippets);
  const emitter = new BoundedEmitter(ctx, { maxChars });
  try {
    toValueSync(engine.renderer.renderTemplates(templates, ctx, emitter));
  } catch (error) {
    throw new TemplateError(reasonOf(error), null, isOverTime(error));
  }
  return emitter.buffer;
}

/** The merge fields `templates` read (`lead.first_name`, `sender.name`), each once, loop variables left out. */
export function fieldsRead(templates: Template[], format: TemplateFormat): string[] {
  return engines[format].globalFullVariablesSync(templates);
}

/** The snippets `templates` include, by name, with the line and column of each include. */
export function snippetIncludes(templates: Template[]): Array<{ name: string; line: number; col: number }> {
  const found: Array<{ name: string; line: number; col: number }> = [];
  const visit = (list: Template[]): void => {
    for (const template of list) {
      const name = (template as { snippet?: unknown }).snippet;
      if (typeof name === 'string') {
        const [line = 0, col = 0] = template.token.getPosition();
        found.push({ name, line, col });
      }
      if (template.children) visit(toValueSync(template.children(false, true)));
    }
  };
  visit(templates);
  return found;
}

const TOO_DEEP = `tags are nested more than ${TEMPLATE_LIMITS.nesting} deep`;

/** The first tag nested deeper than the limit (`depth` counts the tag itself), if any. */
function tooDeep(templates: Template[], depth: number): Template | null {
  for (const template of templates) {
    // `false`: list the tag's own blocks, never partials (which could mean loading files).
    const inner = template.children ? toValueSync(template.children(false, true)) : [];
    if (inner.length === 0) continue;
    if (depth > TEMPLATE_LIMITS.nesting) return template;
    const found = tooDeep(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

/** liquidjs's error as a sentence a marketer can act on, keeping its line and column. */
function isOverTime(error: unknown): boolean {
  return /^template render limit exceeded/.test(String((error as Error)?.message ?? ''));
}

function reasonOf(error: unknown): string {
  const message = String((error as Error)?.message ?? error).split('\n')[0]!;
  const position = /, line:\d+, col:\d+$/.exec(message)?.[0] ?? '';
  const cause = (error as { originalError?: unknown }).originalError ?? error;
  const what = message.slice(0, message.length - position.length);
  if (cause instanceof OutputLimitError) return cause.message + position;
  if (cause instanceof RangeError && /call stack/i.test(cause.message)) return TOO_DEEP + position;
  if (what === 'template render limit exceeded') {
    return `takes longer than ${TEMPLATE_LIMITS.renderMs} ms to render, the most a template may take${position}`;
  }
  if (what === 'memory alloc limit exceeded' || (cause instanceof RangeError && /string length/i.test(cause.message))) {
    return `builds more than ${TEMPLATE_LIMITS.memory.toLocaleString('en-US')} characters or list items (a huge range, loop or growing string), the most a template may${position}`;
  }
  if (what === 'parse length limit exceeded') {
    return `is longer than ${TEMPLATE_LIMITS.parseLength.toLocaleString('en-US')} characters, the most a template may be`;
  }
  return message;
}
