"""The rules file is data with examples: every example of a rule must fire it, every counter-example
must not, and the forms the issue names are covered in each language."""

import pytest

from sarap.review import rules

RULES = [r for r in rules.rules() if r.pattern is not None]
CASES = [(r.id, text, True) for r in RULES for text in r.examples] + [
    (r.id, text, False) for r in RULES for text in r.counter_examples
]


@pytest.mark.parametrize(("rule_id", "text", "fires"), CASES, ids=[f"{c[0]}:{c[1][:30]}" for c in CASES])
def test_each_rule_fires_on_its_examples_and_not_on_its_counter_examples(rule_id, text, fires):
    rule = next(r for r in RULES if r.id == rule_id)
    if rule.requires == "org":
        pytest.skip("needs a listed name: exercised through the scorer")
    assert rules.matches(rule, text) is fires


def test_every_violating_rule_has_examples():
    for rule in RULES:
        if rule.category != rules.COUNTER and rule.requires != "org":
            assert rule.examples, f"{rule.id} has no examples"


@pytest.mark.parametrize(
    "text",
    [
        # imperative, first-person plural, future and modal forms, in kk/ru/en
        "Атыңдар!",
        "Кәпірлерді өлтіріңдер!",
        "Оларды өлтіріңіздер!",
        "Сатқындарды өлтірейік!",
        "Шіркеуді өртейік!",
        "Біз оларды өлтіреміз.",
        "Оларды өлтіру керек.",
        "Убейте их!",
        "Давайте убьём их.",
        "Убьём всех неверных.",
        "Надо убить предателей.",
        "Let us kill them.",
        "We will kill you all.",
        "These traitors should burn.",
        "I will kill every one of them.",
        "Behead them all!",
        "Shoot them!",
    ],
)
def test_the_forms_the_issue_names_are_covered(text):
    assert any(rules.matches(r, text) for r in RULES if r.category != rules.COUNTER and r.requires is None), (
        text
    )
