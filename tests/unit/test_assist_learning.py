"""Issue #13: the suggestion pass learns from what the project has coded: the texts linked to its
actors as evidence, and a sub-event type model trained on its events (checked against
scikit-learn's logistic regression, the same model)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from annotator.assist import ActorDictionary, Gazetteer, Suggestion, SuggestionEngine
from annotator.assist.event_model import EventTypeModel, features
from annotator.assist.learning import CodedAlias, CodedExample, ProjectLearning
from annotator.assist.suggest import engine_with_learning
from annotator.domain.codebook import Codebook

PUBLISHED = dt.date(2015, 1, 6)


def actors(found: list[Suggestion]) -> list[tuple[str, str, float]]:
    return [(s.text, s.value["name"], s.confidence) for s in found if s.label == "actor"]


def engine(codebook: Codebook, gazetteer: Gazetteer, *aliases: CodedAlias) -> SuggestionEngine:
    pairs = tuple(sorted({(a.actor, a.type_code) for a in aliases if a.type_code is not None}))
    return engine_with_learning(codebook, gazetteer, ProjectLearning(actors=pairs, aliases=aliases))


# ---- actors: the project's own phrasing ----


def test_a_text_coded_for_an_actor_names_it_in_that_country(codebook: Codebook, gazetteer: Gazetteer) -> None:
    # "boys" is no word the codebook or the crowd reading knows ("cadres attacked" would be rioters cold).
    text = "In Dhaka, Bangladesh, JCD boys attacked a bus on Sunday."
    cold = engine(codebook, gazetteer)
    assert not [a for a in actors(cold.suggest(text, published=PUBLISHED)) if a[0] == "boys"]
    learnt = engine(codebook, gazetteer, CodedAlias("boys", "Rioters (Bangladesh)", 5, "Bangladesh"))
    assert ("boys", "Rioters (Bangladesh)", 0.9) in actors(learnt.suggest(text, published=PUBLISHED))


def test_the_projects_reading_wins_over_the_codebooks(codebook: Codebook, gazetteer: Gazetteer) -> None:
    text = "In Dhaka, Bangladesh, assailants set fire to a bus on Sunday."
    learnt = engine(
        codebook,
        gazetteer,
        CodedAlias("assailants", "Rioters (Bangladesh)", 5, "Bangladesh"),
        CodedAlias("Assailants", "Rioters (Bangladesh)", 5, "Bangladesh"),
        CodedAlias("assailants", "Unidentified Communal Group (Bangladesh)", 4, "Bangladesh"),
    )
    assert actors(learnt.suggest(text, published=PUBLISHED))[0][:2] == ("assailants", "Rioters (Bangladesh)")


def test_a_generic_reading_carries_to_another_country_only_when_clear(codebook: Codebook, gazetteer: Gazetteer) -> None:
    # (A word the codebook does not know: "bandits" became one of its own.)
    kenya = "In Kisumu, Kenya, raiders shot a trader on Monday."
    once = engine(codebook, gazetteer, CodedAlias("raiders", "Unidentified Armed Group (Bangladesh)", 3, "Bangladesh"))
    assert not [a for a in actors(once.suggest(kenya, published=PUBLISHED)) if a[0] == "raiders"]
    twice = engine(
        codebook,
        gazetteer,
        *[CodedAlias("raiders", "Unidentified Armed Group (Bangladesh)", 3, "Bangladesh")] * 2,
    )
    found = actors(twice.suggest(kenya, published=PUBLISHED))
    assert ("raiders", "Unidentified Armed Group (Kenya)", 0.75) in found
    # Whether a crowd rioted or protested is the event's: a crowd reading is not carried abroad.
    crowd = engine(codebook, gazetteer, *[CodedAlias("members", "Rioters (Bangladesh)", 5, "Bangladesh")] * 3)
    assert "Rioters (Kenya)" not in [a[1] for a in actors(crowd.suggest("In Kenya, members met.", published=PUBLISHED))]


def test_state_forces_of_one_country_are_not_learnt_for_another(codebook: Codebook, gazetteer: Gazetteer) -> None:
    guard = "Military Forces of Libya (2016-) Presidential Guard"
    learnt = engine(codebook, gazetteer, *[CodedAlias("government troops", guard, 1, "Libya")] * 3)
    libya = actors(learnt.suggest("Government troops clashed with IS fighters in Sirte, Libya.", published=PUBLISHED))
    assert (guard, 0.9) in [(name, c) for _t, name, c in libya]
    nigeria = actors(learnt.suggest("Government troops shelled Maiduguri, Nigeria.", published=PUBLISHED))
    assert [name for _t, name, _c in nigeria] == ["Military Forces of Nigeria (2015-2023)"]


def test_a_named_groups_coded_text_names_it_anywhere(codebook: Codebook, gazetteer: Gazetteer) -> None:
    awami = "AL: Bangladesh Awami League"
    learnt = engine(codebook, gazetteer, CodedAlias("Awami League men", awami, 3, "Bangladesh"))
    found = actors(learnt.suggest("Awami League men attacked a rally in Kolkata, India.", published=PUBLISHED))
    assert ("Awami League men", awami, 0.75) in found
    # Written with capitals: the same words in lower case are no name.
    assert awami not in [a[1] for a in actors(learnt.suggest("awami league men came.", published=PUBLISHED))]


def test_pronouns_and_numbers_are_not_learnt(codebook: Codebook) -> None:
    dictionary = ActorDictionary(
        codebook,
        [("Rioters (Kenya)", 5)],
        project_aliases=[CodedAlias("they", "Rioters (Kenya)", 5, "Kenya"), CodedAlias("12", "Rioters (Kenya)", 5, "")],
    )
    assert dictionary.resolve("they", event_country="Kenya") is None
    assert "they" not in dictionary.phrases() and "12" not in dictionary.phrases()


# ---- the sub-event type model ----

_SENTENCES = {
    "Peaceful protest": ["teachers marched peacefully demanding pay", "students held a sit-in over fees",
                         "workers rallied outside the ministry", "nurses demonstrated over unpaid wages"],
    "Violent demonstration": ["youths torched tyres and stoned cars", "a mob burned the police post",
                              "rioters looted shops and set fire", "crowd vandalised vehicles and threw stones"],
    "Armed clash": ["soldiers exchanged fire with militants", "the army fought rebels for hours",
                    "troops clashed with fighters near the border", "gunfire between police and bandits"],
}  # fmt: skip


def _examples(n: int) -> list[tuple[str, str]]:
    rng = np.random.default_rng(7)
    out = []
    for sub, sentences in _SENTENCES.items():
        for _ in range(n):
            picked = rng.choice(sentences, size=2, replace=False)
            out.append((f"{picked[0]} in the town, and later {picked[1]}.", sub))
    return out


def test_the_model_is_scikit_learns_logistic_regression(codebook: Codebook) -> None:
    from sklearn.linear_model import LogisticRegression

    train, test = _examples(10), _examples(4)
    model = EventTypeModel.train(train, l2=1.0)
    assert model is not None and model.examples == 30
    x = _rows([features(t) for t, _s in train], model.vocabulary)
    reference = LogisticRegression(C=1.0, max_iter=2000, tol=1e-8).fit(x, [s for _t, s in train])
    for text, sub in test:
        ours = dict(model.rank(text))
        theirs = dict(
            zip(reference.classes_, reference.predict_proba(_rows([features(text)], model.vocabulary))[0], strict=True)
        )
        assert max(ours, key=ours.__getitem__) == sub
        for name, p in theirs.items():
            assert ours[name] == pytest.approx(p, abs=2e-3)


def _rows(rows: list[list[str]], vocabulary: dict[str, int]) -> np.ndarray:
    from annotator.assist.event_model import _matrix

    return _matrix(rows, vocabulary).toarray()


def test_too_few_events_or_one_type_train_no_model() -> None:
    assert EventTypeModel.train(_examples(1)) is None  # 3 events
    assert EventTypeModel.train([(t, "Armed clash") for t, _s in _examples(10)]) is None


def test_a_saved_model_reads_back_the_same(tmp_path: Path) -> None:
    model = EventTypeModel.train(_examples(6))
    assert model is not None
    model.save(tmp_path / "m.npz")
    again = EventTypeModel.load(tmp_path / "m.npz")
    text = "youths burned tyres in the market"
    assert again.rank(text) == model.rank(text) and again.examples == model.examples


def test_the_engine_offers_the_projects_top_three(codebook: Codebook, gazetteer: Gazetteer, tmp_path: Path) -> None:
    # A project that codes strikes by workers as peaceful protests: "strike" alone is no trigger of
    # that type in the codebook, but the project's events teach it.
    examples = tuple(CodedExample(t, "", s) for t, s in _examples(10)) + tuple(
        CodedExample(f"Dock workers went on strike over {why} and marched peacefully.", "Protests", "Peaceful protest")
        for why in ("pay", "hours", "safety", "pensions", "contracts", "bonuses")
    )
    text = "In Mombasa, Kenya, dock workers held a strike and marched peacefully on Monday."
    cold = SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, countries=gazetteer.countries))
    learning = ProjectLearning(examples=examples, project="p1")
    learnt = engine_with_learning(codebook, gazetteer, learning, cache=tmp_path)
    assert learnt.event_model is not None
    action = next(s for s in learnt.suggest(text, published=PUBLISHED) if s.label == "action")
    cold_action = next(s for s in cold.suggest(text, published=PUBLISHED) if s.label == "action")
    assert "alternatives" not in cold_action.value
    assert action.value["sub_event_type"] == "Peaceful protest"
    assert action.value["event_type"] == "Protests"
    offered = [action.value["sub_event_type"], *(a["sub_event_type"] for a in action.value["alternatives"])]
    assert len(offered) == 3 == len(set(offered))
    # Kept under the project's name: a second engine reads it back, and a newer model replaces it.
    kept = list(tmp_path.glob("event-model-p1-*.npz"))
    assert len(kept) == 1
    again = engine_with_learning(codebook, gazetteer, learning, cache=tmp_path)
    assert again.event_model is not None and again.event_model.rank(text) == learnt.event_model.rank(text)
    more = ProjectLearning(
        examples=(*examples, CodedExample("troops shelled the camp.", "", "Armed clash")), project="p1"
    )
    engine_with_learning(codebook, gazetteer, more, cache=tmp_path)
    assert len(list(tmp_path.glob("event-model-p1-*.npz"))) == 1 and not kept[0].exists()


def test_rule_readings_are_features(codebook: Codebook, gazetteer: Gazetteer) -> None:
    engine = SuggestionEngine(codebook, gazetteer, ActorDictionary(codebook, countries=gazetteer.countries))
    assert "Air/drone strike" in engine.rule_types("A drone strike hit the convoy.")
    assert "rule=Air/drone strike" in features("A drone strike hit the convoy.", engine.rule_types)


def test_words_coded_more_than_one_way_offer_the_other_readings(codebook: Codebook, gazetteer: Gazetteer) -> None:
    learnt = engine(
        codebook,
        gazetteer,
        *[CodedAlias("villagers", "Rioters (Bangladesh)", 5, "Bangladesh")] * 2,
        CodedAlias("villagers", "Protesters (Bangladesh)", 6, "Bangladesh"),
    )
    found = learnt.suggest("In Bogra, Bangladesh, villagers blocked the road.", published=PUBLISHED)
    villagers = next(s for s in found if s.label == "actor" and s.text == "villagers")
    assert villagers.value["name"] == "Rioters (Bangladesh)"
    # The project's other reading, then the codebook's.
    assert [a["name"] for a in villagers.value["alternatives"]] == ["Protesters (Bangladesh)", "Civilians (Bangladesh)"]
