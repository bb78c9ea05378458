// Compose's variable interpolation (compose-spec "Interpolation"), enough to read our Compose files as
// `docker compose config` would: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
// ${VAR?error}, ${VAR:+replacement}, ${VAR+replacement}, with nested expressions in the default.

export type Variables = Readonly<Record<string, string | undefined>>;

export class InterpolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InterpolationError";
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const EXPRESSION = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;

export function interpolate(text: string, variables: Variables): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf("$", i);
    if (dollar === -1) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === "$") {
      out += "$";
      i = dollar + 2;
    } else if (next === "{") {
      const close = closingBrace(text, dollar + 1);
      out += expand(text.slice(dollar + 2, close), variables);
      i = close + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      out += name ? (variables[name] ?? "") : "$";
      i = dollar + 1 + (name?.length ?? 0);
    }
  }
  return out;
}

/** Interpolates every string value (never a key) of a parsed YAML document; returns a new document. */
export function interpolateDocument(value: unknown, variables: Variables): unknown {
  if (typeof value === "string") return interpolate(value, variables);
  if (Array.isArray(value)) return value.map((item) => interpolateDocument(item, variables));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateDocument(item, variables)]));
  }
  return value;
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  throw new InterpolationError(`unterminated \${ in ${JSON.stringify(text)}`);
}

type Operator = (value: string | undefined, argument: () => string, fail: () => never) => string;

const OPERATORS: Record<string, Operator> = {
  "": (value) => value ?? "",
  ":-": (value, argument) => (value ? value : argument()),
  "-": (value, argument) => (value !== undefined ? value : argument()),
  ":+": (value, argument) => (value ? argument() : ""),
  "+": (value, argument) => (value !== undefined ? argument() : ""),
  ":?": (value, _argument, fail) => value || fail(),
  "?": (value, _argument, fail) => value ?? fail(),
};

function expand(expression: string, variables: Variables): string {
  const match = EXPRESSION.exec(expression);
  const operator = OPERATORS[match?.[2] ?? ""];
  if (!match || !operator) throw new InterpolationError(`invalid interpolation format: \${${expression}}`);
  const [, name = "", , argument = ""] = match;
  return operator(
    variables[name],
    () => interpolate(argument, variables),
    () => {
      throw new InterpolationError(`required variable ${name} is missing a value: ${argument}`);
    },
  );
}
