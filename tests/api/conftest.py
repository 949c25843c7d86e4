"""Schemathesis makes one test per operation of the OpenAPI description, each named after its
operation but all under one node id. pytest-xdist hands a file's tests out by id, so tests that
share one would run once: each gets the id its name says, and two tests left with one id stop the
run rather than let one of them be skipped unseen."""

from __future__ import annotations

from collections import Counter

import pytest
from _pytest.nodeid import coerce_node_id


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        parent, _, last = item.nodeid.rpartition("::")
        if parent and last != item.name and item.name.startswith(f"{last}["):
            item._id = coerce_node_id(f"{parent}::{item.name}")
    shared = [nodeid for nodeid, count in Counter(i.nodeid for i in items).items() if count > 1]
    if shared:
        raise pytest.UsageError(f"tests sharing one node id: {shared}")
