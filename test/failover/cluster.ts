// The test's side of a failover run: host nodes as child processes on one shard, a workload sent to whoever owns it,
// and a model of what was acknowledged (only acks count: a client saw nothing else).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRandom } from '../../src/index';
import { agents, type Dump, type Reply, type Request } from './scenario';

export interface NodeProcess {
  readonly name: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly replies: Array<{ readonly at: number; readonly reply: Reply }>;
  alive: boolean;
  stderr: string;
}

export interface ChatModel {
  closed: boolean;
  left: boolean;
  taken: boolean;
  readonly messages: Set<string>;
}

export interface ClusterOptions {
  readonly bundle: string;
  readonly root: string;
  readonly connectionString: string;
  readonly shard: string;
  readonly leaseTtlMs: number;
  readonly snapshotEvery: number;
  readonly seed: number;
}

/** Three (or more) nodes on one shard, the owner as the nodes report it, and the acknowledged model. */
export class Cluster {
  /** Every event any owner published, in the order they arrived (issue 18: the event log must hold them all). */
  readonly published: Array<Extract<Reply, { k: 'ev' }>['e']> = [];
  readonly nodes: NodeProcess[] = [];
  owner: { node: NodeProcess; epoch: number; at: number } | undefined;
  readonly owners: Array<{ node: string; epoch: number; at: number; recoveryMs: number; recovered: Dump }> = [];
  readonly acks: Array<{ id: number; epoch: number; node: string; at: number; cmd: Record<string, unknown> & { type: string }; r: { ok: boolean } & Record<string, unknown> }> = [];
  readonly started: string[] = [];
  readonly chats = new Map<string, ChatModel>();
  readonly offers = new Map<string, { chatId: string; agentId: string; epoch: number; expiresAt: number }>();
  readonly active = new Map<string, string>();
  readonly failures: string[] = [];
  readonly tally = { sent: 0, acked: 0, nacked: 0, expiredAfterTakeover: 0, offersExpired: 0, steppedDown: 0 };
  readonly random: () => number;
  #nextId = 1;
  #nodeCount = 0;
  readonly #sent = new Map<number, Request & { k: 'cmd' }>();
  readonly #listeners = new Set<(node: NodeProcess, reply: Reply) => void>();

  constructor(readonly options: ClusterOptions) {
    this.random = createRandom(options.seed);
  }

  spawnNode(): NodeProcess {
    const { bundle, root, connectionString, shard, leaseTtlMs, snapshotEvery } = this.options;
    const name = `${shard}-node-${++this.#nodeCount}`;
    const child = spawn(process.execPath, [bundle, connectionString, shard, name, String(leaseTtlMs), String(snapshotEvery)], {
      cwd: root,
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const node: NodeProcess = { name, child, replies: [], alive: true, stderr: '' };
    child.stdin.on('error', () => {}); // writes to a killed node
    child.stderr.on('data', (chunk: Buffer) => (node.stderr = (node.stderr + chunk.toString()).slice(-4_000)));
    createInterface({ input: child.stdout }).on('line', (text) => {
      let reply: Reply;
      try {
        reply = JSON.parse(text) as Reply;
      } catch {
        // The last line of a node killed while writing it (a long line is written in several pieces).
        return;
      }
      this.#onReply(node, reply);
    });
    child.on('close', () => {
      node.alive = false;
      if (this.owner?.node === node) this.owner = undefined;
    });
    this.nodes.push(node);
    return node;
  }

  send(node: NodeProcess, request: Request): void {
    if (node.alive) node.child.stdin.write(`${JSON.stringify(request)}\n`);
  }

  /** Resolves with the first reply matching `test`, from any node; rejects after `timeoutMs`. */
  waitFor<R extends Reply>(test: (node: NodeProcess, reply: Reply) => reply is R, timeoutMs: number, what: string): Promise<{ node: NodeProcess; reply: R; at: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(listener);
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (node: NodeProcess, reply: Reply) => {
        if (!test(node, reply)) return;
        clearTimeout(timer);
        this.#listeners.delete(listener);
        resolve({ node, reply, at: Date.now() });
      };
      this.#listeners.add(listener);
    });
  }

  waitForOwner(afterEpoch: number, timeoutMs: number) {
    return this.waitFor((_n, r): r is Extract<Reply, { k: 'owner' }> => r.k === 'owner' && r.epoch > afterEpoch, timeoutMs, `owner after epoch ${afterEpoch}`);
  }

