from __future__ import annotations

import json
from pathlib import Path

import pytest

from jingshu.errors import InputError
from jingshu.privacy.crf import CrfRecognizer, char_features, train_crf
from jingshu.privacy.ner_data import read_labelled, spans_from_tags, tags_from_spans
from jingshu.privacy.pii import find_pii

NAMES = ["张伟", "李娜", "王强", "刘洋", "陈静", "杨磊", "赵敏", "黄勇"]
PLACES = ["北京", "上海", "杭州", "成都"]


def _examples(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(40):
            name, place = NAMES[i % len(NAMES)], PLACES[i % len(PLACES)]
            text = f"昨天{name}在{place}开会。"
            spans = [{"start": 2, "end": 2 + len(name), "label": "name"},
                     {"start": 3 + len(name), "end": 3 + len(name) + len(place),
                      "label": "address"}]
            fh.write(json.dumps({"text": text, "spans": spans}, ensure_ascii=False) + "\n")
    return path


def test_tags_round_trip() -> None:
    assert spans_from_tags(["B-PER", "I-PER", "O", "S-LOC", "B-X", "M-X", "E-X"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 7, "X")
    ]
    assert tags_from_spans(4, ((0, 2, "name"),)) == ["B-name", "I-name", "O", "O"]


def test_read_formats(tmp_path: Path) -> None:
    cluener = tmp_path / "c.json"
    cluener.write_text(json.dumps({"text": "彭小军认为", "label": {"name": {"彭小军": [[0, 2]]}}},
                                  ensure_ascii=False) + "\n", "utf-8")
    assert read_labelled(cluener)[0].spans == ((0, 3, "name"),)
    bio = tmp_path / "b.txt"
    bio.write_text("吴 B-NAME\n重 M-NAME\n阳 E-NAME\n， O\n\n在 O\n", "utf-8")
    got = read_labelled(bio)
    assert [(x.text, x.spans) for x in got] == [("吴重阳，", ((0, 3, "NAME"),)), ("在", ())]
    bad = tmp_path / "bad.txt"
    bad.write_text("吴\n", "utf-8")
    with pytest.raises(InputError, match="CHAR TAG"):
        read_labelled(bad)


def test_features_use_dictionaries_and_jieba() -> None:
    rows = char_features("张伟在杭州市西湖区文三路")
    assert "sur1" in rows[0] and "pl=Bc" in rows[3] and "pl=Ec" in rows[5]
    assert "seg=B" in rows[3] and "pos=ns" in rows[3]
    assert "sfx=admin" in rows[5] and "sfx=street" in rows[11]
    assert "sur2" in char_features("欧阳娜娜")[0] and "sur2e" in char_features("欧阳娜娜")[1]
    assert {"t0=伟在杭", "b-1=伟在", "c+3=市"} <= set(rows[2])
    assert char_features("") == []


def test_train_and_recognize(tmp_path: Path) -> None:
    model = tmp_path / "m.crf"
    result = train_crf(read_labelled(_examples(tmp_path / "t.jsonl")), model, max_iterations=30)
    assert result.labels == ("address", "name")
    crf = CrfRecognizer.load(model)
    spans = find_pii("昨天王强在上海开会。", [], extra=[crf])
    assert [(s.type, s.value) for s in spans] == [("person_name", "王强"), ("address", "上海")]
    with pytest.raises(InputError, match="no labelled span"):
        train_crf(read_labelled(tmp_path / "t.jsonl"), model, labels=["nothing"])
    with pytest.raises(InputError, match="train-ner"):
        CrfRecognizer.load(tmp_path / "missing.crf")


@pytest.mark.realdata
def test_reads_shared_ner_sets(shared_data: Path) -> None:
    dev = read_labelled(shared_data / "ner_cluener2020" / "dev.json")
    assert len(dev) == 1343
    assert sum(1 for ex in dev for s in ex.spans if s[2] == "name") == 465
    resume = read_labelled(shared_data / "ner_resume" / "dev.char.bmes")
    assert resume[0].spans[0] == (0, 3, "NAME")
