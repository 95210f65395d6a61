#!/usr/bin/env python3
"""Start a Skein pipeline from Python, follow it while it runs and print its result.

Skein's workflows are plain Temporal workflows, so any Temporal SDK can drive them; this one uses
the Python SDK (temporalio) and nothing of Skein's:

    python skein_run.py examples/hello.yaml -i who=python --address localhost:7233

It starts workflow type ``AgentPipeline`` on task queue ``skein`` with the input
``{"pipeline": <the file as JSON>, "inputs": {...}}``, polls the lean ``progress`` query and
prints each step as it reaches a final status, then prints the run result. A run that fails ends
with an ApplicationError whose details hold the run result, so a failed run prints the same table
as a successful one; a cancelled run's end carries no details, so the client asks the closed run
(the progress query answers after the end, too).

Exit codes follow ``skein run``: 0 succeeded, 1 failed or cancelled, 2 bad input (nothing
started, or the workflow rejected the pipeline), 3 the Temporal service could not be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import secrets
import sys
import traceback
from datetime import timedelta
from typing import Any

import yaml
from temporalio.api.common.v1 import Payload
from temporalio.client import Client, WorkflowFailureError, WorkflowHandle
from temporalio.exceptions import ApplicationError, CancelledError

WORKFLOW_TYPE = "AgentPipeline"
FINAL = ("succeeded", "failed", "cancelled", "skipped")
# How much of an inline output the result table shows; --json prints everything.
SHOWN_CHARS = 300
SHOWN_TASKS = 5


class BadInput(Exception):
    """The file or an input cannot be used: nothing was started."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Start a Skein pipeline (YAML or JSON) on Temporal and follow it."
    )
    parser.add_argument("file", help="the pipeline, a YAML or JSON file")
    parser.add_argument(
        "-i",
        "--input",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a run input; VALUE is read as YAML (42, true, [a, b]), else as text",
    )
    parser.add_argument(
        "--address",
        default=os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"),
        help="the Temporal frontend (default: $TEMPORAL_ADDRESS or localhost:7233)",
    )
    parser.add_argument(
        "--namespace",
        default=os.environ.get("TEMPORAL_NAMESPACE", "default"),
        help="default: $TEMPORAL_NAMESPACE or default",
    )
    parser.add_argument("--task-queue", default="skein", help="the workers' queue (skein)")
    parser.add_argument("--id", help="the workflow id (default: <pipeline name>-<random>)")
    parser.add_argument(
        "--poll", type=float, default=0.5, help="seconds between progress queries (0.5)"
    )
    parser.add_argument(
        "--storage-dir",
        help="the workers' fs store (skein worker --storage-dir): read stored outputs back"
        " instead of printing their preview",
    )
    parser.add_argument(
        "--resume-from",
        metavar="WORKFLOW_ID",
        help="retry that run: reuse what succeeded in it, run the rest (resume_from in the input)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the run result alone as JSON on stdout (progress goes to stderr)",
    )
    return parser.parse_args(argv)


def load_pipeline(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)  # JSON is YAML too
    except OSError as e:
        raise BadInput(f"cannot read {path}: {e.strerror}") from e
    except yaml.YAMLError as e:
        raise BadInput(f"{path} is not YAML or JSON: {e}") from e
    if not isinstance(doc, dict):
        raise BadInput(f"{path} does not hold a pipeline (a mapping with name and steps)")
    return doc


def parse_inputs(pairs: list[str]) -> dict[str, Any]:
    inputs: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise BadInput(f"-i {pair}: expected KEY=VALUE")
        try:
            inputs[key] = yaml.safe_load(value) if value else ""
        except yaml.YAMLError:
            inputs[key] = value
    return inputs


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} chars)"


def describe_ref(ref: dict[str, Any]) -> str:
    """An output the worker stored outside Temporal's history: only its reference is here."""
    claim = ref.get("claim") or {}
    where = claim.get("key") or claim.get("path") or json.dumps(claim)
    if claim.get("bucket"):
        where = f"{claim['bucket']}/{where}"
    return (
        f"stored outside history ({ref.get('driver')}:{where}, {ref.get('size_bytes')} bytes);"
        f" preview: {shorten(ref.get('preview') or '', 80)!r}"
    )


