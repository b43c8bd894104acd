"""Work run beside the build in a forked process: its result comes back, and
its failure fails the build with the child's own message."""

from __future__ import annotations

import os

import pytest

from generator.background import BackgroundError, beside


def _pid_and_sum(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fails() -> None:
    raise ValueError("planted failure in the child")


def _dies() -> None:
    os._exit(3)


def test_result_comes_back_from_another_process():
    with beside(_pid_and_sum, [1, 2, 3]) as result:
        pid, total = result()
    assert total == 6 and pid != os.getpid()


def test_a_failure_in_the_child_is_raised_with_its_traceback():
    with beside(_fails) as result, pytest.raises(BackgroundError, match="planted failure in the child"):
        result()


def test_a_child_that_dies_is_an_error_not_a_hang():
    with beside(_dies) as result, pytest.raises(BackgroundError, match="exit code 3"):
        result()
