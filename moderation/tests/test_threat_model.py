"""The threat model: each shape of threat is held and labelled `threat`; idioms, crime reports and
anger at the police are published; moderators change the building blocks in admin and the next
comment is judged by the change."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from moderation.classifier import PUBLISH, THREAT, Term, compile_lexicon
from moderation.lexicon import current_lexicon
from moderation.lexicon_defaults import DEFAULT_TERMS
from moderation.models import ModerationTerm

SHIPPED = compile_lexicon(Term(*row) for row in DEFAULT_TERMS)


def _threat(text: str) -> bool:
    return THREAT in SHIPPED.classify(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "I'm gonna shoot that cop.",
        "We were planning on running him off the road.",
        "I'd be stabbing him the second he walked in.",
        "I swear I'm putting him in the ground.",
    ],
)
def test_an_intention_in_any_tense_is_a_threat(text):
    assert _threat(text)


@pytest.mark.parametrize(
    "text",
    ["I hope someone slits his throat.", "Hope his car blows up with him in it.", "He deserves a bullet."],
)
def test_a_wish_that_harm_comes_to_someone_is_a_threat(text):
    assert _threat(text)


@pytest.mark.parametrize(
    "text",
    [
        "The guy who tipped them off is going to be found in a ditch.",
        "That deputy's gonna get capped eventually.",
        "That rat is going to bleed for this.",
    ],
)
def test_a_prediction_or_passive_harm_is_a_threat(text):
    assert _threat(text)


def test_a_condition_with_a_harm_is_a_threat():
    assert _threat("If that woman testifies she's not making it to the courthouse.")


@pytest.mark.parametrize(
    "text",
    [
        "I know which bus stop your daughter uses.",
        "I know what time the officer's kid gets picked up from daycare.",
        "We know where he lives. Sleep well.",
        "The school his kids go to isn't that far from my place.",
    ],
)
def test_knowing_where_someone_lives_or_goes_with_a_warning_is_a_threat(text):
    assert _threat(text)


@pytest.mark.parametrize(
    "text",
    [
        "Would be a real shame if something happened to your kids.",
        "Nice house you got, be a pity if it caught fire.",
        "Somebody should drag him behind a truck.",
        "Bet that officer doesn't know we follow him home every night.",
        "I'm loading up and heading to the station tonight.",
        "Going to drive my truck straight through that crowd at the police picnic.",
        "Someone ought to torch the station with everyone inside.",
    ],
)
def test_warnings_calls_to_others_stalking_arms_and_vehicles_are_threats(text):
    assert _threat(text)


@pytest.mark.parametrize(
    "text",
    [
        "This post kills me, look at his face.",
        "I'd kill for a coffee right now.",
        "Y'all are killing it with these arrests.",
        "Shoot me a message if you need the doorbell footage.",
        "He was shot last week two blocks from here.",
        "The robber had a knife, the cashier was lucky.",
        "I'm going to find out who beat my brother.",
        "I would never hurt anyone.",
        "Cops pulled a gun on my brother for a broken tail light. Explain that.",
        "Officers who lie on reports should be fired and charged.",
        "I know that truck, it's always parked behind the laundromat, I'll call it in.",
        "Lock him up and throw away the key.",
    ],
)
def test_idioms_crime_reports_and_anger_at_the_police_are_published(text):
    assert SHIPPED.classify(text).action == PUBLISH


@pytest.mark.parametrize("text", ["What a dickwad.", "Piss off with your propaganda.", "Go to hell, all of you."])
def test_compound_insults_and_rude_imperatives_are_profanity(text):
    assert SHIPPED.classify(text).reasons == ("profanity",)


def test_a_rule_explains_which_words_it_matched():
    explained = SHIPPED.explain("Ok. I'll kill you.")
    assert ("threat", "{actor} .. {intent} .. {harm}", "I'll kill you") in explained
    assert ("threat", "{ahead} ... .. {harm_word} & {harm_target} & !{not_a_threat}", "I'll kill you") in explained


@pytest.mark.django_db
def test_a_word_added_to_a_building_block_in_admin_changes_the_verdict(
    client, moderator, django_capture_on_commit_callbacks
):
    assert not current_lexicon().classify("I'm going to pummel him.").held
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:moderation_moderationterm_add"),
            {"text": "pummel", "category": "block", "match": "word", "block": "violent_act", "is_active": "on"},
        )
    assert response.status_code == 302
    assert current_lexicon().classify("I'm going to pummel him.").reasons == ("threat",)
    assert current_lexicon().classify("She pummelled him, the video shows it.").action == PUBLISH
    assert AuditEntry.objects.filter(action="moderation.term.added", actor=moderator).exists()


@pytest.mark.django_db
def test_a_rule_added_in_admin_holds_comments_of_its_shape(client, moderator, django_capture_on_commit_callbacks):
    text = "Somebody tell the tipster to count his days."
    assert not current_lexicon().classify(text).held
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:moderation_moderationterm_add"),
            {"text": "{protected} ... count . days", "category": "threat", "match": "rule", "is_active": "on"},
        )
    assert response.status_code == 302
    assert current_lexicon().classify(text).reasons == ("threat",)


@pytest.mark.django_db
def test_a_safe_idiom_added_in_admin_stops_a_hold(moderator, django_capture_on_commit_callbacks):
    from moderation import services

    text = "I'm going to kill this workout."
    assert current_lexicon().classify(text).held is False  # "this workout" is no one
    text = "We're going to destroy them on Saturday, go Tigers!"
    assert current_lexicon().classify(text).reasons == ("threat",)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_term(
            ModerationTerm(text="destroy them on saturday|sunday", category="block", match="word", block="safe_idiom"),
            actor=moderator,
            created=True,
        )
    assert current_lexicon().classify(text).action == PUBLISH


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "{no_such_block} . him", "category": "threat", "match": "rule"}, "no building block named"),
        ({"text": "(unclosed", "category": "block", "match": "word", "block": "violent_act"}, "without its"),
        ({"text": "kill", "category": "block", "match": "word", "block": "Violent Act"}, "lower case letters"),
        ({"text": "{actor} kill", "category": "allow", "match": "rule"}, "choose the reason"),
    ],
)
def test_a_broken_block_entry_or_rule_is_refused_with_a_message_and_nothing_is_saved(
    client, moderator, fields, message
):
    client.force_login(moderator)
    count = ModerationTerm.objects.count()
    response = client.post(reverse("admin:moderation_moderationterm_add"), {**fields, "is_active": "on"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ModerationTerm.objects.count() == count


@pytest.mark.django_db
def test_a_circle_of_blocks_is_refused(moderator):
    from django.core.exceptions import ValidationError

    ModerationTerm.objects.create(text="{loop_b}", category="block", match="exact", block="loop_a")
    term = ModerationTerm(text="{loop_a}", category="block", match="exact", block="loop_b")
    with pytest.raises(ValidationError, match="circle"):
        term.full_clean()


@pytest.mark.parametrize(
    "text",
    [
        "The next deputy who shows up at my door is getting stabbed.",
        "Hope that judge has good life insurance.",
        "We're all going to be outside the precinct with bats tonight.",
        "My guys will be visiting every one of those witnesses before the hearing.",
        "Pretty soon that prosecutor is going to be pushing up daisies.",
    ],
)
def test_the_sentence_model_catches_harm_a_target_and_what_lies_ahead_in_any_order(text):
    assert _threat(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hope they find the guy who beat up the mail carrier.",
        "The officer who shot him should be in prison for life.",
        "My mom is going to murder me when she sees this.",
        "This chase policy is going to get someone killed.",
        "Whoever did this needs to be caught before he hurts someone else.",
        "I'm going down to the station to ask for the body cam footage.",
    ],
)
def test_reports_lawful_wishes_and_hyperbole_are_evidence_against_a_threat(text):
    assert SHIPPED.classify(text).action == PUBLISH


@pytest.mark.django_db
def test_a_sentence_rule_added_in_admin_holds_its_cues_in_any_order_unless_the_evidence_against_is_there(
    moderator, django_capture_on_commit_callbacks
):
    from moderation import services

    threat, report = "That lighthouse keeper, we will skewer.", "We will read how they skewered the keeper in prison."
    assert not current_lexicon().classify(threat).held
    with django_capture_on_commit_callbacks(execute=True):
        services.save_term(
            ModerationTerm(
                text="{ahead} ... skewer & keeper & !{not_a_threat}", category="threat", match="rule", note=""
            ),
            actor=moderator,
            created=True,
        )
    assert current_lexicon().classify(threat).reasons == ("threat",)
    assert current_lexicon().classify(report).action == PUBLISH
    assert current_lexicon().explain(threat) == [
        ("threat", "{ahead} ... skewer & keeper & !{not_a_threat}", "That lighthouse keeper, we will skewer")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!{not_a_threat} & !{family}", "at least one part that must be present"),
        ("{harm_word} & ! ", "names nothing after the !"),
        ("{harm_word} & {no_such_block}", "no building block named"),
    ],
)
def test_a_broken_sentence_rule_is_refused_with_a_message_and_nothing_is_saved(client, moderator, text, message):
    client.force_login(moderator)
    count = ModerationTerm.objects.count()
    response = client.post(
        reverse("admin:moderation_moderationterm_add"),
        {"text": text, "category": "threat", "match": "rule", "is_active": "on"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ModerationTerm.objects.count() == count


@pytest.mark.parametrize(
    "text",
    [
        "Does anyone know what time he gets off work? No reason lol",
        "What's the penalty for running over a pedophile? Asking hypothetically.",
        "Ran into him at the gas station earlier. Next time I won't be so polite.",
        "The school resource officer better not come back Monday if he wants to keep his teeth.",
        "Maybe somebody should treat his house the way he treated that store. Just an idea.",
        "His plate is JRK 3390, usually parked behind the Dollar General. Do with that what you will.",
    ],
)
def test_feigned_innocence_the_price_of_harm_and_withdrawn_restraint_are_threats(text):
    assert _threat(text)


@pytest.mark.parametrize(
    "text",
    [
        "The suspect posted 'watch what happens to whoever snitched' on his Instagram before the arrest.",
        "I hope the judge buries him under the jail.",
        "If he was my son I'd drag him to the station myself by his ear.",
        "He's a dead man walking once the DNA comes back.",
        "Officer Grant lives on our street and he's the nicest neighbor.",
        "Blow this post up. Share it everywhere. Somebody knows where this little girl is.",
        "I could strangle my husband for leaving the garage open again.",
        "Our softball team killed it. Rematch next year, we're coming for that trophy.",
    ],
)
def test_reported_threats_lawful_punishment_and_a_missing_child_appeal_are_published(text):
    assert SHIPPED.classify(text).action == PUBLISH
