import { openEngine, systemClock, type DurableEngine } from 'chatroute';
import { createPostgresStore, type PostgresStore } from 'chatroute/postgres';
import type pg from 'pg';
import type { HostConfig } from '../server/config';
import { startHostServer, type HostServer, type HostServerOptions } from '../server/createHostServer';
import { Forwarder, type Route } from './Forwarder';
import { answerNodeOps, clusterTrust, postgresReachable } from './nodeOps';
import { gatedOutput } from './outputGate';
import { ProcessStats } from '../server/observability/processStats';

export interface ClusterNodeOptions {
  /** This node's name, unique in the cluster (`node-a`). */
  readonly name: string;
  /** Where clients (or the load balancer) reach this node: `host:port`, also what the lease row advertises. */
  readonly address: string;
  /** The interface the public side listens on (default 127.0.0.1). */
  readonly listenHost?: string;
  readonly pool: pg.Pool;
  /** The shard this cluster serves: one engine (the demo tenant). */
  readonly shard: string;
  /** How long a dead owner blocks the shard (default 3 s here: a demo fails over quickly). */
  readonly leaseTtlMs?: number;
  readonly config: HostConfig;
  /** Shared by every node: sign-ins, passwords, uploads, history, the configuration copy (see docs/cluster.md). */
  readonly dataDir: string;
  readonly server?: Pick<HostServerOptions, 'inspector' | 'webRoot' | 'sessions' | 'observability'>;
  /**
   * The other nodes' `host:port`: their forwarders carry clients here, so they are trusted to name the client in
   * `X-Forwarded-For` (with this node's own forwarder, on loopback), unless `config.trustProxy` is a hop count.
   */
  readonly peers?: readonly string[];
  /** One line per change of role, for the log (and the tests, which read it). */
  readonly log?: (line: string) => void;
}

/** What one life as the shard's owner holds. */
interface Owning {
  readonly store: PostgresStore;
  readonly epoch: number;
  engine?: DurableEngine;
  server?: HostServer;
  end: (why: string) => void;
}

/**
 * One process of the reference host in a cluster. Every node listens for clients and competes for the shard's
 * lease; the holder opens the engine from PostgreSQL (`openEngine`), runs the ordinary host server on a loopback
 * port and carries its own clients there; every other node carries its clients to the owner's public address,
 * read from the lease row (`owner` = `name@address#life`). Losing the lease, a fenced or failed write, or a stop
 * ends the ownership at once: the route goes to "none" (cutting every carried connection) before anything else, so a
 * node that is no longer the writer never answers another command.
 *
 * @example
 * ```ts
 * const node = new ClusterNode({ name: 'node-a', address: '127.0.0.1:3101', pool, shard: 'demo', config, dataDir });
 * await node.start();
 * ```
 */
export class ClusterNode {
  readonly #options: ClusterNodeOptions;
  readonly #front: Forwarder;
  readonly #ttlMs: number;
  readonly #observer: PostgresStore;
  #owning: Owning | undefined;
  #life = 0;
  #stopped = false;
  #loops: Promise<void>[] = [];
  readonly #stats = new ProcessStats();

