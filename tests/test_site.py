"""A rendered folder: the portfolio index, journey pages, links back, safe output paths,
no machine path in any output, and the same pages whether rendered serially or on every core."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import EXAMPLES, ROOT, VALID, run_jmap


def test_index_is_a_portfolio_titled_from_the_folder(workdir: Path) -> None:
    (workdir / "customer-journeys_2026").mkdir()
    (workdir / "customer-journeys_2026/a.jmap.yaml").write_text(VALID)
    (workdir / "customer-journeys_2026/b.jmap.yaml").write_text(
        VALID.replace("title: Buying", "title: Leasing")
    )
    assert run_jmap("render", "customer-journeys_2026", "-o", "site").exit_code == 0
    index = (workdir / "site/index.html").read_text()
    assert "<h1>Customer journeys 2026</h1>" in index
    for figure in ("Journey maps", "Journeys", "Personas", "Mean experience", "Hotspots"):
        assert figure in index
    assert 'class="thumb" role="img"' in index
    for page in ("a.html", "b.html"):
        html = (workdir / "site" / page).read_text()
        assert '<a class="back" href="index.html">← All journeys</a>' in html
    assert (
        run_jmap("render", "customer-journeys_2026", "-o", "t", "--title", "Q3 review").exit_code
        == 0
    )
    assert "<h1>Q3 review</h1>" in (workdir / "t/index.html").read_text()
    (workdir / "jmap.toml").write_text('[site]\ntitle = "Northgate portfolio"\n')
    assert run_jmap("render", "customer-journeys_2026", "-o", "c").exit_code == 0
    assert "<h1>Northgate portfolio</h1>" in (workdir / "c/index.html").read_text()
    (workdir / "jmap.toml").write_text("[site]\ntitel = 1\n")
    bad = run_jmap("render", "customer-journeys_2026", "-o", "c")
    assert bad.exit_code == 2 and "unknown key 'titel' in [site]" in bad.stderr


def test_a_map_called_index_never_overwrites_the_index(workdir: Path) -> None:
    (workdir / "maps").mkdir()
    (workdir / "maps/index.jmap.yaml").write_text(VALID)
    (workdir / "maps/other.jmap.yaml").write_text(VALID.replace("Buying", "Leasing"))
    assert run_jmap("render", "maps", "-o", "site").exit_code == 0
    names = sorted(p.name for p in (workdir / "site").iterdir())
    assert names == ["index-2.html", "index.html", "other.html"]
    assert "Customer journey portfolio" in (workdir / "site/index.html").read_text()
    assert "Buying a family car" in (workdir / "site/index-2.html").read_text()


def test_maps_of_one_journey_get_a_page_with_their_curves_overlaid(workdir: Path) -> None:
    # before format 1.1, a map's journey is its id: two maps with one id are one journey
    for folder, name in (("north", "Sarah"), ("south", "Marco")):
        (workdir / folder).mkdir()
        text = VALID.replace("id: ", "").replace("name: Sarah", f"name: {name}")
        (workdir / folder / "family-car.jmap.yaml").write_text(text)
    assert run_jmap("render", ".", "-o", "site").exit_code == 0
    page = (workdir / "site/journey-family-car.html").read_text()
    assert page.count('<path class="line style-') == 2
    assert "Sarah" in page and "Marco" in page and 'href="index.html"' in page
    assert 'role="img"' in page and "<desc" in page
    index = (workdir / "site/index.html").read_text()
    assert 'href="journey-family-car.html"' in index
    assert (workdir / "site/family-car.html").exists() and (
        workdir / "site/family-car-2.html"
    ).exists()


def test_an_output_that_is_an_input_is_refused(workdir: Path) -> None:
    (workdir / "m.jmap.yaml").write_text(VALID)
    result = run_jmap("render", "m.jmap.yaml", "-o", "m.jmap.yaml")
    assert result.exit_code == 2 and "is an input of this render" in result.stderr
    assert (workdir / "m.jmap.yaml").read_text() == VALID
    (workdir / "p.persona.yaml").write_text("name: Sarah\n")
    (workdir / "n.jmap.yaml").write_text(
        VALID.replace(
            "persona:\n  name: Sarah\n  description: Mother of two\n  goals: [A safe car]\n",
            "persona: p.persona.yaml\n",
        )
    )
    result = run_jmap("render", "n.jmap.yaml", "p.persona.yaml", "-o", "p.persona.yaml")
    assert result.exit_code == 2
    assert (workdir / "p.persona.yaml").read_text() == "name: Sarah\n"


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_no_output_carries_an_absolute_path_of_the_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)  # outside the project: inputs given by absolute path
    out = tmp_path / "site"
    assert run_jmap("render", str(EXAMPLES), "-f", fmt, "-o", str(out)).exit_code == 0
    texts = [p.read_text(encoding="utf-8") for p in out.iterdir()]
    single = run_jmap("render", str(EXAMPLES / "car-purchase.jmap.yaml"), "-f", fmt, "-o", "-")
    texts.append(single.stdout)
    for forbidden in (str(ROOT), str(tmp_path), os.path.expanduser("~") + "/"):
        assert not any(forbidden in text for text in texts), forbidden
    assert any("examples/car-purchase.jmap.yaml" in text for text in texts)
    if fmt == "json":
        view = json.loads(single.stdout)
        assert view["source"] == "examples/car-purchase.jmap.yaml"
        assert view["persona"]["source"] == "examples/personas/sarah.persona.yaml"


def test_many_maps_render_the_same_on_every_core_as_serially(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "maps/twin").mkdir(parents=True)
    for n in range(210):
        (workdir / f"maps/m{n:03}.jmap.yaml").write_text(VALID.replace("Buying", f"Buying {n}"))
    # the same id twice, read by different workers: one gets id, the other id-2
    (workdir / "maps/twin/m000.jmap.yaml").write_text(VALID.replace("Buying", "Twin"))
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("JMAP_JOBS", jobs)
        result = run_jmap("render", "maps", "-o", f"out{jobs}", "--no-date")
        assert result.exit_code == 0, result.stderr
        outputs[jobs] = {p.name: p.read_bytes() for p in (workdir / f"out{jobs}").iterdir()}
    assert outputs["1"] == outputs["2"]
    assert len(outputs["1"]) == 213  # 211 pages, the index, the page of journey m000
    assert "journey-m000.html" in outputs["1"]
    assert b"Twin" in outputs["1"]["m000-2.html"]


SITE11 = ROOT / "tests/data/site11"


def test_format_11_content_is_rendered_for_people(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_jmap("render", str(SITE11), "-o", str(out), "--no-date")
    assert result.exit_code == 0, result.stderr
    page = (out / "buying.html").read_text()
    # quotes with who said it, images embedded with their alt text, nothing fetched
    assert "I had twelve tabs open and still no price." in page
    assert "Buyer, interview 4" in page
    assert 'src="data:image/png;base64,' in page and 'alt="Drawing of Ana in a blue coat"' in page
    assert 'alt="Screenshot of the configurator hiding the price"' in page
    # metrics: label, thousands, unit, target in words
    assert "Organic visits a week" in page and ">5,400<" in page
    assert ">61.5%<" in page and "target not met" in page
    # state and links in the header; opportunities ranked, done ones left out of the ranking
    assert (
        "as-is (today)" in page
        and '>Leads to</dt><dd><a href="service.html">Servicing the car' in page
    )
    ranked = page.split("Open opportunities")[1]
    assert ranked.index("Send quotes by email") < ranked.index("Show the monthly price")
    assert "Old idea already shipped" not in ranked
    to_be = (out / "buying-to-be.html").read_text()
    assert '<dt>Based on</dt><dd><a href="buying.html">Buying a car</a>' in to_be
    assert "to-be (the experience we want)" in to_be
    index = (out / "index.html").read_text()
    assert index.count('class="map-card"') == 4
    assert 'href="journey-buying-a-car.html"' in index  # three views of one journey
    assert 'class="flow-node">Buying a car</span>' in index  # journeys drawn as a flow
    journey = (out / "journey-buying-a-car.html").read_text()
    assert journey.count('<path class="line style-') == 3 and "Omar Haddad" in journey
    md = run_jmap("render", str(SITE11 / "buying.jmap.yaml"), "-f", "md", "-o", "-").stdout
    assert "“I had twelve tabs open and still no price.” — Buyer, interview 4" in md
    assert "Bounce rate: **61\\.5%** (target 50%, target not met)" in md


def test_next_links_are_drawn_as_chains_of_journeys() -> None:
    from journeymap_cli.render.site import chains

    assert chains([("Buy", "Service"), ("Service", "Trade in")]) == [
        {"steps": ["Buy", "Service", "Trade in"]}
    ]
    assert chains([("Buy", "Service"), ("Buy", "Insure")]) == [
        {"steps": ["Buy", "Service"]},
        {"steps": ["Buy", "Insure"]},
    ]
    assert chains([]) == []


def test_the_examples_index_draws_their_journeys_in_one_chain(tmp_path: Path) -> None:
    assert run_jmap("render", str(EXAMPLES), "-o", str(tmp_path / "site")).exit_code == 0
    index = (tmp_path / "site/index.html").read_text()
    flow = index.split('class="flow-list">')[1].split("</ul>")[0]
    assert flow.count('class="flow-node"') == 3 and flow.count("→") == 2


@pytest.mark.parametrize(
    "args",
    [
        ["score", "{E}", "-f", "json"],
        ["score", "{E}", "-f", "md", "--detail"],
        ["score", "{E}", "-f", "csv"],
        ["diff", "{E}/car-purchase.jmap.yaml", "{E}/car-purchase-to-be.jmap.yaml", "-f", "md"],
        ["diff", "{E}/car-purchase.jmap.yaml", "{E}/car-purchase-to-be.jmap.yaml", "-f", "json"],
    ],
)
def test_score_and_diff_reports_name_maps_from_their_project_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    # reports go to job summaries and pull requests: maps given by absolute path from
    # outside the project are named from the project's root, as render names them
    monkeypatch.chdir(tmp_path)
    result = run_jmap(*(a.replace("{E}", str(EXAMPLES)) for a in args))
    assert result.exit_code == 0, result.stderr
    assert str(ROOT) not in result.stdout
    assert "examples/car-purchase" in result.stdout
