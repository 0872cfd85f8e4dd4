"""A map whose every text field carries an injection payload (HTML, links, Markdown)."""

from __future__ import annotations

import json

PAYLOAD = (
    '<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>'
    " | pipe | and\nnewline [click](javascript:alert(4)) `code` *bold* # heading: colon; semi"
)


def _s(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def hostile_map() -> str:
    p = _s(PAYLOAD)
    return f"""\
jmap: 1
title: {_s("<script>alert('title')</script>")}
description: {p}
owner: {p}
tags: [{p}]
scenario: {p}
persona:
  name: {p}
  description: {p}
  segment: {p}
  goals: [{p}]
  frustrations: [{p}]
  traits: [{p}]
  quote: {p}
stages:
  - name: {p}
    description: {p}
    goals: [{p}]
    actions: [{p}]
    thoughts: [{p}]
    feelings: [{p}]
    emotion: 2
    barriers: [{p}]
    motivations: [{p}]
    questions: [{p}]
    opportunities: [{p}]
    metrics: {{{p}: {p}}}
    touchpoints:
      - name: {p}
        id: front
        channel: {p}
        owner: {p}
        moment_of_truth: true
        would_pay: true
        performance: 1
        target: 5
        pain_points: [{p}]
        notes: {p}
        evidence: ["javascript:alert(5)", "data:text/html,<script>alert(6)</script>",
                   "https://example.com/ok?a=1&b=2", {p}]
      - name: {_s(PAYLOAD + " backstage")}
        id: back
        backstage: true
        owner: {p}
        performance: 2
  - name: Second
    emotion: 4
"""
