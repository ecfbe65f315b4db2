import math
import re

from tips import receipts


def test_the_word_list_has_2048_distinct_plain_words():
    words = receipts.wordlist()
    assert len(words) == len(set(words)) == 2048
    assert all(re.fullmatch(r"[a-z]{3,8}", word) for word in words)


def test_the_secret_carries_about_77_bits():
    assert receipts.SECRET_WORDS * math.log2(len(receipts.wordlist())) >= 77


def test_secrets_are_seven_words_and_differ_each_time():
    secrets = {receipts.new_secret() for _ in range(50)}
    assert len(secrets) == 50
    assert all(len(secret.split()) == 7 for secret in secrets)


def test_codes_use_only_unambiguous_characters_in_groups_of_four():
    code = receipts.new_code()
    assert re.fullmatch(f"[{receipts.CODE_ALPHABET}]{{12}}", code)
    assert not set("0O1IL5S2Z8B") & set(receipts.CODE_ALPHABET)
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}", receipts.format_code(code))
    assert receipts.normalise_code(receipts.format_code(code).lower()) == code


def test_a_secret_matches_its_hash_however_it_is_typed_and_nothing_else_does():
    secret = receipts.new_secret()
    stored = receipts.hash_secret(secret)
    assert secret not in stored
    assert receipts.secret_matches(f"  {secret.upper().replace(' ', ' - ')} ", stored)
    assert not receipts.secret_matches(secret + " extra", stored)


def test_the_hash_is_keyed_so_another_secret_key_gives_another_hash(settings):
    secret = receipts.new_secret()
    stored = receipts.hash_secret(secret)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "another-secret-key-entirely-0123456789abcdef"
    assert receipts.hash_secret(secret) != stored
    assert not receipts.secret_matches(secret, stored)
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert receipts.secret_matches(secret, stored)