  #onReply(node: NodeProcess, reply: Reply): void {
    const at = Date.now();
    node.replies.push({ at, reply });
    if (reply.k === 'owner') {
      this.owner = { node, epoch: reply.epoch, at };
      this.owners.push({ node: node.name, epoch: reply.epoch, at, recoveryMs: reply.recoveryMs, recovered: reply.recovered });
      this.checkDump(`recovered by ${node.name} at epoch ${reply.epoch}`, reply.recovered);
      this.#absorbRecovered(reply.recovered);
    } else if (reply.k === 'stepped-down') {
      this.tally.steppedDown++;
      if (this.owner?.node === node) this.owner = undefined;
    } else if (reply.k === 'ack') {
      this.#absorbAck(node, reply, at);
    } else if (reply.k === 'nack') {
      this.tally.nacked++;
      this.#sent.delete(reply.id);
    } else if (reply.k === 'ev') {
      this.#absorbEvent(reply.epoch, reply.e);
    }
    for (const listener of [...this.#listeners]) listener(node, reply);
  }

  #absorbRecovered(dump: Dump): void {
    // The new owner's view is the truth now: pending offers and active chats as it recovered them.
    this.offers.clear();
    this.active.clear();
    for (const agent of Object.values(dump.agents)) {
      for (const offer of agent.offers) this.offers.set(offer.id, { chatId: offer.chatId, agentId: offer.agentId, epoch: 0, expiresAt: offer.expiresAt });
      for (const chatId of agent.chats) this.active.set(chatId, agent.id);
    }
    for (const chatId of Object.keys(dump.chats)) {
      if (!this.chats.has(chatId)) {
        this.started.push(chatId);
        this.chats.set(chatId, { closed: false, left: false, taken: false, messages: new Set() });
      }
    }
  }

