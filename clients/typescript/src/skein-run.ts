#!/usr/bin/env node
/**
 * Start a Skein pipeline from TypeScript, follow it while it runs and print its result.
 *
 * Skein's workflows are plain Temporal workflows, so any Temporal SDK can drive them; this one uses
 * the TypeScript SDK (@temporalio/client) and nothing of Skein's:
 *
 *     node dist/skein-run.js examples/hello.yaml -i who=typescript --address localhost:7233
 *
 * It starts workflow type `AgentPipeline` on task queue `skein` with the input
 * `{"pipeline": <the file as JSON>, "inputs": {...}}`, polls the lean `progress` query and prints
 * each step as it reaches a final status, then prints the run result. A run that fails ends with
 * an ApplicationFailure whose details hold the run result, so a failed run prints the same table as
 * a successful one; a cancelled run's end carries no details, so the client asks the closed run
 * (the progress query answers after the end, too).
 *
 * Exit codes follow `skein run`: 0 succeeded, 1 failed or cancelled, 2 bad input (nothing
 * started, or the workflow rejected the pipeline), 3 the Temporal service could not be reached.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { ApplicationFailure, CancelledFailure, Client, Connection, WorkflowFailedError } from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import YAML from 'yaml';

const WORKFLOW_TYPE = 'AgentPipeline';
const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);
// How much of an inline output the result table shows; --json prints everything.
const SHOWN_CHARS = 300;
const SHOWN_TASKS = 5;

/** The run result, the `progress` query's answer and the failure details all have this shape. */
interface RunResult {
  workflow_id: string;
  status: string;
  error?: ErrorInfo | null;
  steps: StepRecord[];
  usage?: Usage;
  resumed_from?: { workflow_id: string; run_id?: string };
}
/** What a step's agents spent, when they reported it. */
interface Usage {
  input_tokens: number;
  output_tokens: number;
  cached_tokens?: number;
  cost_usd?: number;
}
interface ErrorInfo {
  type: string;
  message: string;
}
interface OutputRef {
  driver: string;
  claim: Record<string, string>;
  size_bytes: number;
  sha256: string;
  preview?: string;
}
interface TaskCounts {
  total: number;
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}
interface TaskRecord {
  index: number;
  status: string;
  output?: string | null;
  output_ref?: OutputRef;
  error?: ErrorInfo | null;
}
interface StepRecord {
  id: string;
  status: string;
  attempts: number;
  output?: string | null;
  output_ref?: OutputRef;
  join?: { mode: string; branches: string[] };
  error?: ErrorInfo | null;
  reason?: string;
  task_counts?: TaskCounts;
  tasks?: TaskRecord[];
  usage?: Usage;
  reused_from?: string;
  reused_tasks?: number;
}

/** The optional argument of the `progress` query; without it the answer is lean. */
interface ProgressQuery {
  outputs: boolean;
  tasks: boolean;
}

class BadInput extends Error {}

interface Options {
  file: string;
  inputs: Record<string, unknown>;
  address: string;
  namespace: string;
  taskQueue: string;
  id?: string;
  pollMs: number;
  storageDir?: string;
  resumeFrom?: string;
  json: boolean;
}

