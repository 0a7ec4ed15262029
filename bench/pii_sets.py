"""Evaluation sets for the PII benchmark, built at run time from ../shared/data.

Nothing here is copied into the project: each function reads the shared files and
returns texts with gold spans. The definitions are those of docs/guides/privacy.md
(*What counts as a detailed address*).

- :func:`address_set`: detailed addresses. From ``ner_address_parsing`` (one address
  per line, components labelled): an address is detailed when it has a door component
  (``roadno``, ``subroadno``, ``houseno``, ``cellno``, ``floorno``, ``roomno``, or a
  component ending in a village group, ``一组``); its
  gold span runs from its first address component (not ``redundant``, ``person``,
  ``otherinfo`` or ``assist``) to the end of its last door component. Addresses
  without a door have no gold span, so any address found in them is a false positive.
  From CLUENER2020: an ``address`` mention is detailed when :data:`DOOR_RE` matches
  in it; its gold span ends at the last match. Other mentions (regions, roads, scenic
  spots) have no gold span.
- :func:`public_sentences`: sentences of public, government-register text: sentences
  with at least one of :data:`PUBLIC_MARKERS` (法规, 人民政府, 主管部门 ...). With gold
  person names for People's Daily; unlabelled for the web, news and wiki samples.
- :func:`regulation_text`: a whole regulation, the only one in ../shared/data: the
  Chinese translation of the US Constitution (OpenCC's test input), every sentence
  of it, split into the articles (no personal data) and the signature block.
"""

from __future__ import annotations

import glob
import re
from pathlib import Path

from jingshu.privacy.ner_data import LabelledText, read_labelled

__all__ = [
    "DATA",
    "DOOR_RE",
    "PUBLIC_MARKERS",
    "address_set",
    "public_sentences",
    "regulation_text",
    "unlabelled_public",
]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
_DOOR_LABELS = {"roadno", "subroadno", "houseno", "cellno", "floorno", "roomno"}
_NOT_ADDRESS = {"redundant", "person", "otherinfo", "assist"}
# A village group (东坡村一组): a door in the written definition, not a label of the set.
_GROUP_RE = re.compile(r"[0-9一二三四五六七八九十]+(?:组|村民小组)$")
DOOR_RE = re.compile(
    r"[0-9０-９一二三四五六七八九十百零]+(?:-[0-9]+)*(?:号楼|号院|号|栋|幢|单元|室|层|楼|组)"
    r"(?![线令文件])"
)
PUBLIC_MARKERS = re.compile(
    r"第[一二三四五六七八九十百]+条|应当|不得|依法|办法|规定|条例|国务院|主管部门|监督管理|实施方案"
    r"|人民政府|委员会|人民法院|管理局|政策|发展改革|行政|政府|部门|监管|通知|法规|机关|规划"
)


def _address_parsing(split: str) -> list[LabelledText]:
    out: list[LabelledText] = []
    for ex in read_labelled(DATA / "ner_address_parsing" / f"{split}.txt"):
        parts = [s for s in ex.spans if s[2] not in _NOT_ADDRESS]
        doors = [s for s in parts if s[2] in _DOOR_LABELS or _GROUP_RE.search(ex.text[s[0]:s[1]])]
        spans: tuple[tuple[int, int, str], ...] = ()
        if doors:
            spans = ((min(s[0] for s in parts), max(s[1] for s in doors), "address"),)
        out.append(LabelledText(ex.text, spans))
    return out


def _cluener(split: str) -> list[LabelledText]:
    out: list[LabelledText] = []
    for ex in read_labelled(DATA / "ner_cluener2020" / f"{split}.json"):
        spans = []
        for start, end, label in ex.spans:
            doors = list(DOOR_RE.finditer(ex.text, start, end)) if label == "address" else []
            if doors:
                spans.append((start, doors[-1].end(), "address"))
        out.append(LabelledText(ex.text, tuple(spans)))
    return out


def address_set(tuning: bool) -> dict[str, list[LabelledText]]:
    """The address evaluation set: tuning (address-parsing dev, CLUENER train) or held
    out (address-parsing test, CLUENER dev)."""
    if tuning:
        return {"address parsing dev": _address_parsing("dev"), "CLUENER train": _cluener("train")}
    return {"address parsing test": _address_parsing("test"), "CLUENER dev": _cluener("dev")}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。！？；\n])", text) if len(s.strip()) >= 8]


def public_sentences(examples: list[LabelledText]) -> list[LabelledText]:
    """The labelled sentences that carry a public-register marker."""
    return [ex for ex in examples if PUBLIC_MARKERS.search(ex.text)]


def _xml_content(raw: str) -> str:
    return "\n".join(re.findall(r"<content>(.*?)</content>", raw, re.S))


def unlabelled_public(tuning: bool) -> dict[str, list[str]]:
    """Public-register sentences of unlabelled corpora: tuning (CLUECorpusSmall sample,
    Sohu news) or held out (zhwiki sample, Sogou CA news, THUCNews politics and society
    titles)."""
    if tuning:
        sources = {
            "CLUECorpusSmall sample": (DATA / "web_cluecorpussmall_sample"
                                       / "CLUECorpusSmall_sampled.txt").read_text("utf-8"),
            "Sohu news (SogouCS)": _xml_content(
                (DATA / "news_sogou_smarty" / "news_sohusite_xml.smarty.dat").read_text("utf-8")),
        }
    else:
        titles = []
        for name in glob.glob(str(DATA / "news_thucnews_titles" / "*.txt")):
            for line in Path(name).read_text("utf-8").splitlines():
                title, _, label = line.rpartition("\t")
                if label in {"5", "6"}:  # society, politics (class.txt)
                    titles.append(title + "。")
        sources = {
            "zhwiki sample": (DATA / "wiki_zhwiki_sample" / "zhwiki_sampled.txt").read_text(
                "utf-8"),
            "Sogou CA news": _xml_content(
                (DATA / "news_sogou_smarty" / "news_tensite_xml.smarty.dat").read_bytes()
                .decode("gb18030", "replace")),
            "THUCNews society/politics titles": "\n".join(titles),
        }
    return {name: [s for s in _sentences(text) if PUBLIC_MARKERS.search(s)]
            for name, text in sources.items()}


def regulation_text() -> tuple[list[str], list[str]]:
    """The sentences of the Chinese US Constitution (``dirty_opencc_tests``): its
    preamble, articles and amendments, which hold no personal data, and its
    attestation and signature block (from ``我们谨此签名作证``: the names of the
    delegates who signed it, natural persons)."""
    path = DATA / "dirty_opencc_tests" / "golden" / "input" / "us_constitution_zhs.txt"
    text = path.read_text("utf-8")
    cut = text.index("我们谨此签名作证")
    return _sentences(text[:cut]), _sentences(text[cut:])
