import fc from 'fast-check';

/**
 * fast-check arbitraries for requests, derived from the OpenAPI document's JSON Schemas (which
 * openapi.ts makes from each route's zod schemas, so they are the routes' own). Values are
 * mostly the right shape, with hostile ones mixed in at every level: NUL, lone surrogates, very
 * long strings, huge and negative-zero numbers, the year 0000, deep nesting, wrong types.
 * For generated-requests.test.ts.
 */

export type JsonSchema = Record<string, unknown>;

/** Where `$ref`s point, and documents known to be good for some of them (mixed in with generated ones). */
export interface SchemaContext {
  resolve(ref: string): JsonSchema;
  examples?: Record<string, readonly unknown[]>;
  /** Mix hostile values in at every level; without, values are of the schema's shape throughout. */
  hostile: boolean;
}

/**
 * JSON.stringify cannot write some hostile inputs (10,000 levels of nesting overflow its stack;
 * -0 comes out as 0; 1e999 is not a JS number): the value holds a marker string that
 * `serialize` replaces with the raw text.
 */
const RAW_TEXT: Record<string, string> = {
  '\uE000deep\uE000': `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  '\uE000minus-zero\uE000': '-0',
  '\uE000huge\uE000': '1e999',
  '\uE000bigint\uE000': '123456789012345678901234567890',
};

export function serialize(value: unknown): string {
  let text = JSON.stringify(value) ?? 'null';
  for (const [marker, raw] of Object.entries(RAW_TEXT)) text = text.split(JSON.stringify(marker)).join(raw);
  return text;
}

const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  'é'.repeat(3_000),
  'A'.repeat(20_000),
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59-01:00',
  '2026-01-01T00:00:00+23:00',
  '+275760-09-13T00:00:00Z',
  '2026-02-30T00:00:00Z',
  'P99999Y',
  'PT0S',
  '-0',
  '1e308',
  '__proto__',
  'constructor',
  ' ',
  '',
  '%00',
  '../..',
  "'; drop table leads; --",
];

const HOSTILE_NUMBERS = [1e308, -1e308, -0, 0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, -1, 0];

export const hostileString: fc.Arbitrary<string> = fc.constantFrom(...HOSTILE_STRINGS);

/** Anything at all in the wrong place: a hostile string or number, a raw text marker, a wrong type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(...Object.keys(RAW_TEXT)),
  fc.constantFrom(null, true, [], {}, [null], { '\u0000': 1 }, { '\uD800': 'x' }),
);

const isoInstant = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** A value of `schema`'s shape, hostile now and then; recursion stops after a few levels. */
export function fromSchema(schema: JsonSchema, context: SchemaContext, depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapedFromSchema(schema, context, depth);
  if (!context.hostile) return shaped;
  return fc.oneof({ weight: 12, arbitrary: shaped }, { weight: 1, arbitrary: hostileValue });
}

function shapedFromSchema(schema: JsonSchema, context: SchemaContext, depth: number): fc.Arbitrary<unknown> {
  const next = (s: unknown) => fromSchema(s as JsonSchema, context, depth + 1);
  if (typeof schema.$ref === 'string') {
    if (depth > 6) return fc.constant({});
    const generated = shapedFromSchema(context.resolve(schema.$ref), context, depth + 1);
    const examples = context.examples?.[schema.$ref] ?? [];
    return examples.length === 0 ? generated : fc.oneof(fc.constantFrom(...examples), generated);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const choices = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (choices) return depth > 8 ? next(choices[0]) : fc.oneof(...choices.map(next));
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return next(schema.allOf[0]);
  const type = schema.type;
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => shapedFromSchema({ ...schema, type: t }, context, depth)));
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: bound(schema.minimum, -1_000), max: bound(schema.maximum, 1_000) });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: bound(schema.minimum, -1e6), max: bound(schema.maximum, 1e6) });
    case 'string':
      return stringFromSchema(schema);
    case 'array': {
      const items = schema.items ? next(schema.items) : fc.jsonValue({ maxDepth: 2 });
      const minLength = Math.min(Number(schema.minItems ?? 0), 3);
      return fc.array(items, { minLength, maxLength: Math.max(minLength, depth > 4 ? 1 : 3) });
    }
    case 'object':
      return objectFromSchema(schema, context, next);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function bound(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(Math.min(value, 1e12), -1e12) : fallback;
}

function stringFromSchema(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return isoInstant;
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= Number(schema.maxLength ?? Infinity));
    } catch {
      // A pattern fast-check cannot generate from: plain strings then.
    }
  }
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Math.min(Number(schema.maxLength ?? 24), Math.max(minLength, 24));
  return fc.oneof(
    fc.string({ minLength, maxLength }),
    fc.constantFrom('email', 'form_submitted', 'ada@example.com', 'Europe/London', 'P1D', 'PT1H', 'start', 'done', '2026-03-02T09:00:00Z').filter(
      (s) => s.length >= minLength && s.length <= maxLength,
    ),
  );
}

function objectFromSchema(schema: JsonSchema, context: SchemaContext, next: (s: unknown) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = (schema.required ?? []) as string[];
  const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, next(s)]));
  const known = fc.record(model, { requiredKeys: required.filter((key) => key in model) });
  const extra = schema.additionalProperties;
  const extras =
    extra === false
      ? fc.constant({})
      : fc.dictionary(context.hostile ? fc.oneof(fc.string({ maxLength: 8 }), hostileString) : fc.string({ maxLength: 8 }), extra && typeof extra === 'object' ? next(extra) : fc.jsonValue({ maxDepth: 1 }), {
          maxKeys: 2,
        });
  return fc.tuple(known, fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extras })).map(([a, b]) => ({ ...(b as object), ...(a as object) }));
}

/** Percent-encodes a path segment or query part, lone surrogates included (as WTF-8 bytes, which no server decodes). */
export function encodeUrlPart(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16).toUpperCase()}%${(0x80 | ((code >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}