const USAGE = `usage: skein-run FILE [-i KEY=VALUE]... [--address HOST:PORT] [--namespace NS]
                 [--task-queue Q] [--id ID] [--poll SECONDS] [--storage-dir DIR]
                 [--resume-from ID] [--json]
Start a Skein pipeline (YAML or JSON) on Temporal and follow it.
  -i, --input KEY=VALUE  a run input; VALUE is read as YAML (42, true, [a, b]), else as text
  --address              the Temporal frontend (default: $TEMPORAL_ADDRESS or localhost:7233)
  --namespace            default: $TEMPORAL_NAMESPACE or default
  --task-queue           the workers' queue (skein)
  --id                   the workflow id (default: <pipeline name>-<random>)
  --poll                 seconds between progress queries (0.5)
  --storage-dir          the workers' fs store (skein worker --storage-dir): read stored outputs
                         back instead of printing their preview
  --resume-from ID       retry that run: reuse what succeeded in it, run the rest
  --json                 print the run result alone as JSON on stdout (progress goes to stderr)`;

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        input: { type: 'string', short: 'i', multiple: true, default: [] },
        address: { type: 'string', default: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' },
        namespace: { type: 'string', default: process.env.TEMPORAL_NAMESPACE ?? 'default' },
        'task-queue': { type: 'string', default: 'skein' },
        id: { type: 'string' },
        poll: { type: 'string', default: '0.5' },
        'storage-dir': { type: 'string' },
        'resume-from': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new BadInput(`${(e as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) {
    throw new BadInput(`expected one pipeline file\n${USAGE}`);
  }
  const poll = Number(values.poll);
  if (!(poll > 0)) {
    throw new BadInput(`--poll ${values.poll}: expected a number of seconds`);
  }
  return {
    file: positionals[0],
    inputs: parseInputs(values.input),
    address: values.address,
    namespace: values.namespace,
    taskQueue: values['task-queue'],
    id: values.id,
    pollMs: poll * 1000,
    storageDir: values['storage-dir'],
    resumeFrom: values['resume-from'],
    json: values.json,
  };
}

function parseInputs(pairs: string[]): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new BadInput(`-i ${pair}: expected KEY=VALUE`);
    }
    const value = pair.slice(at + 1);
    try {
      inputs[pair.slice(0, at)] = value === '' ? '' : YAML.parse(value);
    } catch {
      inputs[pair.slice(0, at)] = value;
    }
  }
  return inputs;
}

function loadPipeline(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BadInput(`cannot read ${path}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text); // JSON is YAML too
  } catch (e) {
    throw new BadInput(`${path} is not YAML or JSON: ${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new BadInput(`${path} does not hold a pipeline (a mapping with name and steps)`);
  }
  return doc as Record<string, unknown>;
}

function shorten(text: string, limit = SHOWN_CHARS): string {
  const flat = text.replace(/\n/g, ' ');
  return flat.length <= limit ? flat : `${flat.slice(0, limit)}... (${flat.length} chars)`;
}

/** An output the worker stored outside Temporal's history: only its reference is here. */
function describeRef(ref: OutputRef): string {
  const claim = ref.claim ?? {};
  let where = claim.key ?? claim.path ?? JSON.stringify(claim);
  if (claim.bucket) {
    where = `${claim.bucket}/${where}`;
  }
  return (
    `stored outside history (${ref.driver}:${where}, ${ref.size_bytes} bytes);` +
    ` preview: ${JSON.stringify(shorten(ref.preview ?? '', 80))}`
  );
}

/**
 * Reads outputs back from the workers' fs store, as Skein's Java client does: the fs driver keeps
 * each stored output as a serialized Temporal Payload at the claim's path under the store
 * directory, named by the SHA-256 of those bytes.
 */
class Store {
  private readonly root: string;

  constructor(root: string) {
    this.root = realpathSync(root);
  }

  read(ref: OutputRef): string {
    const claim = ref.claim ?? {};
    if (ref.driver !== 'skein-fs' || !claim.path) {
      throw new Error(`not in an fs store: ${ref.driver}`);
    }
    const file = realpathSync(join(this.root, claim.path));
    if (!file.startsWith(this.root + sep)) {
      throw new Error(`${claim.path} points outside the store`);
    }
    const data = readFileSync(file);
    if (createHash('sha256').update(data).digest('hex') !== (claim.sha256 ?? ref.sha256)) {
      throw new Error(`${file} is corrupt (digest mismatch)`);
    }
    const payload = proto.temporal.api.common.v1.Payload.decode(data);
    return payload.data && payload.data.length > 0 ? JSON.parse(Buffer.from(payload.data).toString('utf8')) : '';
  }
}

function storedText(ref: OutputRef, store?: Store): string {
  if (!store) {
    return `output ${describeRef(ref)}`;
  }
  try {
    return `output (read back from the store): ${JSON.stringify(shorten(store.read(ref)))}`;
  } catch (e) {
    return `output ${describeRef(ref)}; cannot read it back: ${(e as Error).message}`;
  }
}

function describeCounts(counts: TaskCounts): string {
  const parts = (['succeeded', 'failed', 'cancelled', 'running', 'pending'] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${k}`);
  return `${counts.total} tasks: ${parts.join(', ') || 'none yet'}`;
}

