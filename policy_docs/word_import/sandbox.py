"""Reading a Word document in a child process with a memory and a CPU-time cap.

The counts in `limits` refuse the documents known to be expensive before anything is
expanded; what they let through can still surprise (mammoth keeps a tree of the whole
document, several kilobytes a table cell). So the whole reading, checks included, runs in a
forked child under `resource.setrlimit`: a document that needs more than its share ends that
child only, and the worker or the command reports the refusal in one sentence and carries on.
The child sends back JSON, never a pickle: what comes out of a hostile file is data only.

The memory cap is on the child's address space: what the worker process held when it forked
the child, plus WORD_IMPORT_MEMORY_MB. Memory the worker had freed but kept (after a large
feedback export, say) is usable by the child besides. The CPU cap is in seconds of processor
time; a child still running after three times that in wall-clock time is killed all the same.
"""

import json
import logging
import os
import resource
import select
import signal
import time
import traceback

from .convert import ParsedDocument, parse_docx
from .errors import WordImportError
from .limits import ImportLimits, over_limit

logger = logging.getLogger(__name__)

# What lxml ("Memory allocation failed") and zlib ("insufficient memory") say for MemoryError.
_MEMORY_SIGNS = ("memory allocation failed", "insufficient memory", "out of memory")
# Exit statuses of the child besides 0 (its outcome was written).
_OUT_OF_MEMORY = 3
_CRASHED = 4
# The child is killed when it has not finished after this many times its CPU cap in wall-clock
# time: a busy machine shares its processors, but a child that waits on nothing must not
# hold the worker forever.
_WALL_CLOCK_FACTOR = 3


def _address_space() -> int:
    """This process's virtual memory size in bytes (what RLIMIT_AS caps)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _peak_address_space() -> int:
    """The most virtual memory this process has held, in bytes (VmPeak)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmPeak:"):
                return int(line.split()[1]) * 1024
    return 0


def _near_the_cap(cap: int) -> bool:
    """Whether this process came within a few megabytes of its address-space cap: a library
    that failed to allocate may have reported it as anything (lxml calls the file damaged)."""
    return _peak_address_space() >= cap - 8 * 1024 * 1024


def _out_of_memory(error: BaseException | None) -> bool:
    """Whether an error comes from memory running out: Python's MemoryError, or what lxml and
    zlib say when they cannot allocate, however it was wrapped (a document called damaged,
    an error raised while cleaning up after the MemoryError)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        text = str(error).lower()
        if isinstance(error, MemoryError) or any(sign in text for sign in _MEMORY_SIGNS):
            return True
        error = error.__cause__ or error.__context__
    return False


def _child(write_fd: int, data: bytes, limits: ImportLimits) -> None:
    """Read the document under the caps and write the outcome as JSON; never returns."""
    status = _CRASHED
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        # The cap is on top of what the parent process held already (Django, Wagtail).
        cap = _address_space() + limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        try:
            outcome = {"document": parse_docx(data, limits).as_data()}
        except Exception as error:
            if _out_of_memory(error) or _near_the_cap(cap):
                outcome = {"out_of_memory": True}
            elif isinstance(error, WordImportError):
                outcome = {"refused": error.messages[0]}
            else:
                outcome = {"error": traceback.format_exc()}
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(json.dumps(outcome).encode())
        status = 0
    except MemoryError:
        status = _OUT_OF_MEMORY
    finally:
        os._exit(status)  # no clean-up of the parent's objects: its database connection


def _read_all(read_fd: int, deadline: float) -> tuple[bytes, bool]:
    """Everything the child writes, and whether the deadline passed first."""
    chunks = []
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while (left := deadline - time.monotonic()) > 0:
            if not select.select([pipe], [], [], left)[0]:
                continue
            if not (chunk := pipe.read(1 << 20)):
                return b"".join(chunks), False
            chunks.append(chunk)
    return b"".join(chunks), True


def longest_reading(limits: ImportLimits) -> int:
    """Seconds after which a reading is given up, whatever the CPU time it had."""
    return limits.cpu_seconds * _WALL_CLOCK_FACTOR


def parse_docx_capped(data: bytes, limits: ImportLimits | None = None) -> ParsedDocument:
    """`convert.parse_docx` in a child process capped at `limits.memory_mb` of memory on top
    of this process's and `limits.cpu_seconds` of CPU time (by default the settings').
    Raises WordImportError when the document is refused, including for going over a cap."""
    limits = limits or ImportLimits.from_settings()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, data, limits)
    os.close(write_fd)
    late = True
    try:
        deadline = time.monotonic() + longest_reading(limits)
        output, late = _read_all(read_fd, deadline)
    finally:
        if late:  # past the deadline (a child waiting on nothing), or interrupted here
            os.kill(pid, signal.SIGKILL)
        _pid, status, usage = os.wait4(pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    logger.info(
        "Word import read in a child process: %.1f s of CPU, peak %d MB",
        cpu,
        usage.ru_maxrss // 1024,
    )
    if os.WIFSIGNALED(status):
        if late or os.WTERMSIG(status) == signal.SIGXCPU or cpu >= limits.cpu_seconds:
            raise over_limit("cpu_seconds", limits.cpu_seconds)
        # Killed otherwise: by the kernel, for want of memory.
        raise over_limit("memory_mb", limits.memory_mb)
    if os.WEXITSTATUS(status) == _OUT_OF_MEMORY:
        raise over_limit("memory_mb", limits.memory_mb)
    if os.WEXITSTATUS(status) != 0 or not output:
        raise RuntimeError(f"The process reading the Word document ended with status {status}.")
    outcome = json.loads(output)
    if "refused" in outcome:
        raise WordImportError(outcome["refused"])
    if "out_of_memory" in outcome:
        raise over_limit("memory_mb", limits.memory_mb)
    if "error" in outcome:
        raise RuntimeError(f"Reading the Word document failed:\n{outcome['error']}")
    return ParsedDocument.from_data(outcome["document"])
