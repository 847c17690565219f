"""Helpers of the trust tests (test_trust_*.py): many real processes, cheaply."""

from __future__ import annotations

from typing import Any

# --- real processes, cheaply: one Python process imports cstolog once, then forks -----

_FORK_DRIVER = r"""
import json, os, shutil, sys, tempfile, traceback
import typer.main, typer.testing
from cstolog.cli.app import app

command = typer.main.get_command(app)


class Runner(typer.testing.CliRunner):  # the Click command built once, for every worker
    def invoke(self, _app, args=None):
        with self.isolation() as streams:
            try:
                command.main(args=list(args), prog_name="cstolog")
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
            sys.stdout.flush()
            sys.stderr.flush()
            out, err, _both = (s.getvalue() for s in streams)
        return typer.testing.Result(self, out, err, out + err, None, code, None)


jobs, parallel = json.loads(sys.stdin.read())
folder = tempfile.mkdtemp()
pids = []
for number, job in enumerate(jobs):
    pid = os.fork()
    if pid == 0:  # the worker: run its commands in order, as `cstolog` would
        code = 99
        try:
            os.environ.update(job.get("env", {}))
            runner = Runner()
            ids, failures, last = {}, [], None
            for step in job["steps"]:
                args = [ids.get(a, a) for a in step["args"]]
                result = runner.invoke(app, args)
                last = [result.exit_code, result.stdout, result.stderr]
                if result.exit_code != 0:
                    failures.append([args, result.exit_code, result.stderr])
                elif "remember" in step:
                    ids["@" + step["remember"]] = result.stdout.strip()
            with open(os.path.join(folder, str(number)), "w") as fh:
                json.dump({"failures": failures, "ids": ids, "last": last}, fh)
            code = last[0] if last else 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    pids.append(pid)
    if not parallel:
        pids[-1] = os.waitpid(pid, 0)[1]
statuses = [os.waitpid(p, 0)[1] for p in pids] if parallel else pids
reports = []
for number, status in enumerate(statuses):
    path = os.path.join(folder, str(number))
    report = json.load(open(path)) if os.path.exists(path) else None
    reports.append({"code": os.waitstatus_to_exitcode(status), "report": report})
shutil.rmtree(folder)
print(json.dumps(reports))
"""


def run_forked(jobs: list[dict[str, Any]], *, parallel: bool = True) -> list[dict[str, Any]]:
    """Run each job in its own real process (forked from one that imported cstolog once,
    so a job costs milliseconds, not the ~0.3 s start-up of ``python -m cstolog``).

    A job: ``{"steps": [{"args": [...], "remember": "name"}], "env": {...}}``; an
    argument ``@name`` stands for the id a step with ``remember: name`` printed.
    Returns per job ``{"code": exit code or -signal, "report": {failures, ids, last} or
    None if the process was killed}``.
    """
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _FORK_DRIVER],
        input=json.dumps([jobs, parallel]).encode(),
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


# --- the figures of docs/guarantees.md ------------------------------------------------

FIGURES_ENV = "CSTOLOG_TRUST_FIGURES"


def figure(family: str, what: str, tried: int, bad: int = 0) -> None:
    """Record one figure of a trust family ("load", "faults", "hostile", "lost") after
    the test's own assertions held: ``tried`` cases, ``bad`` of them lost or wrong.

    Written only when CSTOLOG_TRUST_FIGURES names a file (bench/trust_figures.py sets
    it and sums the lines into the table of docs/guarantees.md)."""
    import json
    import os

    path = os.environ.get(FIGURES_ENV)
    if not path:
        return
    line = {"family": family, "what": what, "tried": tried, "bad": bad}
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")
