#!/usr/bin/env python3
"""A campaign round for the benchmarks (issue 15): UNITS units, each a body and CADRES
cadres, on the annual two-kind sheet (bodies 好/较好/一般/差 with 5 items, cadres
优秀/称职/基本称职/不称职 with 6, cadres flagged above one third), four categories.
Usage: scripts/bench-campaign-round.py UNITS CADRES  → the JSON body of POST /api/v1/rounds."""
import json, sys
units, cadres = int(sys.argv[1]), int(sys.argv[2])
def scale(opts):
    return [{"key": k, "label": l, "points": p, "polarity": pol} for k, l, p, pol in opts]
body = scale([("good", "好", 100, "positive"), ("fair", "较好", 80, "positive"), ("average", "一般", 60, "positive"), ("poor", "差", 0, "negative")]) + [{"key": "dont_know", "label": "不了解", "polarity": "abstain"}]
cadre = scale([("excellent", "优秀", 100, "positive"), ("competent", "称职", 80, "positive"), ("basic", "基本称职", 60, "positive"), ("incompetent", "不称职", 0, "negative")]) + [{"key": "dont_know", "label": "不了解", "polarity": "abstain"}]
items = [{"key": "body_overall", "title": "班子总体评价", "overall": True, "applies_to": "body"}]
items += [{"key": k, "title": t, "applies_to": "body"} for k, t in [("political", "思想政治建设"), ("leadership", "领导能力"), ("results", "工作实绩"), ("integrity", "党风廉政建设")]]
items += [{"key": "cadre_overall", "title": "干部总体评价", "overall": True, "applies_to": "cadre"}]
items += [{"key": k, "title": t, "applies_to": "cadre"} for k, t in [("virtue", "德"), ("ability", "能"), ("diligence", "勤"), ("achievement", "绩"), ("honesty", "廉")]]
targets = []
for u in range(units):
    targets.append({"key": f"u{u:02d}", "name": f"第{u + 1}单位领导班子", "kind": "body"})
    targets += [{"key": f"u{u:02d}-{c:02d}", "name": f"干部{u + 1}-{c + 1}", "kind": "cadre", "parent": f"u{u:02d}", "position": "副局长"} for c in range(cadres)]
cats = [{"key": k, "name": n, "weight": 1} for k, n in [("masses", "群众代表"), ("two_reps_one_member", "两代表一委员"), ("subordinate_heads", "下属单位负责人"), ("service_clients", "服务对象")]]
print(json.dumps({"title": "县直单位年度民主测评", "scale": body, "cadre_scale": cadre, "rules_by_kind": {"cadre": {"flag_threshold": "1/3"}},
    "categories": cats, "items": items, "targets": targets}, ensure_ascii=False))
