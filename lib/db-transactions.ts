import type { IsolationLevel, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import { log } from './log';

/** A query kept waiting this long behind an open transaction is logged: usually db() called inside a $transaction callback. */
const SLOW_WAIT_MS = 2_000;

/**
 * The appliance's one SQLite connection, shared by every request. The driver adapter runs a
 * query outside a transaction straight on that connection, so while an interactive transaction
 * is open (between its BEGIN and COMMIT the event loop serves other requests) another request's
 * write became part of it: it vanished when that transaction rolled back, although its request
 * had been answered as done, and reads saw the transaction's uncommitted rows.
 *
 * Here a query from outside waits until the open transaction has ended, and transactions take
 * turns. Queries run synchronously once started, so nothing can slip in between the check and
 * the statement. A transaction's own queries go through its Transaction object and never wait.
 */
class OneWriterAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;
  /** Settles when the open transaction has ended; undefined while none is open. */
  private open: Promise<void> | undefined;
  /** The end of the last transaction begun or queued: the next one starts after it. */
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly inner: SqlDriverAdapter) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  private async outsideTransactions(sql: string): Promise<void> {
    if (!this.open) return;
    const started = Date.now();
    while (this.open) await this.open;
    const waited = Date.now() - started;
    if (waited >= SLOW_WAIT_MS) log.warn('a database query waited for an open transaction', { waited_ms: waited, statement: sql.slice(0, 80) });
  }

  async queryRaw(query: SqlQuery) {
    await this.outsideTransactions(query.sql);
    return this.inner.queryRaw(query);
  }

  async executeRaw(query: SqlQuery) {
    await this.outsideTransactions(query.sql);
    return this.inner.executeRaw(query);
  }

  async executeScript(script: string) {
    await this.outsideTransactions(script);
    return this.inner.executeScript(script);
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const previous = this.turn;
    this.turn = previous.then(() => ended);
    await previous;
    this.open = ended;
    const finish = () => {
      if (this.open === ended) this.open = undefined;
      end();
    };
    let tx: Transaction;
    try {
      tx = await this.inner.startTransaction(isolationLevel);
    } catch (err) {
      finish();
      throw err;
    }
    return {
      provider: tx.provider,
      adapterName: tx.adapterName,
      options: tx.options,
      queryRaw: (query) => tx.queryRaw(query),
      executeRaw: (query) => tx.executeRaw(query),
      commit: () => tx.commit().finally(finish),
      rollback: () => tx.rollback().finally(finish),
    };
  }

  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  dispose() {
    return this.inner.dispose();
  }
}

/** The factory Prisma is given: the driver's connections, each wrapped as above. */
export function oneWriterAtATime(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => new OneWriterAdapter(await factory.connect()),
    connectToShadowDb: async () => new OneWriterAdapter(await factory.connectToShadowDb()),
  };
}