/** `1.3k tokens, $0.0068`, as `skein status` shortens them; empty without usage. */
function describeUsage(usage?: Usage): string {
  if (!usage) return '';
  const tokens = (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0);
  let text =
    tokens < 1000
      ? `${tokens} tokens`
      : tokens < 1_000_000
        ? `${(tokens / 1000).toFixed(1)}k tokens`
        : `${(tokens / 1_000_000).toFixed(1)}M tokens`;
  if (usage.cost_usd !== undefined && usage.cost_usd !== null) {
    text += usage.cost_usd >= 100 ? `, $${usage.cost_usd.toFixed(0)}` : `, $${usage.cost_usd.toFixed(4)}`;
  }
  return text;
}

/** One finished step, as the lean progress query (or the result) has it. */
function stepLine(step: StepRecord): string {
  let line = `step ${step.id}: ${step.status}`;
  if (step.reused_from) line += ` (reused from ${step.reused_from})`;
  if (step.attempts > 1) line += ` after ${step.attempts} attempts`;
  if (step.task_counts) line += ` (${describeCounts(step.task_counts)})`;
  if (step.reused_tasks) line += ` (${step.reused_tasks} reused)`;
  if (step.usage) line += ` [${describeUsage(step.usage)}]`;
  if (step.reason) line += ` (${step.reason})`;
  if (step.error) line += `: ${step.error.message}`;
  return line;
}

/** Prints each step once, when it first shows a final status. */
class Follower {
  private readonly printed = new Set<string>();

  constructor(private readonly out: NodeJS.WriteStream) {}

  report(run: RunResult): void {
    for (const step of run.steps ?? []) {
      if (FINAL.has(step.status) && !this.printed.has(step.id)) {
        this.printed.add(step.id);
        this.out.write(stepLine(step) + '\n');
      }
    }
  }
}

function printResult(run: RunResult, store?: Store): void {
  const lines = [`run ${run.workflow_id}: ${run.status}`];
  if (run.resumed_from) lines.push(`  retry of ${run.resumed_from.workflow_id}`);
  if (run.usage) lines.push(`  spent ${describeUsage(run.usage)}`);
  if (run.error) lines.push(`  error (${run.error.type}): ${run.error.message}`);
  for (const step of run.steps ?? []) {
    const head = `  ${step.id} [${step.status}]` + (step.reused_from ? ` (reused from ${step.reused_from})` : '');
    if (step.output_ref) {
      lines.push(`${head} ${storedText(step.output_ref, store)}`);
    } else if (step.output !== null && step.output !== undefined) {
      lines.push(`${head} output: ${JSON.stringify(shorten(step.output))}`);
    } else if (step.join) {
      lines.push(`${head} join (${step.join.mode}) of ${step.join.branches.join(', ')}, made of their outputs`);
    } else if (step.task_counts) {
      lines.push(`${head} fan-out, ${describeCounts(step.task_counts)}`);
    } else if (step.error) {
      lines.push(`${head} ${step.error.message}`);
    } else {
      lines.push(head + (step.reason ? ` (${step.reason})` : ''));
    }
    const tasks = step.tasks ?? [];
    for (const task of tasks.slice(0, SHOWN_TASKS)) {
      const text = task.output_ref
        ? storedText(task.output_ref, store)
        : task.output !== null && task.output !== undefined
          ? `output: ${JSON.stringify(shorten(task.output))}`
          : (task.error?.message ?? '');
      lines.push(`    task ${task.index} [${task.status}] ${text}`);
    }
    if (tasks.length > SHOWN_TASKS) lines.push(`    ... and ${tasks.length - SHOWN_TASKS} more tasks`);
  }
  console.log(lines.join('\n'));
}

