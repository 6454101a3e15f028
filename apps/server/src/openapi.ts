import { conditionSchema, journeySchema } from '@trellis/journey';
import { z } from 'zod';
import type { RouteSpec } from './route.js';

/** An error answer's body, as errors.ts shapes every one. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    problems: z.array(z.unknown()).optional(),
  }),
});

/** Schemas that get a name of their own; `Condition` is recursive and can only be a reference. */
const NAMED_SCHEMAS: readonly [string, z.ZodType][] = [
  ['Journey', journeySchema],
  ['Condition', conditionSchema],
  ['Error', errorSchema],
];

const COMPONENT_PREFIX = '#/components/schemas/';

type JsonObject = Record<string, unknown>;

/** The OpenAPI 3.1 document for the route registry: every route, its roles, bodies and answers. */
export function openApiDocument(routes: readonly RouteSpec[]): JsonObject {
  const names = new Map<z.ZodType, string>(NAMED_SCHEMAS.map(([name, schema]) => [schema, name]));
  const nameOf = (schema: z.ZodType, fallback: string): string => {
    const known = names.get(schema);
    if (known) return known;
    names.set(schema, fallback);
    return fallback;
  };
  const ref = (name: string) => ({ $ref: `${COMPONENT_PREFIX}${name}` });
  const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
  const errorAnswer = (description: string) => ({ description, content: json('Error') });

  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const responses: Record<string, JsonObject> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = response.schema
        ? { description: response.description, content: json(nameOf(response.schema, `${pascal(route.operationId)}Response`)) }
        : { description: response.description };
    }
    if (route.request) {
      responses['400'] = errorAnswer('malformed_json: the body is not JSON; invalid_body: it fails the schema, `problems` lists each issue with its path');
      responses['413'] = errorAnswer(route.errors?.[413] ?? 'body_too_large: the body is over the size this route accepts');
      responses['415'] = errorAnswer('unsupported_media_type: the body is not sent as application/json');
    }
    if (route.roles !== 'public') {
      responses['401'] = errorAnswer('unauthorized: no bearer token, or an unknown one');
      responses['403'] = errorAnswer('forbidden: the token\'s role may not do this');
      responses['429'] = errorAnswer('too_many_requests: too many unknown tokens from this address lately; Retry-After says when to try again');
    }
    for (const [status, description] of Object.entries(route.errors ?? {})) {
      responses[status] ??= errorAnswer(description);
    }
    responses['500'] ??= errorAnswer('internal: a server fault, logged on the server');

    const operation: JsonObject = {
      operationId: route.operationId,
      summary: route.summary,
      'x-roles': route.roles === 'public' ? [] : ['admin', ...route.roles.filter((r) => r !== 'admin')],
      security: route.roles === 'public' ? [] : [{ bearer: [] }],
      responses,
    };
    const parameters = [...pathParameters(route.path), ...queryParameters(route.query)];
    if (parameters.length > 0) operation.parameters = parameters;
    if (route.request) {
      const documented = route.request.documentedAs ?? route.request.schema;
      operation.requestBody = { required: true, content: json(nameOf(documented, `${pascal(route.operationId)}Request`)) };
    }
    (paths[openApiPath(route.path)] ??= {})[route.method] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Trellis API',
      version: '1',
      description: 'Every error is `{ "error": { "code", "message", "problems"? } }`. Send `Authorization: Bearer <token>` on every route but /api/health.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: componentSchemas(names),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

function pathParameters(honoPath: string): JsonObject[] {
  return [...honoPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
}

function queryParameters(query: z.ZodObject | undefined): JsonObject[] {
  if (!query) return [];
  return Object.entries(query.shape).map(([name, schema]) => {
    const field = schema as z.ZodType;
    const { $schema: _dialect, description, ...json } = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as JsonObject;
    const parameter: JsonObject = { name, in: 'query', required: !field.safeParse(undefined).success, schema: json };
    if (typeof description === 'string') parameter.description = description;
    return parameter;
  });
}

/** `/api/journeys/:id` → `/api/journeys/{id}` */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function componentSchemas(names: Map<z.ZodType, string>): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  // Bodies are documented as clients send them (defaults optional), hence io: 'input'.
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
    io: 'input',
    unrepresentable: 'any',
  });
  const out: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonObject;
    out[id] = rest;
  }
  return out;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
