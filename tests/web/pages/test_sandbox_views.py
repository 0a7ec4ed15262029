"""How a released sandbox result is shown: plain numbers, the axis, error bars, groups."""

from __future__ import annotations

from typing import Any

import pytest

from jingshu.web.pages.sandbox.views import (
    CHART_HEIGHT,
    TICK_CHAR_WIDTH,
    ResultView,
    nice_ceiling,
    number,
)


@pytest.mark.parametrize(("value", "text"), [
    (98.0, "98"), (1234.5678, "1,234.57"), (12345678.9, "12,345,679"), (0.0, "0"),
    (-2500.0, "-2,500"), (0.000123456, "0.000123456"), (3.0e9, "3,000,000,000")])
def test_numbers_are_plain_with_thousands_separators(value: float, text: str) -> None:
    assert number(value) == text


def test_nice_ceiling() -> None:
    assert [nice_ceiling(v) for v in (0.3, 1, 1.3, 2.2, 4, 7, 730, 1_100_000)] == \
        pytest.approx([0.3, 1, 1.5, 2.5, 4, 8, 800, 1_200_000])


def _released(values: list[tuple[str, float, float]], aggregate: str = "count"
              ) -> dict[str, Any]:
    return {"aggregate": aggregate, "epsilon": 0.1, "noise_scale": 10.0, "mechanism": "laplace",
            "accuracy_note": "", "values": [{"key": k, "value": v, "accuracy": a}
                                            for k, v, a in values]}


def test_error_bars_do_not_flatten_the_values() -> None:
    view = ResultView.of(_released([("北京", 1200.0, 3000.0), ("上海", 900.0, 3000.0)]))
    assert view.chart is not None and view.chart.clipped
    plot = CHART_HEIGHT - 48
    tallest = max(b.height for b in view.chart.bars)
    assert tallest > 0.7 * plot, "the axis follows the values, not value + error"
    assert min(b.high for b in view.chart.bars) == 0.0, "error bars are cut at the top"


def test_the_axis_fits_its_longest_label() -> None:
    view = ResultView.of(_released([("a", 12_345_678.0, 10.0), ("b", 2_000_000.0, 10.0)]))
    assert view.chart is not None
    longest = max(len(label) for label, _ in view.chart.ticks)
    assert view.chart.top == "15,000,000" and view.chart.axis >= TICK_CHAR_WIDTH * longest
    assert all(b.x >= view.chart.axis for b in view.chart.bars)
    assert view.chart.ticks[0][0] == "0"


def test_empty_other_group_is_not_shown_but_a_real_one_is() -> None:
    phantom = ResultView.of(_released([("北京", 400.0, 30.0), ("上海", 380.0, 30.0),
                                       ("其他", 12.0, 30.0)]))
    assert [r.key for r in phantom.rows] == ["北京", "上海"] and phantom.other_dropped
    real = ResultView.of(_released([("北京", 400.0, 30.0), ("其他", 95.0, 30.0)]))
    assert [r.key for r in real.rows] == ["北京", "其他"] and not real.other_dropped
    mean = ResultView.of(_released([("北京", 4.0, 30.0), ("其他", 1.0, 30.0)], "mean"))
    assert len(mean.rows) == 2, "only counted aggregates have a phantom 其他"


def test_headline_accuracy_per_group() -> None:
    same = ResultView.of(_released([("北京", 400.0, 30.0), ("上海", 380.0, 30.0)]))
    assert (same.grouped, same.accuracy, same.narrowest) == (True, "30", "")
    differ = ResultView.of(_released([("北京", 40.0, 3.5), ("上海", 38.0, 12.26)], "mean"))
    assert (differ.accuracy, differ.narrowest) == ("12.3", "3.5")
    single = ResultView.of(_released([("total", 400.0, 30.0)]))
    assert not single.grouped and single.chart is None
