"""Measurements of a rendered service blueprint (JavaScript run over DevTools), and
blueprints to render for them: generated maps with all three layers and links that cross
stages both ways."""

from __future__ import annotations

import json
from typing import Any

# Every line and arrow head of the blueprint against every text in it (cards, lane and line
# names, stage heads, the lanes above the line of interaction) and against every card's
# box; cards against each other; and each arrow's two ends against the two cards it joins.
# Rectangles that only touch (an arrow's tip on a card's edge) do not count as crossing;
# nor does a line that passes under the lane names' column, which stays in view, opaque
# and above the arrows, while a wide blueprint scrolls sideways.
BLUEPRINT = """(() => {
  const bp = document.querySelector('.bp');
  if (!bp) return null;
  const box = el => el.getBoundingClientRect();
  const cross = (a, b, slack) => a.left < b.right - slack && b.left < a.right - slack
    && a.top < b.bottom - slack && b.top < a.bottom - slack;
  const texts = [];
  const owners = '.bp-card, .bp-lane, .bp-line-name, .bp-cell, .bp-head';
  for (const el of bp.querySelectorAll(owners)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim() || n.parentElement.closest('.sr')) continue;
      const range = document.createRange(); range.selectNodeContents(n);
      for (const r of range.getClientRects())
        if (r.width > 0 && r.height > 0)
          texts.push({r, text: n.textContent.trim().slice(0, 30), owner: el});
    }
  }
  const cards = [...bp.querySelectorAll('.bp-card')];
  const cardBox = new Map(cards.map(c => [c.dataset.id, box(c)]));
  const segments = [...bp.querySelectorAll('.bp-wire i')].map(i => ({
    r: box(i), kind: i.className, giver: i.parentElement.dataset.giver,
    taker: i.parentElement.dataset.taker}));
  const crossings = [], onCards = [], overlaps = [], loose = [], outside = [];
  const wireZ = +getComputedStyle(bp.querySelector('.bp-wire') || bp).zIndex || 0;
  const covers = el => {  // a sticky label painted over the arrows, hiding them
    const style = getComputedStyle(el);
    const opaque = !['transparent', 'rgba(0, 0, 0, 0)'].includes(style.backgroundColor);
    return style.position === 'sticky' && opaque && (+style.zIndex || 0) > wireZ;
  };
  // a card's text stays inside its card (the gutters beside it are the arrows')
  for (const t of texts) {
    if (!t.owner.classList.contains('bp-card')) continue;
    const c = box(t.owner);
    if (t.r.left < c.left - 0.5 || t.r.right > c.right + 0.5 || t.r.top < c.top - 0.5
        || t.r.bottom > c.bottom + 0.5) outside.push([t.owner.dataset.id, t.text]);
  }
  for (const s of segments) {
    for (const t of texts)
      if (cross(s.r, t.r, 0.5) && !covers(t.owner)) crossings.push([s.giver, s.taker, t.text]);
    for (const [id, c] of cardBox) if (cross(s.r, c, 0.5)) onCards.push([s.giver, s.taker, id]);
  }
  for (let i = 0; i < cards.length; i++)
    for (let j = i + 1; j < cards.length; j++)
      if (cross(box(cards[i]), box(cards[j]), 0.5))
        overlaps.push([cards[i].dataset.id, cards[j].dataset.id]);
  // each arrow: its head's tip on the taker's side, its first line from the giver's side
  const wires = new Map();
  for (const s of segments) {
    const key = s.giver + ' -> ' + s.taker;
    if (!wires.has(key)) wires.set(key, []);
    wires.get(key).push(s);
  }
  const near = (x, y) => Math.abs(x - y) <= 1.5;
  const within = (y, c) => y > c.top + 1 && y < c.bottom - 1;
  let joined = 0;
  for (const [key, segs] of wires) {
    const giver = cardBox.get(segs[0].giver), taker = cardBox.get(segs[0].taker);
    const head = segs.find(s => s.kind.startsWith('head'));
    const tipOk = head && within((head.r.top + head.r.bottom) / 2, taker) && (
      head.kind === 'head-left' ? near(head.r.left, taker.right) : near(head.r.right, taker.left));
    const start = segs.find(s => s.kind === 'h' && within((s.r.top + s.r.bottom) / 2, giver)
      && (near(s.r.left, giver.right) || near(s.r.right, giver.left)));
    if (tipOk && start) joined++; else loose.push(key);
  }
  const wrap = document.querySelector('.bp-wrap');
  return {cards: cards.length, texts: texts.length, segments: segments.length,
          wires: wires.size, joined, crossings, onCards, overlaps, loose, outside,
          innerWidth: window.innerWidth, docScroll: document.documentElement.scrollWidth,
          wrapScrolls: wrap.scrollWidth > wrap.clientWidth + 1};
})()"""

_STAGES = ["Discover", "Compare", "Try", "Buy", "Receive", "Use", "Renew", "Leave"]


def generated_blueprint(stages: int) -> str:
    """A valid blueprint map (JSON is YAML): per stage two frontstage touchpoints, two
    backstage and one support, linked within the stage and to stages before and after."""
    body: list[dict[str, Any]] = []
    for i in range(stages):
        word = _STAGES[i % len(_STAGES)]
        nxt, prev = (i + 1) % stages, (i + stages - 2) % stages
        body.append(
            {
                "name": f"{word} stage",
                "actions": [f"Customer action while they {word.lower()}"],
                "physical_evidence": [f"{word} letter", "Receipt"],
                "emotion": 1 + (i * 2) % 5,
                "touchpoints": [
                    {
                        "name": f"{word}: speaks to an advisor about the options",
                        "id": f"f{i}a",
                        "channel": "Showroom",
                        "owner": "Sales",
                        "performance": 1 + i % 5,
                        "target": 5,
                        "moment_of_truth": i % 3 == 0,
                    },
                    {
                        "name": f"{word}: gets a confirmation",
                        "id": f"f{i}b",
                        "channel": "Email",
                        "owner": "Operations",
                        "performance": 2,
                        "target": 4,
                    },
                    {
                        "name": f"{word}: advisor prepares the paperwork",
                        "id": f"b{i}a",
                        "layer": "backstage",
                        "actor": "Sales advisor",
                        "owner": "Sales",
                        "supports": [f"f{i}a", f"f{nxt}b"],
                    },
                    {
                        "name": f"{word}: back office checks",
                        "id": f"b{i}b",
                        "layer": "backstage",
                        "actor": "Back office clerk",
                        "owner": "Operations",
                        "supports": [f"f{i}b"],
                    },
                    {
                        "name": f"{word} platform",
                        "id": f"s{i}",
                        "layer": "support",
                        "actor": "Core system",
                        "owner": "IT",
                        "performance": 1 + (i + 2) % 5,
                        "supports": [f"b{i}a", f"b{i}b", f"f{prev}a"],
                    },
                ],
            }
        )
    document = {
        "jmap": 1,
        "title": f"Generated blueprint with {stages} stages",
        "persona": {"name": "Jo", "goals": ["Get it done"], "description": "A customer"},
        "stages": body,
    }
    return json.dumps(document, indent=2)
