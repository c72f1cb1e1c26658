/**
 * The PostgreSQL store and the worker queue, against a real server: BRIEFLY_TEST_PG_URL or
 * postgres://postgres@127.0.0.1:5432/test. Each test uses its own schema and drops it at the end;
 * without a reachable server the tests are skipped with a message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { explain } from '../explain.js';
import { projectRoot } from '../data/paths.js';
import { generateArticles, syndicatedCopy, type FixtureArticle } from '../../test/corpus/fixtures.js';
import { openPostgresStore, type ClaimedJob } from './postgres.js';
import { prepareArticle, type PreparedArticle } from './rows.js';
import { openSqliteStore } from './sqlite.js';
import { runWorker } from './worker.js';
import type { Explainer } from './ingest/explain-pool.js';
import { prepareRecord } from './ingest/ingest.js';
import type { ArticleRecord } from './ingest/records.js';
import type { NewArticle, StoreOutcome } from './types.js';

const PG_URL = process.env.BRIEFLY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BIN = path.join(projectRoot(), 'bin', 'briefly.js');

async function serverReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    return `no PostgreSQL server reachable at ${PG_URL} (${(e as Error).message}); set BRIEFLY_TEST_PG_URL or start one`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const skipReason = await serverReachable();
if (skipReason !== null) console.log(`# skipping PostgreSQL tests: ${skipReason}`);

function schemaName(tag: string): string {
  return `briefly_test_${tag}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

function toNew(a: FixtureArticle, key = `t:${a.id}`): NewArticle {
  const brief = explain(a.text, { referenceDate: a.publishedAt });
  return { key, source: a.source, url: a.url, title: a.title, publishedAt: a.publishedAt, brief };
}

test('PostgreSQL store: same model as SQLite (duplicates, search, people, entity, quotes, export)', { skip: skipReason ?? false }, async () => {
  const schema = schemaName('model');
  const store = await openPostgresStore(PG_URL, { pgSchema: schema });
  try {
    const arts = generateArticles(10, 13);
    const ids: string[] = [];
    for (const a of arts) {
      const o = await store.addArticle(toNew(a));
      assert.equal(o.status, 'ingested');
      ids.push(o.id as string);
    }
    assert.equal((await store.addArticle(toNew(arts[0]!))).status, 'exists');
    assert.equal((await store.addArticle(toNew(arts[1]!, 'other'))).status, 'duplicate');
    assert.equal((await store.addArticle(toNew(syndicatedCopy(arts[2]!)))).status, 'near-duplicate');
    const stats = await store.stats();
    assert.equal(stats.articles, 10);
    assert.equal(stats.duplicates, 2);
    assert.deepEqual((await store.getArticle(ids[3]!))?.brief, toNew(arts[3]!).brief);
    const found = await store.searchArticles({ q: arts[4]!.title });
    assert.equal(found.items[0]?.id, ids[4]);
    assert.ok(found.items[0]?.snippet?.includes('«'));
    assert.equal((await store.searchArticles({ outlet: arts[4]!.source, limit: 100 })).total, arts.filter((a) => a.source === arts[4]!.source).length);
    const people = await store.listPeople({ limit: 5 });
    const top = people.items[0]!;
    const entity = await store.getEntity(top.name);
    assert.equal(entity?.articles, top.articles);
    assert.equal((await store.quotesBySpeaker({ speaker: top.name })).total, top.quotes);
    const graph = await store.graph({ from: '2024-01', to: '2024-12' });
    assert.ok(graph.nodes.length > 0);
    let rows = 0;
    for await (const _ of store.exportRows('entities')) rows++;
    assert.ok(rows >= stats.entities);
  } finally {
    await store.close();
    await dropSchema(schema);
  }
});

function runBriefly(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, stderr: r.stderr };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

test('workers: a worker killed mid-run and a job held by a dead worker are retaken; every article stored exactly once', { skip: skipReason ?? false }, async () => {
  const schema = schemaName('workers');
  const db = `${PG_URL}?schema=${schema}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-pgw-'));
  const total = 40;
  try {
    const arts = generateArticles(total, 55);
    const file = path.join(dir, 'jobs.jsonl');
    writeFileSync(file, `${arts.map((a) => JSON.stringify({ id: a.id, text: a.text, publishedAt: a.publishedAt })).join('\n')}\n`);
    const enq = runBriefly(['ingest', file, '--db', db, '--enqueue-only', '--quiet']);
    assert.equal(enq.status, 0, enq.stderr);
    assert.match(enq.stderr, new RegExp(`queued ${total} new jobs`));

    const store = await openPostgresStore(PG_URL, { pgSchema: schema });
    try {
      // A worker that dies holding a job: claimed here under a made-up id, never finished.
      const ghost = await store.claim('ghost-worker', 1);
      assert.ok(ghost);

      // A real worker, killed with SIGKILL after it has stored a few articles.
      const w1 = spawn(process.execPath, [BIN, 'worker', '--db', db, '--lease', '2'], { stdio: 'ignore' });
      const w1exit = exitOf(w1);
      const deadline = Date.now() + 120_000;
      while ((await store.stats()).articles < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      w1.kill('SIGKILL');
      await w1exit;
      const afterKill = await store.queueStatus();
      assert.ok(afterKill.done >= 5 && afterKill.done < total, JSON.stringify(afterKill));

      // Two workers finish the queue, including the expired leases of the dead ones.
      const w2 = spawn(process.execPath, [BIN, 'worker', '--db', db, '--lease', '2'], { stdio: 'ignore' });
      const w3 = spawn(process.execPath, [BIN, 'worker', '--db', db, '--lease', '2'], { stdio: 'ignore' });
      const codes = await Promise.all([exitOf(w2), exitOf(w3)]);
      assert.deepEqual(codes, [0, 0]);

      const q = await store.queueStatus();
      assert.deepEqual(q, { pending: 0, running: 0, done: total, failed: 0 });
      const stats = await store.stats();
      assert.equal(stats.articles, total);
      assert.equal(stats.duplicates, 0);
      const r = await store.pool.query(`SELECT count(DISTINCT ingest_key) AS keys, (SELECT attempts FROM "${schema}".jobs WHERE id = $1) AS ghost_attempts,
        (SELECT outcome FROM "${schema}".jobs WHERE id = $1) AS ghost_outcome FROM "${schema}".articles`, [ghost.id]);
      assert.equal(Number(r.rows[0].keys), total);
      assert.ok(Number(r.rows[0].ghost_attempts) >= 2);
      assert.equal(r.rows[0].ghost_outcome, 'ingested');
      // The dead worker can no longer complete its job.
      assert.equal(await store.completeJob(ghost.id, 'ghost-worker', { failure: { code: 'X', message: 'late' } }), null);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  }
});

test('a batch written at once decides duplicates as articles written one after another do (PostgreSQL and SQLite)', { skip: skipReason ?? false }, async () => {
  const schema = schemaName('batch');
  const store = await openPostgresStore(PG_URL, { pgSchema: schema });
  const dir = mkdtempSync(path.join(tmpdir(), 'briefly-batch-'));
  const batchDb = openSqliteStore(path.join(dir, 'batch.db'));
  const oneByOne = openSqliteStore(path.join(dir, 'one.db'));
  try {
    const arts = generateArticles(4, 91);
    const prep = (a: FixtureArticle, key: string): PreparedArticle => prepareArticle(toNew(a, key), { nearDuplicates: true });
    const batch = [
      prep(arts[0]!, 'b:0'),
      prep(arts[1]!, 'b:1'),
      prep({ ...arts[0]!, text: arts[0]!.text.replace(/\n\n/g, '\n\n\n') }, 'b:copy-of-0'), // same text, re-wrapped
      prep(syndicatedCopy(arts[1]!), 'b:syndicated-1'),
      prep(arts[0]!, 'b:0'), // the same key again
      prep(arts[2]!, 'b:2'),
    ];
    const expected = [
      { status: 'ingested', id: batch[0]!.id },
      { status: 'ingested', id: batch[1]!.id },
      { status: 'duplicate', id: batch[2]!.id, duplicateOf: batch[0]!.id },
      { status: 'near-duplicate', id: batch[3]!.id, duplicateOf: batch[1]!.id },
      { status: 'exists', id: batch[0]!.id },
      { status: 'ingested', id: batch[5]!.id },
    ];
    const strip = (os: StoreOutcome[]): unknown[] => os.map((o) => ('similarity' in o ? { ...o, similarity: undefined } : o)).map((o) => JSON.parse(JSON.stringify(o)));
    assert.deepEqual(strip(await store.addPrepared(batch)), expected);
    assert.deepEqual(strip(await batchDb.addPrepared(batch)), expected);
    const sequential: StoreOutcome[] = [];
    for (const p of batch) sequential.push(...(await oneByOne.addPrepared([p])));
    assert.deepEqual(strip(sequential), expected);
    // The same rows in both engines, and counters that match them.
    assert.deepEqual(await store.stats(), await batchDb.stats());
    assert.deepEqual(await store.stats(), await oneByOne.stats());
    const r = (await store.pool.query(`SELECT (SELECT sum(article_count) FROM "${schema}".entities) AS counted, (SELECT count(*) FROM "${schema}".article_entities) AS rows,
      (SELECT sum(quote_count) FROM "${schema}".entities) AS quoted, (SELECT count(*) FROM "${schema}".quotes WHERE speaker_eid IS NOT NULL) AS attributed,
      (SELECT count(*) FROM "${schema}".lsh) AS buckets`)).rows[0];
    assert.equal(Number(r.counted), Number(r.rows));
    assert.equal(Number(r.quoted), Number(r.attributed));
    assert.equal(Number(r.buckets), 3 * 16);
    const top = (await store.listPeople({ limit: 1 })).items[0]!;
    assert.deepEqual((await batchDb.listPeople({ limit: 1 })).items[0], top);
    // Written again: every key is known.
    assert.deepEqual((await store.addPrepared(batch)).map((o) => o.status), batch.map(() => 'exists'));
    assert.deepEqual((await batchDb.addPrepared(batch)).map((o) => o.status), batch.map(() => 'exists'));
  } finally {
    await store.close();
    await batchDb.close();
    await oneByOne.close();
    rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  }
});

/** An explainer that takes `ms` per record (a slow article), then explains it for real. */
function slowExplainer(ms: number): Explainer {
  return {
    threads: 1,
    run: async (rec) => {
      await new Promise((r) => setTimeout(r, ms));
      return prepareRecord(rec, { nearDuplicates: true });
    },
    close: async () => undefined,
  };
}

