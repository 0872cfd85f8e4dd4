"""Ids and names in any script: slugs keep every script's letters, vocabularies stay exact.

Names in Japanese, Hindi or Greek get ids of their own (two stages 発見 and 購入 no longer
collide as `unnamed`); names that look alike (full-width, half-width, other case) still
share one; a name of emoji is slugged by the emoji's Unicode names. Every name in plain
Latin letters keeps the id it always had.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from helpers import EXAMPLES, ROOT, run_jmap
from journeymap_cli.format.model import Slug, slugify
from journeymap_cli.io.loader import Loader


def _before(text: str) -> str:
    """The slug of jmap 0.1 (ASCII only), to prove that Latin names keep their ids."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _map(stages: list[str], *, teams: list[str] | None = None, owner: str | None = None) -> str:
    lines = ["jmap: 1", "title: T", "persona: {name: P}"]
    if teams is not None:
        lines.append(f"teams: {json.dumps(teams, ensure_ascii=False)}")
    lines.append("stages:")
    for i, name in enumerate(stages):
        lines.append(f"  - name: {json.dumps(name, ensure_ascii=False)}")
        lines.append("    touchpoints:")
        lines.append(f"      - name: {json.dumps(f'{name} touchpoint {i}', ensure_ascii=False)}")
        if owner is not None:
            lines.append(f"        owner: {json.dumps(owner, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _ids(workdir: Path, text: str) -> list[str]:
    (workdir / "m.jmap.yaml").write_text(text, encoding="utf-8")
    result = run_jmap("render", "m.jmap.yaml", "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.stdout + result.stderr
    return [s["id"] for s in json.loads(result.stdout)["stages"]]


def test_names_in_other_scripts_get_their_own_ids(workdir: Path) -> None:
    names = ["発見", "購入", "हिन्दी सहायता", "Ελλάδα", "고객 지원", "خدمة العملاء", "١٢٣"]
    ids = _ids(workdir, _map(names))
    assert ids == ["発見", "購入", "हिन्दी-सहायता", "ελλάδα", "고객-지원", "خدمة-العملاء", "١٢٣"]
    assert run_jmap("validate", "m.jmap.yaml").exit_code == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Café", "ＣＡＦÉ"),  # full-width letters (NFKC)
        ("マーケティング", "ﾏｰｹﾃｨﾝｸﾞ"),  # half-width katakana (NFKC)
        ("Straße", "STRASSE"),  # case folding
        ("ﬁnd", "Find"),  # a ligature
        ("Σίσυφος", "ΣΊΣΥΦΟΣ"),  # final sigma
    ],
)
def test_names_that_look_alike_still_collide(workdir: Path, a: str, b: str) -> None:
    assert slugify(a) == slugify(b)
    (workdir / "m.jmap.yaml").write_text(_map([a, b]), encoding="utf-8")
    result = run_jmap("validate", "m.jmap.yaml")
    assert result.exit_code == 1
    assert [p[3] for p in result.problems()] == ["JM007"]


def test_emoji_names_are_slugged_by_their_unicode_names(workdir: Path) -> None:
    ids = _ids(workdir, _map(["🚗", "🏠 🔑", "👨‍👩‍👧", "💶 €"]))
    assert ids == [
        "automobile",
        "house-building-key",
        "man-woman-girl",
        "banknote-with-euro-sign-euro-sign",
    ]
    assert slugify("😀 Happy") == "happy"  # letters win: the emoji is left out as before
    (workdir / "m.jmap.yaml").write_text(_map(["🚗", "🚗"]), encoding="utf-8")
    assert [p[3] for p in run_jmap("validate", "m.jmap.yaml").problems()] == ["JM007"]


