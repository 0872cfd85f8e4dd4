"""Measurements taken inside a rendered page (JavaScript run over DevTools), and maps to
render for them: generated maps of any number of stages with long words and big numbers."""

from __future__ import annotations

import json

LAYOUT = """(() => {
  const wrap = document.querySelector('.grid-wrap'), grid = document.querySelector('.grid');
  const summary = document.querySelector('.summary');
  const top = document.querySelector('.top3 .top-name');
  return {
    innerWidth: window.innerWidth,
    docScroll: document.documentElement.scrollWidth,
    stageRights: [...document.querySelectorAll('.stage-head')]
      .map(h => h.getBoundingClientRect().right),
    gridWidth: grid.getBoundingClientRect().width,
    wrapWidth: wrap.clientWidth,
    wrapScrolls: wrap.scrollWidth > wrap.clientWidth + 1,
    summaryBottom: summary.getBoundingClientRect().bottom + window.scrollY,
    topHotspotBottom: top ? top.getBoundingClientRect().bottom + window.scrollY : null,
  };
})()"""

# An element whose text sits on more than one line box is broken; so is a word whose
# range has rectangles on two lines. Whole elements: numbers and small labels; words:
# metric labels, lane names, card tags, stage names.
UNBROKEN = """(() => {
  const lines = rects => {
    const rs = [...rects].filter(r => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top);
    return rs.length > 1 && rs.some(r => r.top >= rs[0].bottom - 2);
  };
  const broken = [], seen = new Set();
  let checked = 0;
  const whole = '.num, .metric-value, .metric-target, .tag, .level-word, .mot-flag, .state, .tick';
  const texts = el => {  // visible text nodes: not the 1-pixel screen-reader words
    const out = [], walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      if (n.textContent.trim() && !n.parentElement.closest('.sr')) out.push(n);
    return out;
  };
  for (const el of document.querySelectorAll(whole)) {
    if (seen.has(el) || el instanceof SVGElement || !el.textContent.trim()) continue;
    seen.add(el); checked++;
    const rects = [];
    for (const node of texts(el)) {
      const range = document.createRange(); range.selectNodeContents(node);
      rects.push(...range.getClientRects());
    }
    if (lines(rects)) broken.push(el.textContent.trim());
  }
  const worded = '.metrics dt, .lane-name, .label, .tag, .stage-name, .figure-label, .card-name,'
    + ' .grid tbody th';
  for (const el of document.querySelectorAll(worded)) {
    if (el instanceof SVGElement) continue;
    for (const node of texts(el)) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        checked++;
        if (lines(range.getClientRects())) broken.push(m[0]);
      }
    }
  }
  return {checked, broken};
})()"""

CURVE = """(() => {
  const svg = document.querySelector('svg.curve');
  const boxes = [...svg.querySelectorAll('text.label')].map(t => t.getBoundingClientRect());
  const overlaps = [], crossings = [], samples = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        overlaps.push([i, j]);
    }
  for (const path of svg.querySelectorAll('.plot path.line')) {
    const total = path.getTotalLength(), ctm = path.getScreenCTM();
    for (let s = 0; s <= total; s += 1.5) {
      const p = path.getPointAtLength(s);
      const q = new DOMPoint(p.x, p.y).matrixTransform(ctm);
      samples.push([q.x, q.y]);
    }
  }
  boxes.forEach((b, i) => {
    const inside = ([x, y]) =>
      x > b.left + 1 && x < b.right - 1 && y > b.top + 1 && y < b.bottom - 1;
    if (samples.some(inside))
      crossings.push(i);
  });
  const ticks = [...document.querySelectorAll('.axis-cell .tick')].map(t => {
    const r = t.getBoundingClientRect(); return (r.top + r.bottom) / 2; });
  return {labels: boxes.length, points: svg.querySelectorAll('circle').length,
          samples: samples.length, overlaps, crossings,
          swing: Math.max(...ticks) - Math.min(...ticks)};
})()"""

# WCAG contrast of every text against the background it is painted on (the nearest
# ancestor's colours blended), for HTML text (color) and SVG text (fill).
CONTRAST = """(() => {
  const parse = c => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3]));
  const lum = rgb => {
    const f = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let base = [255, 255, 255];
    for (const layer of layers.reverse()) base = over(layer, base);
    return base;
  };
  const failures = [];
  let checked = 0;
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const isSvg = el instanceof SVGElement;
    const ink = parse(isSvg ? style.fill : style.color);
    if (!ink) continue;
    const bg = background(isSvg ? el.closest('svg').parentElement : el);
    const fg = over(ink, bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    checked++;
    if (ratio < 4.5) failures.push({
      text: el.textContent.trim().slice(0, 40), ratio: +ratio.toFixed(2),
      color: isSvg ? style.fill : style.color, bg: 'rgb(' + bg.map(Math.round).join(',') + ')'});
  }
  return {dark: matchMedia('(prefers-color-scheme: dark)').matches, checked, failures};
})()"""

_EMOTIONS = [3, 1, 5, 2, 4, 3, 1, 5]
_WORDS = [
    "Onboarding",
    "Implementation",
    "Configuration",
    "Reconciliation",
    "Troubleshooting",
    "Administration",
    "Renewal",
    "Offboarding",
]


def generated_map(stages: int) -> str:
    """A valid map (JSON is YAML) with long words, big numbers and full emotional swings."""
    body = []
    for i in range(stages):
        word = _WORDS[i % len(_WORDS)]
        body.append(
            {
                "name": f"{word} and {word.lower()}",
                "description": f"Stage {i + 1}: what happens during {word.lower()}.",
                "actions": [f"Works through the {word.lower()} checklist", "Asks a colleague"],
                "thoughts": ["Is this ever going to end?"],
                "feelings": ["overwhelmed", "determined", "curious"],
                "emotion": _EMOTIONS[i % len(_EMOTIONS)],
                "barriers": ["Internationalisation of the administration interface"],
                "opportunities": [f"Simplify {word.lower()}"],
                "metrics": {
                    "organic_visits_per_week": 125400 + i,
                    "conversion_rate": 0.0345,
                    "median_days_to_first_value": 14,
                },
                "touchpoints": [
                    {
                        "name": f"Completes the {word.lower()} wizard",
                        "channel": "Customer success portal",
                        "owner": "Implementation consultancy",
                        "performance": 1 + i % 5,
                        "target": 5,
                        "importance": 4,
                        "moment_of_truth": i % 2 == 0,
                        "would_pay": [True, False, None][i % 3],
                        "pain_points": ["Loses progress when the session times out"],
                        "evidence": [
                            "https://research.example.com/studies/2026/onboarding-interviews/"
                            "participant-seventeen-transcript.pdf",
                            "Support tickets, Q3 2026",
                        ],
                    },
                    {
                        "name": f"Account provisioning {i + 1}",
                        "owner": "Platform engineering",
                        "backstage": True,
                        "pain_points": ["Manual approval step"],
                    },
                ],
            }
        )
    document = {
        "jmap": 1,
        "title": f"Generated journey with {stages} stages",
        "description": "A generated map for layout tests: long words, large numbers.",
        "owner": "Layout test team",
        "tags": ["generated", "layout"],
        "scenario": "Maria signs her company up and gets twelve colleagues working in it.",
        "persona": {
            "name": "Maria Quintero-Vasconcelos",
            "segment": "Operations managers at mid-sized companies",
            "goals": ["Get everyone productive in the first week"],
            "frustrations": ["Tools that need a consultant"],
        },
        "stages": body,
    }
    return json.dumps(document, indent=2)