class Store:
    """Reads outputs back from the workers' fs store, as Skein's Java client does.

    The fs driver keeps each stored output as a serialized Temporal Payload at the claim's path
    under the store directory, named by the SHA-256 of those bytes.
    """

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)

    def read(self, ref: dict[str, Any]) -> str:
        claim = ref.get("claim") or {}
        if ref.get("driver") != "skein-fs" or "path" not in claim:
            raise ValueError(f"not in an fs store: {ref.get('driver')}")
        file = os.path.realpath(os.path.join(self.root, claim["path"]))
        if not file.startswith(self.root + os.sep):
            raise ValueError(f"{claim['path']} points outside the store")
        with open(file, "rb") as f:
            data = f.read()
        if hashlib.sha256(data).hexdigest() != claim.get("sha256", ref.get("sha256")):
            raise ValueError(f"{file} is corrupt (digest mismatch)")
        payload = Payload.FromString(data)
        return json.loads(payload.data) if payload.data else ""


def describe_counts(counts: dict[str, Any]) -> str:
    parts = [
        f"{counts[k]} {k}"
        for k in ("succeeded", "failed", "cancelled", "running", "pending")
        if counts.get(k)
    ]
    return f"{counts.get('total', 0)} tasks: " + (", ".join(parts) or "none yet")


def describe_usage(usage: dict[str, Any] | None) -> str:
    """`1.3k tokens, $0.0068`, as `skein status` shortens them; empty without usage."""
    if not usage:
        return ""
    tokens = usage.get("input_tokens", 0) + usage.get("output_tokens", 0)
    if tokens < 1000:
        text = f"{tokens} tokens"
    elif tokens < 1_000_000:
        text = f"{tokens / 1000:.1f}k tokens"
    else:
        text = f"{tokens / 1_000_000:.1f}M tokens"
    cost = usage.get("cost_usd")
    if cost is not None:
        text += f", ${cost:.0f}" if cost >= 100 else f", ${cost:.4f}"
    return text


def step_line(step: dict[str, Any]) -> str:
    """One finished step, as the lean progress query (or the result) has it."""
    line = f"step {step['id']}: {step['status']}"
    if step.get("reused_from"):
        line += f" (reused from {step['reused_from']})"
    if step.get("attempts", 0) > 1:
        line += f" after {step['attempts']} attempts"
    if step.get("task_counts"):
        line += f" ({describe_counts(step['task_counts'])})"
    if step.get("reused_tasks"):
        line += f" ({step['reused_tasks']} reused)"
    if step.get("usage"):
        line += f" [{describe_usage(step['usage'])}]"
    if step.get("reason"):
        line += f" ({step['reason']})"
    if step.get("error"):
        line += f": {step['error'].get('message')}"
    return line


class Follower:
    """Prints each step once, when it first shows a final status."""

    def __init__(self, out) -> None:
        self.out = out
        self.printed: set[str] = set()

    def report(self, run: dict[str, Any]) -> None:
        for step in run.get("steps") or []:
            if step["status"] in FINAL and step["id"] not in self.printed:
                self.printed.add(step["id"])
                print(step_line(step), file=self.out, flush=True)


def stored_text(ref: dict[str, Any], store: Store | None) -> str:
    if store is None:
        return f"output {describe_ref(ref)}"
    try:
        text = store.read(ref)
    except (OSError, ValueError) as e:
        return f"output {describe_ref(ref)}; cannot read it back: {e}"
    return f"output (read back from the store): {shorten(text)!r}"