def test_a_vocabulary_in_another_script_is_exact(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(
        _map(["発見"], teams=["営業"], owner="未知のチーム"), encoding="utf-8"
    )
    result = run_jmap("validate", "m.jmap.yaml")
    assert result.exit_code == 1
    assert [p[3] for p in result.problems()] == ["JM008"]
    assert "'未知のチーム' is not one of the declared teams" in result.messages()[0]
    (workdir / "m.jmap.yaml").write_text(
        _map(["発見"], teams=["営業"], owner="営業"), encoding="utf-8"
    )
    assert run_jmap("validate", "m.jmap.yaml").exit_code == 0
    # punctuation has no slug: it matches nothing but itself
    (workdir / "m.jmap.yaml").write_text(_map(["S"], teams=["???"], owner="!!!"), encoding="utf-8")
    assert [p[3] for p in run_jmap("validate", "m.jmap.yaml").problems()] == ["JM008"]


def test_score_by_owner_keeps_owners_of_other_scripts_apart(workdir: Path) -> None:
    (workdir / "a.jmap.yaml").write_text(_map(["発見"], owner="営業"), encoding="utf-8")
    (workdir / "b.jmap.yaml").write_text(_map(["購入"], owner="マーケティング"), encoding="utf-8")
    (workdir / "c.jmap.yaml").write_text(_map(["比較"], owner="ﾏｰｹﾃｨﾝｸﾞ"), encoding="utf-8")
    (workdir / "d.jmap.yaml").write_text(_map(["x"], owner="???"), encoding="utf-8")
    (workdir / "e.jmap.yaml").write_text(_map(["y"], owner="!!!"), encoding="utf-8")
    result = run_jmap("score", "--format", "json", "--by", "owner", ".")
    assert result.exit_code == 0, result.stdout + result.stderr
    owners = {
        o["owner"]: o["touchpoints"] for o in json.loads(result.stdout)["portfolio"]["owners"]
    }
    # the half-width spelling is the same team as the full-width one; the rest stay apart
    assert sorted(owners.values()) == [1, 1, 1, 2]
    assert owners["営業"] == 1 and owners["???"] == 1 and owners["!!!"] == 1


def test_explicit_ids_may_be_written_in_any_script(workdir: Path) -> None:
    good = _map(["発見"]).replace('  - name: "発見"\n', '  - name: "発見"\n    id: 発見-1_b\n')
    (workdir / "m.jmap.yaml").write_text(good, encoding="utf-8")
    assert run_jmap("validate", "m.jmap.yaml").exit_code == 0
    schema = ["--schemafile", "schema/jmap.schema.json"]
    check = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *schema, str(workdir / "m.jmap.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr  # editors read the pattern too
    for bad in ("Upper", "two words", "-lead", "a--b", "発見!"):
        (workdir / "m.jmap.yaml").write_text(
            good.replace("id: 発見-1_b", f"id: {json.dumps(bad, ensure_ascii=False)}"),
            encoding="utf-8",
        )
        assert [p[3] for p in run_jmap("validate", "m.jmap.yaml").problems()] == ["JM002"], bad


def test_the_examples_keep_every_id_they_had() -> None:
    loader = Loader()
    checked = 0
    for path in sorted(EXAMPLES.glob("*.jmap.yaml")):
        loaded = loader.load_map(path)
        assert loaded.jmap is not None
        for stage in loaded.jmap.stages:
            for name in [stage.name, *(p.name for p in stage.touchpoints)]:
                assert slugify(name) == _before(name), name
                checked += 1
    assert checked > 30


LATIN = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x17F, blacklist_categories=["Cc"]),
    max_size=40,
)
# letters that jmap 0.1 dropped (no ASCII decomposition): only these may change a Latin slug
DROPPED = set("ÆÐØÞßæðøþĐđĦħıĸŁłŉŊŋŒœŦŧµ")


@given(LATIN)
def test_latin_text_keeps_its_slug(text: str) -> None:
    if DROPPED & set(text):
        return
    if _before(text):
        assert slugify(text) == _before(text)
    else:  # was the empty slug (`unnamed`): now the names of its symbols, if it has any
        assert slugify(text) == "" or any(unicodedata.category(c)[0] == "S" for c in text)


SLUG = TypeAdapter(Slug)


@given(st.text(max_size=30))
def test_any_slug_is_a_valid_explicit_id_or_empty(text: str) -> None:
    slug = slugify(text)
    if slug:
        assert SLUG.validate_python(slug) == slug  # the schema's pattern accepts it
    assert slugify(slug) == slug  # slugging twice changes nothing


def test_a_slug_of_long_symbol_names_stays_a_valid_id() -> None:
    slug = slugify("────┄┄")  # found by hypothesis: 203 characters of Unicode names
    assert 0 < len(slug) <= 200
    assert SLUG.validate_python(slug) == slug
    assert slugify(slug) == slug
