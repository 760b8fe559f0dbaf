/**
 * SQL written as tagged templates: sql`SELECT … WHERE id = ${id}` is a statement whose
 * interpolated values travel as parameters ($1, $2…, numbered here), never as text. The
 * text comes only from templates written in the source: a statement interpolated into
 * another is spliced in with its values renumbered, and a template with nothing
 * interpolated is a constant fragment (a column list, a condition). No function turns a
 * string known at run time into SQL text.
 */
export class Statement {
  /** The text around the values: one more than there are values. */
  readonly chunks: readonly string[];
  readonly values: readonly unknown[];

  constructor(key: typeof BUILDER, chunks: readonly string[], values: readonly unknown[]) {
    if (key !== BUILDER) throw new TypeError('A statement is made with the sql tag');
    this.chunks = Object.freeze(chunks);
    this.values = Object.freeze(values);
  }

  /** The text sent, its values numbered in order. */
  get text(): string {
    return this.chunks.reduce((text, chunk, i) => `${text}$${i}${chunk}`);
  }
}

const BUILDER = Symbol('sql');

/** Text and values being put together: each statement spliced in joins its first chunk to the last one's end. */
class Builder {
  readonly chunks = [''];
  readonly values: unknown[] = [];

  text(text: string): void {
    this.chunks[this.chunks.length - 1] += text;
  }

  value(value: unknown): void {
    if (value instanceof Statement) {
      this.text(value.chunks[0]!);
      this.chunks.push(...value.chunks.slice(1));
      this.values.push(...value.values);
    } else if (Array.isArray(value) && value.some((item) => item instanceof Statement)) {
      throw new TypeError('Statements in an array: join them with sql.join');
    } else {
      this.values.push(value);
      this.chunks.push('');
    }
  }

  built(): Statement {
    return new Statement(BUILDER, this.chunks, this.values);
  }
}

/** A template literal's strings are frozen and carry their raw text: an array made at run time does not. */
const isTemplate = (strings: unknown): strings is TemplateStringsArray =>
  Array.isArray(strings) && Object.isFrozen(strings) && Array.isArray((strings as { raw?: unknown }).raw);

export function sql(strings: TemplateStringsArray, ...values: readonly unknown[]): Statement {
  if (!isTemplate(strings) || strings.length !== values.length + 1) throw new TypeError('sql is a template tag: sql`SELECT …`');
  const builder = new Builder();
  builder.text(strings[0]!);
  values.forEach((value, i) => {
    builder.value(value);
    builder.text(strings[i + 1]!);
  });
  return builder.built();
}

/** Statements one after the other, `separator` between them (a comma by default); nothing for none. */
sql.join = (statements: readonly Statement[], separator: Statement = sql`, `): Statement => {
  const builder = new Builder();
  statements.forEach((statement, i) => {
    if (!(statement instanceof Statement)) throw new TypeError('sql.join joins statements: a value goes in a template');
    if (i > 0) builder.value(separator);
    builder.value(statement);
  });
  return builder.built();
};