/** Polls the lean progress query until the run ends, then returns its result. */
async function follow(handle: WorkflowHandle, follower: Follower, pollMs: number): Promise<RunResult> {
  let done = false;
  const result = handle.result().finally(() => {
    done = true;
  });
  result.catch(() => undefined); // handled below; keeps Node from calling it unhandled meanwhile
  while (!done) {
    try {
      follower.report(await handle.query<RunResult>('progress'));
    } catch {
      // a query can miss while no worker holds the run; the result decides
    }
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, pollMs))]);
  }
  try {
    return (await result) as RunResult;
  } catch (e) {
    if (!(e instanceof WorkflowFailedError)) throw e;
    const cause = e.cause;
    // A failed run ends with an ApplicationFailure whose details are the run result.
    if (cause instanceof ApplicationFailure && cause.details?.length) {
      return cause.details[0] as RunResult;
    }
    // A cancelled run's end carries no details (the SDKs drop them), and a terminated or timed-out
    // one has none: the closed run still answers the progress query.
    const status = cause instanceof CancelledFailure ? 'cancelled' : 'failed';
    let run: RunResult;
    try {
      run = await handle.query<RunResult, [ProgressQuery]>('progress', { outputs: true, tasks: true });
    } catch {
      run = { workflow_id: handle.workflowId, status: 'running', steps: [] };
    }
    if (!run.status || run.status === 'running') {
      run = { ...run, status, error: { type: cause?.name ?? 'WorkflowFailed', message: cause?.message ?? e.message } };
    }
    return run;
  }
}

async function main(argv: string[]): Promise<number> {
  let options: Options;
  let pipeline: Record<string, unknown>;
  try {
    options = parseOptions(argv);
    pipeline = loadPipeline(options.file);
  } catch (e) {
    if (e instanceof BadInput) {
      console.error(`skein-run: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const progressOut = options.json ? process.stderr : process.stdout;
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: options.address, connectTimeout: '5s' });
  } catch (e) {
    console.error(`skein-run: cannot reach Temporal at ${options.address}: ${(e as Error).message}`);
    return 3;
  }
  try {
    const client = new Client({ connection, namespace: options.namespace });
    const name = String(pipeline.name ?? 'pipeline');
    // 64 random bits, as the Java client: two runs must never share an id.
    const workflowId = options.id ?? `${name}-${randomBytes(8).toString('hex')}`;
    const handle = await client.workflow.start(WORKFLOW_TYPE, {
      taskQueue: options.taskQueue,
      workflowId,
      args: [
        {
          pipeline,
          inputs: options.inputs,
          ...(options.resumeFrom ? { resume_from: { workflow_id: options.resumeFrom } } : {}),
        },
      ],
      staticSummary: `${name} (started from TypeScript)`,
    });
    progressOut.write(`started ${workflowId} on ${options.address}\n`);
    const follower = new Follower(progressOut);
    const run = await follow(handle, follower, options.pollMs);
    follower.report(run); // steps that finished after the last poll
    if (options.json) {
      console.log(JSON.stringify(run, null, 2));
    } else {
      printResult(run, options.storageDir ? new Store(options.storageDir) : undefined);
    }
    if (run.status === 'succeeded') return 0;
    return run.error?.type === 'InvalidPipeline' ? 2 : 1;
  } finally {
    await connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`skein-run: ${(e as Error).stack ?? e}`);
    process.exitCode = 1;
  },
);
