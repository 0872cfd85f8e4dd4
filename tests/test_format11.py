"""Format 1.1 through the real CLI: each new field valid, each new invalid case located."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from helpers import VALID, run_jmap
from journeymap_cli.format.parts import (
    Metric,
    Opportunity,
    metric_label,
    metric_of,
    metric_value,
    opportunity_of,
    quote_of,
)
from journeymap_cli.io.references import image_kind


def png(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny PNG (one colour), built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\xc8\x64\x32" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def check(workdir: Path, text: str, name: str = "m.jmap.yaml") -> tuple[int, list, list]:
    (workdir / name).write_text(text, encoding="utf-8")
    result = run_jmap("validate", name)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.problems(), result.messages()


# VALID with format 1.1 content in every place it may go.
FULL = (
    VALID.replace(
        "title: Buying a family car\n",
        "title: Buying a family car\njourney: car-purchase\nstate: to-be\n",
    )
    .replace(
        "  goals: [A safe car]\n",
        "  goals: [A safe car]\n"
        "  image: {path: sarah.png, alt: Sarah at the wheel of her old car}\n",
    )
    .replace(
        "    actions: [Searches online]\n",
        """\
    actions: [Searches online]
    quotes:
      - I never know who to call.
      - text: The website made it easy.
        who: Parent of two, interview 7
        source: Interviews 2026
        date: 2026-03
    images:
      - path: sarah.png
        alt: The dealer's home page on a phone
        caption: Home page, March 2026
    opportunities:
      - Keep the website fast
      - name: Call back within an hour
        id: call-back
        addresses: [signs-the-contract]
        owner: Sales
        value: 5
        effort: 2
        status: in-progress
        notes: Pilot in one showroom
        evidence: [Call log 2026]
    metrics:
      conversion: 0.35
      median_days: "6 days"
      nps: {value: 31, label: NPS, target: 40, better: higher, source: Survey, date: 2026-03-14}
""",
    )
    .replace(
        "        performance: 3\n",
        """\
        performance: 3
        quotes: [Too much paperwork]
        metrics:
          wait_minutes: {value: 25, unit: min, target: 10, better: lower}
      - name: Credit check
        backstage: true
        owner: Sales
