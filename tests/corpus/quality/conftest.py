"""Tiny synthetic good and bad sets, and a model trained on them once per module."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from jingshu.corpus.quality import QualityModel, TrainConfig, train_quality_model

GOOD_PHRASES = (
    "根据国家统计局发布的数据", "本市持续推进公共数据开放", "研究人员在论文中指出",
    "该项目于二〇二三年正式启动", "会议审议通过了相关规划", "专家认为这一政策具有重要意义",
    "据报道，相关部门已完成评估", "历史上，该地区曾是重要的交通枢纽", "这一理论由学者首次提出",
    "文件要求进一步完善管理制度",
)
BAD_PHRASES = (
    "哈哈哈哈哈", "亲，包邮哦", "太差了！！！", "垃圾，再也不买了", "点击领取红包",
    "加微信有惊喜", "冲冲冲", "呜呜呜好难过", "www", "求关注求转发",
)


def make_texts(phrases: tuple[str, ...], n: int, seed: int, sep: str) -> list[str]:
    """``n`` texts of 3–6 random phrases each."""
    rng = random.Random(seed)
    return [sep.join(rng.choice(phrases) for _ in range(rng.randint(3, 6))) + "。"
            for _ in range(n)]


@pytest.fixture(scope="module")
def good() -> list[str]:
    return make_texts(GOOD_PHRASES, 80, seed=1, sep="，")


@pytest.fixture(scope="module")
def bad() -> list[str]:
    return make_texts(BAD_PHRASES, 80, seed=2, sep=" ")


FAST = TrainConfig(epochs=10, batch_size=16, seed=7, test_fraction=0.2,
                   validation_fraction=0.2)


@pytest.fixture(scope="module")
def model(good: list[str], bad: list[str]) -> QualityModel:
    return train_quality_model(good, bad, config=FAST, good_sources=("good.txt",),
                               bad_sources=("bad.txt",))


@pytest.fixture(scope="module")
def model_file(model: QualityModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return model.save(tmp_path_factory.mktemp("model") / "quality.npz")
