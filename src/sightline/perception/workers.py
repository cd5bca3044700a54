"""Camera frames looked at in worker processes, each under a memory cap.

A frame from a device is hostile input: a small file may decode to hundreds of megabytes, and a
decoder bug may crash. In the hub, decoding, code reading and OCR run in a few worker
processes (`SIGHTLINE_PERCEPTION_WORKERS`, default 2) started from a fork server. Each worker
loads the OCR models first, then caps its address space at what it uses plus
`SIGHTLINE_PERCEPTION_MEMORY_MB` (default 1024): a frame that needs more fails with
`image_too_large` in that worker only, and the hub's own memory never grows with what a frame
decoded to. (The cap is on address space: free space the allocator kept from loading the
models, about 100 MB, comes on top.) A worker is replaced after `TASKS_PER_WORKER` frames
(what it freed goes back to the system) or when it dies (the frame fails with `bad_image`; the
next one gets a new worker).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from concurrent.futures import ProcessPoolExecutor

TASKS_PER_WORKER = 1000
"""Frames one worker looks at before it is replaced by a fresh one."""

_THREAD_SETTINGS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def frame_workers(workers: int, memory_mb: int) -> ProcessPoolExecutor:
    """A pool of `workers` frame workers, each allowed `memory_mb` beyond its loaded models.

    Workers start on the first frame (forked from a fork server that has the perception
    modules loaded, so a new worker is ready in about a second).
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "sightline.perception.stage"])
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=start_worker,
        initargs=(memory_mb * 2**20,),
        max_tasks_per_child=TASKS_PER_WORKER,
    )


def start_worker(memory_bytes: int) -> None:
    """In a new worker: one thread per numeric library, the OCR models loaded, then the cap."""
    for name in _THREAD_SETTINGS:
        os.environ.setdefault(name, "1")
    from sightline.perception.ocr import shared_text_reader

    shared_text_reader().warm()
    cap = address_space_bytes() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def address_space_bytes() -> int:
    """This process's virtual memory size now (Linux `/proc/self/status`, `VmSize`)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmSize in /proc/self/status")