""",
    )
)


def test_every_new_field_validates(workdir: Path) -> None:
    (workdir / "sarah.png").write_bytes(png())
    code, problems, _ = check(workdir, FULL)
    assert (code, problems) == (0, [])


def test_links_and_based_on_resolve(workdir: Path) -> None:
    (workdir / "sarah.png").write_bytes(png())
    (workdir / "as-is.jmap.yaml").write_text(
        VALID.replace("title:", "journey: car-purchase\ntitle:")
    )
    (workdir / "service.jmap.yaml").write_text(VALID)
    text = FULL.replace(
        "state: to-be\n",
        "state: to-be\nbased_on: as-is.jmap.yaml\nlinks:\n"
        "  - {map: service.jmap.yaml, relation: next, note: After delivery}\n"
        "  - map: as-is.jmap.yaml\n",
    )
    code, problems, _ = check(workdir, text)
    assert (code, problems) == (0, [])


@pytest.mark.parametrize(
    ("old", "new", "expected", "words"),
    [
        ("journey: car-purchase", "journey: Car Purchase", (3, 10, "JM002"), "not a valid id"),
        ("state: to-be", "state: tobe", (4, 8, "JM002"), "'as-is' or 'to-be'"),
        ("alt: Sarah at the wheel of her old car}", "}", (9, 3, "JM002"), "'alt' in persona.image"),
        ("  image: {path", "  image: {pth", (9, 11, "JM002"), "did you mean 'path'"),
        (
            "      - I never know",
            "      - 42\n      - I never know",
            (16, 9, "JM002"),
            "expected a string or a mapping, got an integer",
        ),
        ("        who: Parent", "        whoo: Parent", (18, 9, "JM002"), "did you mean 'who'"),
        ("date: 2026-03\n", "date: 2026-13\n", (20, 15, "JM002"), "'2026-13' is not a date"),
        ("date: 2026-03-14", "date: 2026-02-30", (39, 86, "JM002"), "not a date on the calendar"),
        (
            "        status: in-progress",
            "        status: doing",
            (33, 17, "JM002"),
            "'in-progress'",
        ),
        ("value: 5", "value: 7", (31, 16, "JM002"), "value 7 is off the scale 1-5"),
        ("effort: 2", "effort: 0", (32, 17, "JM002"), "effort 0 is off the scale"),
        (
            "owner: Sales\n        value",
            "owner: Salse\n        value",
            (30, 16, "JM008"),
            "did you mean 'Sales'",
        ),
        (
            "[signs-the-contract]",
            "[sign-the-contract]",
            (29, 21, "JM012"),
            "did you mean 'signs-the-contract'",
        ),
        (
            "[signs-the-contract]",
            "[Signs the contract]",
            (29, 21, "JM012"),
            "did you mean 'signs-the-contract'",
        ),
        (
            "      conversion: 0.35",
            "      conversion: true",
            (37, 19, "JM002"),
            "expected a number, a string or a mapping, got a boolean",
        ),
        ("nps: {value: 31,", "nps: {valu: 31,", (39, 13, "JM002"), "did you mean 'value'"),
        (
            "target: 40, better: higher, ",
            "target: 40, ",
            (39, 36, "JM002"),
            "has a target but does not say which way is better",
        ),
        ("better: lower", "better: less", (56, 68, "JM002"), "'higher' or 'lower'"),
        ("{value: 25,", "{value: '25',", (56, 33, "JM002"), "expected an integer or a number"),
    ],
)
def test_new_invalid_cases(
    workdir: Path, old: str, new: str, expected: tuple[int, int, str], words: str
) -> None:
    (workdir / "sarah.png").write_bytes(png())
    assert old in FULL
    code, problems, messages = check(workdir, FULL.replace(old, new, 1))
    assert code == 1
    # an unknown key also reports the required field it hides (`pth`: 'path' missing)
    found = dict(zip([p[1:] for p in problems], messages, strict=True))
    assert expected in found, (problems, messages)
    assert words in found[expected]


def test_duplicate_opportunity_ids_but_not_duplicate_strings(workdir: Path) -> None:
    (workdir / "sarah.png").write_bytes(png())
    text = FULL.replace(
        "      - Keep the website fast\n",
        "      - Keep the website fast\n      - Keep the website fast\n"
        "      - {name: Call back, id: call-back}\n",
    )
    code, problems, messages = check(workdir, text)
    assert code == 1
    assert problems == [("m.jmap.yaml", 30, 13, "JM007")]
    assert messages == [
        "duplicate opportunity id 'call-back' (also opportunity 3 of stage 'Discovery')"
    ]


def test_backstage_touchpoint_needs_no_channel(workdir: Path) -> None:
    (workdir / "sarah.png").write_bytes(png())
    assert "backstage: true" in FULL and FULL.count("channel:") == 2
    assert check(workdir, FULL)[0] == 0


REFERENCES = VALID.replace(
    "title: Buying a family car\n",
    "title: Buying a family car\njourney: car\nbased_on: REF\n",
)


@pytest.mark.parametrize(
    ("ref", "files", "words"),
    [
        ("gone.jmap.yaml", {}, "does not exist"),
        ("../outside.jmap.yaml", {}, "escapes the project root"),
        ("sub", {"sub/x.jmap.yaml": VALID}, "does not exist or is not a regular file"),
        ("notes.txt", {"notes.txt": "hello"}, "is not a map file"),
        ("m.jmap.yaml", {}, "is this map itself"),
        ("bad.jmap.yaml", {"bad.jmap.yaml": "jmap: 1\ntitle: x\n"}, "is not a valid map"),
        ("broken.jmap.yaml", {"broken.jmap.yaml": "jmap: [1\n"}, "is not a valid map"),
        (
            "other.jmap.yaml",
            {"other.jmap.yaml": VALID.replace("title:", "journey: service\ntitle:")},
            "is a view of journey 'service', but this map is one of journey 'car'",
        ),
    ],
)
def test_bad_based_on(workdir: Path, ref: str, files: dict[str, str], words: str) -> None:
    for name, text in files.items():
        (workdir / name).parent.mkdir(exist_ok=True)
        (workdir / name).write_text(text)
    code, problems, messages = check(workdir, REFERENCES.replace("REF", ref))
    assert code == 1
    assert problems == [("m.jmap.yaml", 4, 11, "JM012")]
    assert words in messages[0]


def test_based_on_without_journeys_on_both_sides_is_not_compared(workdir: Path) -> None:
    (workdir / "a.jmap.yaml").write_text(VALID)  # says no journey: its id is 'a'
    assert check(workdir, REFERENCES.replace("REF", "a.jmap.yaml"))[0] == 0


def test_maps_linking_each_other_do_not_loop(workdir: Path) -> None:
    a = VALID.replace("title:", "links: [{map: b.jmap.yaml, relation: next}]\ntitle:")
    b = VALID.replace("title:", "links: [{map: a.jmap.yaml, relation: previous}]\ntitle:")
    (workdir / "a.jmap.yaml").write_text(a)
    (workdir / "b.jmap.yaml").write_text(b)
    result = run_jmap("validate", "a.jmap.yaml", "b.jmap.yaml")
    assert (result.exit_code, result.problems()) == (0, [])


def test_link_to_a_missing_map(workdir: Path) -> None:
    text = VALID.replace("title:", "links:\n  - map: service.jmap.yaml\ntitle:")
    code, problems, messages = check(workdir, text)
    assert code == 1
    assert problems == [("m.jmap.yaml", 3, 10, "JM012")]
    assert messages == ["link 'service.jmap.yaml' does not exist or is not a regular file"]


IMAGE = VALID.replace(
    "  goals: [A safe car]\n", "  goals: [A safe car]\n  image: {path: IMG, alt: Sarah}\n"
)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "not a PNG, JPEG, GIF or WebP"),
        (b"<!doctype html><script>alert(1)</script>", "not a PNG, JPEG, GIF or WebP"),
        (b"", "not a PNG, JPEG, GIF or WebP"),
        (b"\x89PNG\r\n\x1a\n" + bytes(2 * 1024 * 1024), "over the limit of 2,097,152"),
    ],
)
def test_bad_images(workdir: Path, content: bytes, words: str) -> None:
    (workdir / "sarah.png").write_bytes(content)
    code, problems, messages = check(workdir, IMAGE.replace("IMG", "sarah.png"))
    assert code == 1
    assert problems == [("m.jmap.yaml", 7, 17, "JM012")]
    assert words in messages[0]


@pytest.mark.parametrize(
    "header",
    [
        png(),
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"GIF89a\x01\x00\x01\x00",
        b"RIFF\x1a\x00\x00\x00WEBPVP8 ",
    ],
)
def test_image_kinds_by_their_bytes(workdir: Path, header: bytes) -> None:
    (workdir / "pic.png").write_bytes(header)  # the name does not matter: the bytes do
    assert check(workdir, IMAGE.replace("IMG", "pic.png"))[0] == 0
    assert image_kind(header) is not None


def test_max_image_bytes_is_configurable(workdir: Path) -> None:
    (workdir / "sarah.png").write_bytes(png())
    (workdir / "jmap.toml").write_text("max-image-bytes = 20\n")
    code, _, messages = check(workdir, IMAGE.replace("IMG", "sarah.png"))
    assert code == 1 and "over the limit of 20" in messages[0]
    (workdir / "jmap.toml").write_text("max-image-bytes = 0\n")
    result = run_jmap("validate", "m.jmap.yaml")
    assert result.exit_code == 2
    assert "max-image-bytes must be a positive integer" in result.stderr


def test_image_outside_the_project_and_missing(workdir: Path) -> None:
    text = VALID.replace(
        "    actions: [Searches online]\n",
        "    actions: [Searches online]\n    images:\n"
        "      - {path: ../x.png, alt: Outside}\n      - {path: gone.png, alt: Missing}\n",
    )
    code, problems, messages = check(workdir, text)
    assert code == 1
    assert [p[1:] for p in problems] == [(13, 16, "JM012"), (14, 16, "JM012")]
    assert "escapes the project root" in messages[0]
    assert "does not exist" in messages[1]


def test_persona_file_image_is_relative_to_the_persona_file(workdir: Path) -> None:
    (workdir / "personas").mkdir()
    (workdir / "personas" / "sarah.png").write_bytes(png())
    persona = "name: Sarah\nimage:\n  path: sarah.png\n  alt: Sarah\n"
    (workdir / "personas" / "sarah.persona.yaml").write_text(persona)
    text = VALID.replace(
        "persona:\n  name: Sarah\n  description: Mother of two\n  goals: [A safe car]\n",
        "persona: personas/sarah.persona.yaml\n",
    )
    assert check(workdir, text)[0] == 0
    (workdir / "personas" / "sarah.png").write_text("<svg/>")
    result = run_jmap("validate", "m.jmap.yaml")
    assert ("personas/sarah.persona.yaml", 3, 9, "JM012") in result.problems()


def test_helpers_give_one_shape() -> None:
    assert quote_of("Hi").text == "Hi"
    opportunity = opportunity_of("Send quotes by email!")
    assert (opportunity.id, opportunity.status, opportunity.open) == (
        "send-quotes-by-email",
        "idea",
        True,
    )
    assert opportunity_of(Opportunity.model_validate({"name": "x", "status": "done"})).open is False
    assert metric_of("6 days") is None
    assert metric_value("6 days") == "6 days"
    assert metric_label("median_days", 6) == "median days"
    # known acronyms in capitals whatever their case; a word in capitals stays so
    assert [
        metric_label(key, 1)
        for key in ("nps_90_days", "Csat", "reply_SLA_hours", "aht_minutes", "revenue_eur")
    ] == ["NPS 90 days", "CSAT", "reply SLA hours", "AHT minutes", "revenue EUR"]
    assert [metric_label(key, 1) for key in ("iPhone_share", "idle_time", "_")] == [
        "iPhone share",
        "idle time",  # an acronym is a whole word, not the start of one
        "_",
    ]
    nps = Metric.model_validate({"value": 31, "target": 40, "better": "higher", "label": "NPS"})
    assert (metric_of(nps), metric_label("nps", nps), nps.met()) == (nps, "NPS", False)
    wait = Metric.model_validate({"value": 8, "target": 10, "better": "lower"})
    assert (wait.met(), Metric.model_validate({"value": 1}).met()) == (True, None)


def test_references_at_a_git_revision(workdir: Path) -> None:
    """`jmap diff --rev` reads maps as committed: images by their committed first bytes,
    linked maps as committed, whatever the working tree holds now."""
    import subprocess

    from journeymap_cli.io.git import GitLoader, GitSource

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=workdir, check=True, capture_output=True)

    (workdir / "sarah.png").write_bytes(png())
    (workdir / "next.jmap.yaml").write_text(VALID)
    text = IMAGE.replace("IMG", "sarah.png").replace(
        "title:", "links: [{map: next.jmap.yaml, relation: next}]\ntitle:"
    )
    (workdir / "m.jmap.yaml").write_text(text)
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "maps")
    (workdir / "sarah.png").write_text("<svg/>")  # the working tree changes, HEAD does not
    (workdir / "next.jmap.yaml").unlink()
    loaded = GitLoader(GitSource("HEAD", workdir)).load_map(workdir / "m.jmap.yaml")
    assert (loaded.ok, loaded.diagnostics) == (True, [])
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "svg")
    loaded = GitLoader(GitSource("HEAD", workdir)).load_map(workdir / "m.jmap.yaml")
    assert [(d.line, d.code) for d in loaded.diagnostics] == [(2, "JM012"), (8, "JM012")]
    assert "does not exist" in loaded.diagnostics[0].message
    assert "not a PNG" in loaded.diagnostics[1].message