  constructor(options: ClusterNodeOptions) {
    this.#options = options;
    this.#ttlMs = options.leaseTtlMs ?? 3_000;
    const metricsToken = options.server?.observability?.metricsToken;
    this.#front = new Forwarder(options.name, {
      local: (req, res) =>
        answerNodeOps(
          { name: options.name, route: this.#front.route, server: this.#owning?.server, stats: this.#stats, carried: this.#front.carried, ...(metricsToken !== undefined ? { metricsToken } : {}) },
          req,
          res,
        ),
    });
    // Never acquires: only reads who holds the lease, for the route of a node that does not.
    this.#observer = createPostgresStore({ pool: options.pool, shard: options.shard, owner: `${options.name}@${options.address}#observer`, leaseTtlMs: this.#ttlMs });
  }

  get route(): Route {
    return this.#front.route;
  }

  async start(): Promise<void> {
    const [host, port] = [this.#options.listenHost ?? '127.0.0.1', Number(this.#options.address.slice(this.#options.address.lastIndexOf(':') + 1))];
    await this.#front.listen(port, host);
    this.#log(`listening on ${this.#options.address}`);
    this.#loops = [this.#compete(), this.#watch()];
  }

  /** Graceful: stops serving (snapshot, lease released so a peer takes over at once) and closes the public side. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#owning?.end('stopping');
    await Promise.all(this.#loops);
    await this.#front.close();
    this.#stats.close();
  }

  #log(line: string): void {
    this.#options.log?.(`${this.#options.name}: ${line}`);
  }

  /** Waits for the lease, serves until it ends, and again, until stopped. */
  async #compete(): Promise<void> {
    const pollMs = Math.max(50, Math.floor(this.#ttlMs / 10));
    while (!this.#stopped) {
      const store = createPostgresStore({
        pool: this.#options.pool,
        shard: this.#options.shard,
        owner: `${this.#options.name}@${this.#options.address}#${++this.#life}`,
        leaseTtlMs: this.#ttlMs,
      });
      try {
        let epoch: number | null = null;
        // Bounded waits, so a stop is noticed.
        while (epoch === null && !this.#stopped) epoch = await store.acquire({ waitMs: 1_000, pollMs });
        if (epoch === null) break;
        await this.#serve(store, epoch);
      } catch (error) {
        this.#log(`could not serve: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        await store.close().catch(() => {});
      }
    }
  }

  async #serve(store: PostgresStore, epoch: number): Promise<void> {
    let end!: (why: string) => void;
    const ended = new Promise<string>((resolve) => {
      end = resolve;
    });
    const owning: Owning = {
      store,
      epoch,
      end: (why) => {
        // At once: no carried connection, no new one, before the engine and server are taken down.
        if (this.#owning === owning) {
          this.#owning = undefined;
          this.#front.setRoute({ kind: 'none', why: `${this.#options.name} stepped down` });
        }
        end(why);
      },
    };
    this.#owning = owning;
    store.onLost((error) => owning.end(`lease lost: ${error.message}`));
    const started = performance.now();
    try {
      const { config: given, server } = this.#options;
      const config = { ...given, trustProxy: clusterTrust(this.#options.peers ?? [], given.trustProxy) };
      owning.server = await startHostServer({
        ...server,
        observability: {
          ...server?.observability,
          // Ready only while this life still owns the shard and PostgreSQL answers.
          readiness: {
            ...server?.observability?.readiness,
            lease: () => (this.#owning === owning ? undefined : 'this node no longer owns the shard'),
            postgres: postgresReachable(this.#options.pool),
          },
        },
        config,
        host: '127.0.0.1',
        port: 0,
        dataDir: this.#options.dataDir,
        openEngine: async ({ history }) => {
          owning.engine = await openEngine({
            store,
            clock: systemClock,
            queues: config.queues,
            agents: config.agents,
            ...(history !== undefined ? { history } : {}),
            onFailed: (error) => owning.end(`engine failed: ${error instanceof Error ? error.message : String(error)}`),
          });
          return owning.engine;
        },
        outputCommit: gatedOutput(() => owning.engine?.flush() ?? Promise.resolve()),
      });
      if (this.#owning === owning) {
        this.#front.setRoute({ kind: 'serve', address: new URL(owning.server.url).host });
        this.#log(`owner of ${this.#options.shard} (epoch ${epoch}), serving in ${Math.round(performance.now() - started)} ms`);
      }
      const why = await ended;
      this.#log(`no longer the owner: ${why}`);
    } finally {
      owning.end('ended');
      // The server's close stops the engine: on a graceful stop its final snapshot goes out and `close()` below waits
      // for it and releases the lease; after a loss the store refuses it, which changes nothing.
      await owning.server?.close().catch(() => {});
      await owning.engine?.close().catch(() => {});
    }
  }

  /** While not the owner: follows the lease row, forwarding to whoever holds it. */
  async #watch(): Promise<void> {
    const everyMs = Math.max(100, Math.floor(this.#ttlMs / 6));
    while (!this.#stopped) {
      if (this.#owning === undefined) {
        try {
          const lease = await this.#observer.readLease();
          if (this.#owning === undefined && !this.#stopped) this.#front.setRoute(routeOf(lease, this.#options.name));
        } catch (error) {
          this.#front.setRoute({ kind: 'none', why: `cannot read the lease: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

/** The route of a node that does not hold the lease: to the holder's address, or none while it is free or ours. */
export function routeOf(lease: { readonly owner: string; readonly remainingMs: number } | null, self: string): Route {
  if (lease === null || lease.remainingMs <= 0) return { kind: 'none', why: 'the shard has no owner yet' };
  const match = /^(.+)@(.+)#[^#]*$/.exec(lease.owner);
  if (match === null) return { kind: 'none', why: `the owner ${lease.owner} advertises no address` };
  // Our own name on a live lease we do not serve: a life of ours that just stepped down. Wait for the next owner.
  if (match[1] === self) return { kind: 'none', why: 'this node stepped down; the lease runs out' };
  return { kind: 'forward', address: match[2] as string, owner: lease.owner };
}
