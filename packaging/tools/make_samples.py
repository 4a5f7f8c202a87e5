"""Writes resources/samples/articles.jsonl: short news-style articles written for this project.

Spans of the coded article are given as quoted phrases and located here, so their offsets are exact.
Run: python packaging/tools/make_samples.py
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "resources" / "samples" / "articles.jsonl"

ARTICLES = [
    {
        "id": "sample-001",
        "title": "Teachers march on regional office in Nakuru over unpaid allowances",
        "source": "Rift Valley Courier",
        "url": "https://example.org/rvc/2024/06/teachers-march",
        "published": "2024-06-12",
        "language": "en",
        "text": (
            "NAKURU — Several hundred teachers marched through the centre of Nakuru on Tuesday, demanding "
            "allowances they say have gone unpaid since January.\n\n"
            "The protesters gathered outside the county education office and sang for about three hours. "
            "Police watched from the roadside but did not intervene, and the crowd dispersed peacefully "
            "in the afternoon.\n\n"
            "A union official said the teachers would return next week if the ministry does not respond. "
            "No injuries were reported."
        ),
        "coded": {
            "coder": "demo",
            "status": "done",
            "spans": [
                ("T1", "teachers", "actor", 0),
                ("T2", "marched", "action", 0),
                ("T3", "Nakuru", "location", 0),
                ("T4", "on Tuesday", "date", 0),
                ("T5", "Police", "actor", 0),
            ],
            "events": [
                {
                    "id": "E1",
                    "fields": {
                        "event_date": "2024-06-11",
                        "time_precision": 1,
                        "event_type": "Protests",
                        "sub_event_type": "Peaceful protest",
                        "actor1": "Protesters (Kenya)",
                        "assoc_actor_1": "Teachers (Kenya)",
                        "inter1": "Protesters",
                        "country": "Kenya",
                        "admin1": "Nakuru",
                        "location": "Nakuru",
                        "latitude": -0.3031,
                        "longitude": 36.08,
                        "geo_precision": 1,
                        "source": "Rift Valley Courier",
                        "source_scale": "Subnational",
                        "notes": "On 11 June 2024, several hundred teachers marched in Nakuru town "
                        "(Nakuru) over unpaid allowances. The protest ended peacefully.",
                        "fatalities": 0,
                        "tags": "crowd size=several hundred",
                    },
                    "evidence": {"actor1": ["T1"], "sub_event_type": ["T2"], "location": ["T3"], "event_date": ["T4"]},
                },
            ],
        },
    },
    {
        "id": "sample-002",
        "title": "Drone strike hits vehicle near Al-Malikiyah, two killed",
        "source": "Northeast Monitor",
        "url": "https://example.org/nem/2024/05/drone-strike",
        "published": "2024-05-20",
        "language": "en",
        "text": (
            "A drone strike hit a car on the road outside Al-Malikiyah (Derik) in Hasakah province on "
            "Sunday evening, killing two men, according to local medics.\n\n"
            "Residents said the vehicle was travelling towards the Iraqi border when it was struck. "
            "No group has claimed the attack. A Russian patrol passed through the area earlier that day, "
            "witnesses said, but there was no sign it was involved.\n\n"
            "Last week, protesters in Qamishli demonstrated against rising bread prices."
        ),
    },
    {
        "id": "sample-003",
        "title": "Clashes between herders and farmers leave five dead in Benue",
        "source": "Middle Belt Daily",
        "url": "https://example.org/mbd/2024/04/benue-clashes",
        "published": "2024-04-08",
        "language": "en",
        "text": (
            "MAKURDI — Five people were killed when armed herders and farmers clashed in a village in "
            "Guma local government area of Benue state early on Saturday, police said.\n\n"
            "A police spokesperson said officers were deployed to restore calm and that three suspects "
            "had been arrested. Several houses were set on fire during the fighting.\n\n"
            "Community leaders called for a meeting with the state government before the end of the month."
        ),
    },
    {
        "id": "sample-004",
        "title": "Kharkiv: overnight shelling damages apartment blocks",
        "source": "Eastern Front Wire",
        "url": "https://example.org/efw/2024/03/kharkiv-shelling",
        "published": "2024-03-15",
        "language": "en",
        "text": (
            "KHARKIV — Artillery shelling overnight damaged three apartment blocks in the Saltivskyi "
            "district of Kharkiv, the regional governor said on Friday morning.\n\n"
            "One civilian was killed and four were injured. Emergency crews worked through the night to "
            "clear rubble.\n\n"
            "Officials said early this month that air defences had been reinforced around the city."
        ),
    },
    {
        "id": "sample-005",
        "title": "Students rally in Oaxaca 📣 over transport fares",
        "source": "Sur Noticias (English edition)",
        "url": "https://example.org/sur/2024/02/oaxaca-rally",
        "published": "2024-02-22",
        "language": "en",
        "text": (
            "OAXACA 📣 — Hundreds of students rallied outside the state congress in Oaxaca de Juárez on "
            "Wednesday 🚌 to protest a rise in bus fares.\n\n"
            "Organisers shared photos with the hashtag #TarifaJusta ✊🏽 and said the march was peaceful. "
            "Riot police blocked one street but no arrests were made.\n\n"
            "The students said they would rally again in early March 🗓️."
        ),
    },
    {
        "id": "sample-006",
        "title": "اعتقال ناشطين في الخرطوم بعد احتجاج على انقطاع الكهرباء",
        "source": "صحيفة النيل",
        "url": "https://example.org/nile/2024/07/khartoum-arrests",
        "published": "2024-07-03",
        "language": "ar",
        "text": (
            "الخرطوم — اعتقلت قوات الأمن يوم الاثنين خمسة ناشطين في حي بري بالخرطوم، بعد احتجاج على "
            "انقطاع الكهرباء المتكرر، بحسب ما قال أقارب المعتقلين.\n\n"
            "وقال شهود إن المحتجين أغلقوا شارعاً رئيسياً لمدة ساعة قبل أن تفرقهم الشرطة بالغاز المسيل "
            "للدموع. ولم ترد تقارير عن إصابات.\n\n"
            "Residents said power cuts in Khartoum have lasted up to twenty hours a day since June."
        ),
    },
    {
        "id": "sample-007",
        "title": "Farmers block highway near Lille in fuel-price protest",
        "source": "Nord Express",
        "url": "https://example.org/nord/2024/01/lille-farmers",
        "published": "2024-01-26",
        "language": "en",
        "text": (
            "LILLE — Farmers drove dozens of tractors onto the A1 motorway near Lille on Thursday, "
            "blocking traffic for most of the day in protest at rising diesel prices.\n\n"
            "Gendarmes diverted traffic but made no attempt to clear the road. The farmers' union said "
            "the blockade would continue until the government agreed to talks.\n\n"
            "A similar protest took place in Arras last week."
        ),
    },
]


def locate(text: str, phrase: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def build(article: dict) -> dict:
    coded = article.pop("coded", None)
    record = {**article, "meta": {"sample": True}, "annotations": []}
    if coded:
        spans = []
        for key, phrase, label, occurrence in coded["spans"]:
            start, end = locate(article["text"], phrase, occurrence)
            spans.append({"id": key, "start": start, "end": end, "label": label, "text": phrase})
        record["annotations"].append(
            {
                "coder": coded["coder"],
                "kind": "coder",
                "status": coded["status"],
                "spans": spans,
                "events": coded["events"],
            }
        )
    return record


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="\n") as handle:
        for article in ARTICLES:
            handle.write(json.dumps(build(dict(article)), ensure_ascii=False) + "\n")
    print(f"wrote {len(ARTICLES)} articles to {OUT}")


if __name__ == "__main__":
    main()