def print_result(run: dict[str, Any], out, store: Store | None = None) -> None:
    print(f"run {run.get('workflow_id')}: {run.get('status')}", file=out)
    if run.get("resumed_from"):
        print(f"  retry of {run['resumed_from'].get('workflow_id')}", file=out)
    if run.get("usage"):
        print(f"  spent {describe_usage(run['usage'])}", file=out)
    if run.get("error"):
        error = run["error"]
        print(f"  error ({error.get('type')}): {error.get('message')}", file=out)
    for step in run.get("steps") or []:
        head = f"  {step['id']} [{step['status']}]"
        if step.get("reused_from"):
            head += f" (reused from {step['reused_from']})"
        if step.get("output_ref"):
            print(f"{head} {stored_text(step['output_ref'], store)}", file=out)
        elif step.get("output") is not None:
            print(f"{head} output: {shorten(step['output'])!r}", file=out)
        elif step.get("join"):
            join = step["join"]
            print(
                f"{head} join ({join.get('mode')}) of {', '.join(join.get('branches') or [])},"
                " made of their outputs",
                file=out,
            )
        elif step.get("task_counts"):
            print(f"{head} fan-out, {describe_counts(step['task_counts'])}", file=out)
        elif step.get("error"):
            print(f"{head} {step['error'].get('message')}", file=out)
        else:
            print(head + (f" ({step['reason']})" if step.get("reason") else ""), file=out)
        tasks = step.get("tasks") or []
        for task in tasks[:SHOWN_TASKS]:
            if task.get("output_ref"):
                text = stored_text(task["output_ref"], store)
            elif task.get("output") is not None:
                text = f"output: {shorten(task['output'])!r}"
            else:
                text = (task.get("error") or {}).get("message") or ""
            print(f"    task {task['index']} [{task['status']}] {text}", file=out)
        if len(tasks) > SHOWN_TASKS:
            print(f"    ... and {len(tasks) - SHOWN_TASKS} more tasks", file=out)


async def follow(handle: WorkflowHandle, follower: Follower, poll: float) -> dict[str, Any]:
    """Polls the lean progress query until the run ends, then returns its result."""
    result = asyncio.ensure_future(handle.result())
    while not result.done():
        try:
            follower.report(await handle.query("progress"))
        except Exception:  # a query can miss while no worker holds the run; the result decides
            pass
        await asyncio.wait({result}, timeout=poll)
    try:
        return result.result()
    except WorkflowFailureError as e:
        cause = e.cause
        # A failed run ends with an ApplicationError whose details are the run result.
        if isinstance(cause, ApplicationError) and cause.details:
            return cause.details[0]
        # A cancelled run's end carries no details (the SDKs drop them), and a terminated or
        # timed-out one has none: the closed run still answers the progress query.
        status = "cancelled" if isinstance(cause, CancelledError) else "failed"
        try:
            run = await handle.query("progress", {"outputs": True, "tasks": True})
        except Exception:
            run = {"workflow_id": handle.id, "steps": []}
        if run.get("status") in (None, "running"):
            error = {"type": type(cause).__name__, "message": str(cause or e)}
            run = {**run, "status": status, "error": error}
        return run


async def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        pipeline = load_pipeline(args.file)
        inputs = parse_inputs(args.input)
    except BadInput as e:
        print(f"skein_run: {e}", file=sys.stderr)
        return 2
    progress_out = sys.stderr if args.json else sys.stdout
    try:
        client = await Client.connect(
            args.address, namespace=args.namespace, connect_timeout=timedelta(seconds=10)
        )
    except Exception as e:
        print(f"skein_run: cannot reach Temporal at {args.address}: {e}", file=sys.stderr)
        return 3
    name = str(pipeline.get("name") or "pipeline")
    # 64 random bits, as the Java client: two runs must never share an id.
    workflow_id = args.id or f"{name}-{secrets.token_hex(8)}"
    start: dict[str, Any] = {"pipeline": pipeline, "inputs": inputs}
    if args.resume_from:
        start["resume_from"] = {"workflow_id": args.resume_from}
    handle = await client.start_workflow(
        WORKFLOW_TYPE,
        start,
        id=workflow_id,
        task_queue=args.task_queue,
        static_summary=f"{name} (started from Python)",
    )
    print(f"started {workflow_id} on {args.address}", file=progress_out, flush=True)
    follower = Follower(progress_out)
    run = await follow(handle, follower, args.poll)
    follower.report(run)  # steps that finished after the last poll
    if args.json:
        print(json.dumps(run, indent=2))
    else:
        print_result(run, sys.stdout, Store(args.storage_dir) if args.storage_dir else None)
    if run.get("status") == "succeeded":
        return 0
    return 2 if (run.get("error") or {}).get("type") == "InvalidPipeline" else 1


if __name__ == "__main__":
    try:
        code = asyncio.run(main(sys.argv[1:]))
    except KeyboardInterrupt:
        code = 130
    except Exception:  # noqa: BLE001 - reported, then the same exit as an unexpected failure
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    # The SDK's Rust core keeps threads that can crash the interpreter's teardown of a short-lived
    # client (Fatal Python error: PyGILState_Release, SIGABRT; sdk-python issue 300): skip it.
    os._exit(code)
