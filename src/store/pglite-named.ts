import { parse, protocol, type PGlite } from '@electric-sql/pglite';

type Message = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

interface Named {
  name: string;
  /** The parameters' types, for their serializers. */
  types: number[];
  /** The statement's row description, which a portal's rows are read with. */
  described: Message[];
}

/**
 * Statements with parameters run by name on PGlite, as they do on PostgreSQL
 * (pg-driver.ts): parsed and described once, then bound and executed — three calls into
 * the database rather than six, and a plan made once rather than at every call (planning
 * was most of a gated read's time on PGlite: 3.9 of 4.7 ms for a group's Patient reads).
 * Only the first MAX_NAMED texts are named; the others run as PGlite runs them.
 */
export class NamedStatements {
  private readonly named = new Map<string, Named>();
  private count = 0;

  constructor(private readonly pg: PGlite) {}

  /** Whether `text` may run by name: it has parameters, and it is named or there is room to name it. */
  takes(text: string, params: readonly unknown[] | undefined): boolean {
    return (params?.length ?? 0) > 0 && (this.named.has(text) || this.named.size < MAX_NAMED);
  }

  /**
   * Runs `text` by name; the caller holds the connection (inside a transaction, or
   * outside one after other transactions). A statement whose plan a migration made stale
   * (0A000) takes a new name for the next call.
   */
  async rows<T>(text: string, params: readonly unknown[]): Promise<T[]> {
    return this.pg.runExclusive(async () => {
      const messages: Message[] = [];
      try {
        const named = this.named.get(text) ?? (await this.prepare(text));
        const values = params.map((value, i) => this.serialized(value, named.types[i]!));
        messages.push(...named.described);
        messages.push(...(await this.call(protocol.serialize.bind({ statement: named.name, values }))));
        messages.push(...(await this.call(protocol.serialize.execute({}))));
      } catch (error) {
        if ((error as { code?: string }).code === '0A000') this.named.delete(text);
        throw Object.assign(error as object, { query: text });
      } finally {
        await this.call(protocol.serialize.sync());
      }
      return parse.parseResults(messages, this.pg.parsers)[0]!.rows as T[];
    });
  }

  private async prepare(text: string): Promise<Named> {
    const name = `vigie_${++this.count}`;
    await this.call(protocol.serialize.parse({ name, text }));
    const description = await this.call(protocol.serialize.describe({ type: 'S', name }));
    const named = {
      name,
      types: parse.parseDescribeStatementResults(description),
      described: description.filter((message) => message.name === 'rowDescription'),
    };
    this.named.set(text, named);
    return named;
  }

  private serialized(value: unknown, type: number): string | Uint8Array | null {
    if (value === null || value === undefined) return null;
    const serialize = this.pg.serializers[type];
    return serialize ? (serialize(value) as string | Uint8Array) : String(value);
  }

  private call(message: Uint8Array): Promise<Message[]> {
    return this.pg.execProtocolStream(message, { syncToFs: false });
  }
}

const MAX_NAMED = 2000;