  #absorbEvent(epoch: number, e: Extract<Reply, { k: 'ev' }>['e']): void {
    this.published.push(e);
    if (e.type === 'offer.created') this.offers.set(e.offer.id, { chatId: e.chatId, agentId: e.agentId, epoch, expiresAt: e.offer.expiresAt });
    else if ('offerId' in e) {
      const offer = this.offers.get(e.offerId);
      if (e.type === 'offer.expired') {
        this.tally.offersExpired++;
        // Created under an earlier owner, expired under this one: a deadline that survived a failover.
        if (offer !== undefined && offer.epoch < epoch) this.tally.expiredAfterTakeover++;
      }
      this.offers.delete(e.offerId);
    }
    if (e.type === 'chat.assigned') this.active.set(e.chatId, e.agentId);
    if (e.type === 'chat.closed' || e.type === 'chat.abandoned') this.active.delete(e.chatId);
  }

  #absorbAck(node: NodeProcess, reply: Extract<Reply, { k: 'ack' }>, at: number): void {
    const request = this.#sent.get(reply.id);
    this.#sent.delete(reply.id);
    if (request === undefined) return;
    this.tally.acked++;
    const { cmd } = request;
    this.acks.push({ id: reply.id, epoch: reply.epoch, node: node.name, at, cmd, r: reply.r });
    if (!reply.r.ok) return;
    const chatId = cmd.type === 'chat.start' ? (reply.r.chatId as string) : (cmd.chatId as string | undefined);
    if (chatId === undefined) return;
    if (cmd.type === 'chat.start') {
      if (this.chats.has(chatId)) this.failures.push(`chat.start acknowledged ${chatId} a second time`);
      this.started.push(chatId);
      this.chats.set(chatId, { closed: false, left: false, taken: false, messages: new Set() });
    }
    const chat = this.chats.get(chatId);
    if (chat === undefined) return;
    if (cmd.type === 'message.send') chat.messages.add(reply.r.messageId as string);
    if (cmd.type === 'chat.close') chat.closed = true;
    if (cmd.type === 'customer.leave') chat.left = true;
    if (cmd.type === 'offer.accept') chat.taken = true;
  }

  /** A plausible next command from what acks and events showed (many succeed, some are refused: fine). */
  nextCommand(): Record<string, unknown> & { type: string } {
    const random = this.random;
    const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[Math.floor(random() * items.length)]);
    const id = this.#nextId;
    const roll = random();
    const agentId = (pick(agents) as (typeof agents)[number]).id;
    const offer = pick([...this.offers.values()]);
    const active = pick([...this.active.entries()]);
    if (roll < 0.2) return { type: 'chat.start', queueId: random() < 0.6 ? 'sales' : 'support', customer: { name: `Customer ${id}`, contactId: `c-${id % 5}` } };
    if (roll < 0.3) return { type: 'agent.login', agentId };
    if (roll < 0.35) return { type: 'agent.resume', agentId };
    if (roll < 0.55 && offer !== undefined) return { type: random() < 0.85 ? 'offer.accept' : 'offer.reject', agentId: offer.agentId, chatId: offer.chatId };
    if (roll < 0.72 && active !== undefined) return { type: 'message.send', chatId: active[0], from: { kind: 'customer' }, text: `m-${id}` };
    if (roll < 0.8 && active !== undefined) return { type: 'message.send', chatId: active[0], from: { kind: 'agent', agentId: active[1] }, text: `a-${id}` };
    if (roll < 0.86 && active !== undefined) return { type: 'chat.setStatus', agentId: active[1], chatId: active[0], status: 'resolved' };
    if (roll < 0.93 && active !== undefined) return { type: 'chat.close', agentId: active[1], chatId: active[0] };
    const any = pick(this.started);
    if (roll < 0.95 && any !== undefined) return { type: 'customer.leave', chatId: any };
    if (roll < 0.97) return { type: 'agent.pause', agentId, reason: 'coffee', paid: true };
    return { type: 'agent.login', agentId };
  }

  /** Sends the next command to the owner (if one is known). */
  step(): void {
    const owner = this.owner;
    if (owner === undefined || !owner.node.alive) return;
    const cmd = this.nextCommand(); // names its customer and texts after the id it is about to get
    const request = { k: 'cmd' as const, id: this.#nextId++, cmd };
    this.#sent.set(request.id, request);
    this.tally.sent++;
    this.send(owner.node, request);
  }

  /** Runs the workload for `ms`, a command every few milliseconds. */
  async load(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      this.step();
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.floor(this.random() * 6)));
    }
  }

  /** Agents and chats agree; nobody over capacity; no chat with two owners; every acknowledged effect is there. */
  checkDump(what: string, dump: Dump): void {
    const say = (m: string) => this.failures.push(`${what}: ${m}`);
    const holders = new Map<string, string>();
    for (const agent of Object.values(dump.agents)) {
      if (agent.slotsUsed > agent.capacity) say(`${agent.id} uses ${agent.slotsUsed} of ${agent.capacity} slots`);
      for (const chatId of agent.chats) {
        const view = dump.chats[chatId]?.view;
        if (holders.has(chatId) && !view?.participants.some((p) => p.agentId === holders.get(chatId))) say(`${chatId} held by ${holders.get(chatId)} and ${agent.id}`);
        holders.set(chatId, agent.id);
        if (view === undefined || !view.participants.some((p) => p.agentId === agent.id)) say(`${agent.id} holds ${chatId}, which does not have it`);
      }
    }
    for (const [chatId, { view, messages }] of Object.entries(dump.chats)) {
      if (['active', 'closing'].includes(view.state)) {
        for (const p of view.participants) if (!dump.agents[p.agentId]?.chats.includes(chatId)) say(`${chatId} has ${p.agentId}, whose view lacks it`);
      }
      if (new Set(messages.map((m) => m[0])).size !== messages.length) say(`${chatId} has a message twice`);
    }
    for (const [chatId, expected] of this.chats) {
      const found = dump.chats[chatId];
      if (found === undefined) {
        say(`acknowledged chat ${chatId} is lost`);
        continue;
      }
      const ids = new Set(found.messages.map((m) => m[0]));
      for (const id of expected.messages) if (!ids.has(id)) say(`acknowledged message ${id} of ${chatId} is lost`);
      if (expected.closed && found.view.state !== 'closed') say(`acknowledged close of ${chatId}, but it is ${found.view.state}`);
      if (expected.left && !['abandoned', 'closing', 'closed'].includes(found.view.state)) say(`acknowledged leave of ${chatId}, but it is ${found.view.state}`);
      if (expected.taken && !['active', 'closing', 'closed'].includes(found.view.state)) say(`acknowledged accept of ${chatId}, but it is ${found.view.state}`);
    }
  }

  /** Kills every node still running. */
  killAll(): void {
    for (const node of this.nodes) {
      if (!node.alive) continue;
      node.child.kill('SIGCONT');
      node.child.kill('SIGKILL');
    }
  }
}