function jobRecord(a: FixtureArticle, key: string): ArticleRecord {
  return { kind: 'article', key, origin: key, format: 'text', content: a.text, url: null, source: a.source, title: a.title, publishedAt: a.publishedAt };
}

test('workers: the heartbeat keeps a job whose article takes longer than the lease; without it another worker takes the job', { skip: skipReason ?? false }, async () => {
  const schema = schemaName('lease');
  const store = await openPostgresStore(PG_URL, { pgSchema: schema });
  try {
    const [a, b] = generateArticles(2, 93);
    /** Wait until `worker` has claimed a job (the other claimers start only then). */
    const heldBy = async (worker: string): Promise<void> => {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const r = await store.pool.query(`SELECT count(*) AS n FROM "${schema}".jobs WHERE worker = $1 AND state = 'running'`, [worker]);
        if (Number(r.rows[0].n) > 0) return;
        await new Promise((res) => setTimeout(res, 20));
      }
      throw new Error(`${worker} claimed nothing in 30 s`);
    };
    // 2.5 s to explain, a 1 s lease renewed every third of a second: no other worker can claim the job meanwhile.
    assert.equal(await store.enqueue([jobRecord(a!, 'slow:1')]), 1);
    const slow = runWorker(store, { workerId: 'slow', leaseSeconds: 1, prefetch: 1, explainer: slowExplainer(2500) });
    await heldBy('slow');
    const taken: number[] = [];
    const until = Date.now() + 2000;
    while (Date.now() < until) {
      taken.push(...(await store.claimBatch('other', 60, 5)).map((j) => j.id));
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(taken, [], 'no other worker claimed the slow job');
    const summary = await slow;
    assert.equal(summary.ingested, 1);
    const job = (await store.pool.query(`SELECT state, attempts, worker, outcome FROM "${schema}".jobs WHERE ingest_key = 'slow:1'`)).rows[0];
    assert.deepEqual({ ...job }, { state: 'done', attempts: 1, worker: 'slow', outcome: 'ingested' });

    // Control: the same without renewals. The lease runs out, another worker takes the job, and the slow worker's write is refused.
    assert.equal(await store.enqueue([jobRecord(b!, 'slow:2')]), 1);
    const unrenewed = runWorker(store, { workerId: 'unrenewed', leaseSeconds: 1, prefetch: 1, heartbeatMs: 600_000, explainer: slowExplainer(2500) });
    await heldBy('unrenewed');
    let stolen: ClaimedJob | null = null;
    const deadline = Date.now() + 2300;
    while (stolen === null && Date.now() < deadline) {
      stolen = (await store.claimBatch('thief', 60, 1))[0] ?? null;
      if (stolen === null) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(stolen, 'the unrenewed lease expired and the job was taken');
    const done = await store.completeJobs('thief', [{ jobId: stolen.id, result: await prepareRecord(stolen.record, { nearDuplicates: true }) }]);
    assert.equal(done.get(stolen.id)?.status, 'ingested');
    const late = await unrenewed;
    assert.equal(late.ingested, 0, 'the worker that lost its lease wrote nothing');
    assert.equal((await store.stats()).articles, 2);
    assert.deepEqual(await store.queueStatus(), { pending: 0, running: 0, done: 2, failed: 0 });
  } finally {
    await store.close();
    await dropSchema(schema);
  }
});
