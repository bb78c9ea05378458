// A small validator for the JSON Schema subset TGI's openapi.json uses (OpenAPI 3.0.3 as utoipa writes it):
// $ref, type, properties, required, items, enum, nullable, oneOf, allOf, format, minimum, maximum,
// exclusiveMinimum (a number, as utoipa emits it, or 3.0's boolean form) and maxItems.
// Test support only: ajv is present in node_modules only as a transitive dependency.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface Schema {
  $ref?: string;
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  maxItems?: number;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Schema> };
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const sharedDir = path.resolve(projectRoot, "..", "shared");

export function loadOpenApi(): OpenApiDocument {
  return JSON.parse(fs.readFileSync(path.join(sharedDir, "tgi", "openapi.json"), "utf8")) as OpenApiDocument;
}

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-2_147_483_648, 2_147_483_647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

export class OpenApiValidator {
  private readonly doc: OpenApiDocument;

  constructor(doc: OpenApiDocument = loadOpenApi()) {
    this.doc = doc;
  }

  /** The named component schema, e.g. "StreamResponse"; throws if the document has none. */
  component(name: string): Schema {
    const schema = this.doc.components.schemas[name];
    if (!schema) throw new Error(`openapi.json has no schema "${name}"`);
    return schema;
  }

  /** The documented schema for a response, e.g. ("/generate", "post", 200, "application/json"). */
  responseSchema(route: string, method: string, status: number, contentType: string): Schema {
    const operation = this.doc.paths[route]?.[method] as
      { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> } | undefined;
    const schema = operation?.responses?.[String(status)]?.content?.[contentType]?.schema;
    if (!schema) throw new Error(`openapi.json documents no ${contentType} ${status} for ${method} ${route}`);
    return schema;
  }

  /** Problems found, as "path: message"; empty when `value` conforms. */
  validate(schema: Schema | string, value: unknown): string[] {
    const resolved = typeof schema === "string" ? this.component(schema) : schema;
    const errors: string[] = [];
    this.check(resolved, value, "$", errors);
    return errors;
  }

  private resolve(schema: Schema): Schema {
    if (!schema.$ref) return schema;
    const prefix = "#/components/schemas/";
    if (!schema.$ref.startsWith(prefix)) throw new Error(`unsupported $ref ${schema.$ref}`);
    return this.component(schema.$ref.slice(prefix.length));
  }

  private check(raw: Schema, value: unknown, at: string, errors: string[]): void {
    const schema = this.resolve(raw);
    if (value === null) {
      if (!schema.nullable) errors.push(`${at}: null is not allowed`);
      return;
    }
    if (schema.allOf) for (const part of schema.allOf) this.check(part, value, at, errors);
    if (schema.oneOf) {
      const matching = schema.oneOf.filter((option) => this.validate(option, value).length === 0).length;
      if (matching !== 1) errors.push(`${at}: matches ${matching} of the oneOf alternatives, expected exactly 1`);
    }
    if (schema.enum && !schema.enum.includes(value)) {
      errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (schema.type) this.checkType(schema, value, at, errors);
  }

  private checkType(schema: Schema, value: unknown, at: string, errors: string[]): void {
    switch (schema.type) {
      case "object":
        return this.checkObject(schema, value, at, errors);
      case "array":
        return this.checkArray(schema, value, at, errors);
      case "integer":
      case "number":
        return checkNumber(schema, value, at, errors);
      case "string":
      case "boolean":
        if (typeof value !== schema.type) errors.push(`${at}: expected a ${schema.type}`);
        return;
    }
  }

  private checkObject(schema: Schema, value: unknown, at: string, errors: string[]): void {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      errors.push(`${at}: expected an object`);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in record)) errors.push(`${at}: missing required property "${key}"`);
    }
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      if (key in record) this.check(child, record[key], `${at}.${key}`, errors);
    }
  }

  private checkArray(schema: Schema, value: unknown, at: string, errors: string[]): void {
    if (!Array.isArray(value)) {
      errors.push(`${at}: expected an array`);
      return;
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errors.push(`${at}: more than ${schema.maxItems} items`);
    }
    const items = schema.items;
    if (items) value.forEach((item, i) => this.check(items, item, `${at}[${i}]`, errors));
  }
}

function checkNumber(schema: Schema, value: unknown, at: string, errors: string[]): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    errors.push(`${at}: expected a ${schema.type}`);
    return;
  }
  if (schema.type === "integer" && !Number.isInteger(value)) errors.push(`${at}: expected an integer`);
  const range = schema.format ? INT_RANGES[schema.format] : undefined;
  if (range && (value < range[0] || value > range[1])) errors.push(`${at}: out of ${schema.format} range`);
  checkBounds(schema, value, at, errors);
}

function checkBounds(schema: Schema, value: number, at: string, errors: string[]): void {
  if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below minimum ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above maximum ${schema.maximum}`);
  // utoipa writes OpenAPI 3.1's numeric exclusiveMinimum even in a 3.0.3 document; accept both forms.
  const exclusive =
    typeof schema.exclusiveMinimum === "number"
      ? schema.exclusiveMinimum
      : schema.exclusiveMinimum === true
        ? schema.minimum
        : undefined;
  if (exclusive !== undefined && value <= exclusive) errors.push(`${at}: not above exclusive minimum ${exclusive}`);
}
