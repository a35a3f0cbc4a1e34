"""Synthetic text in the portal's languages, and the random choices every part of the load data shares."""

import random
from itertools import accumulate

from portal.site.loaddata.vocabulary import RARE, WORDS

LANGUAGE_WEIGHTS = {"en": 40, "fr": 15, "es": 15, "ru": 8, "ar": 8, "pt": 6, "hi": 4, "zh-hans": 4}
BODY_LENGTHS = {"description": 60, "objectives": 12, "activities": 12, "results": 10, "lessons_learned": 8}
RARE_PROBABILITY = 0.01


class Text:
    """Zipf-like sentences in one language: word k is drawn with weight 1/k."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words = {code: words.split() for code, words in WORDS.items()}
        # Cumulative weights, computed once: random.choices would add the weights up again at every call.
        self.cumulative = {
            code: list(accumulate(1 / rank for rank in range(1, len(words) + 1))) for code, words in self.words.items()
        }
        self.rare = {code: words.split() for code, words in RARE.items()}

    def words_in(self, language: str, count: int) -> list[str]:
        return self.rng.choices(self.words[language], cum_weights=self.cumulative[language], k=count)

    def title(self, language: str, count: int = 5) -> str:
        return " ".join(self.words_in(language, count)).capitalize()

    def sentence(self, language: str, count: int) -> str:
        words = self.words_in(language, count)
        if language == "zh-hans":
            return "".join(words) + "。"
        return " ".join(words).capitalize() + "."

    def practice(self, language: str) -> dict[str, str]:
        texts = {"title": self.title(language), "summary": self.sentence(language, 25)}
        for field_name, length in BODY_LENGTHS.items():
            texts[field_name] = self.sentence(language, length)
        for word in self.rare[language]:
            if self.rng.random() < RARE_PROBABILITY:
                texts["description"] += " " + word
        return texts


def pick(rng: random.Random, ids: list[int], low: int, high: int) -> list[int]:
    return sorted(rng.sample(ids, min(rng.randint(low, high), len(ids))))


def language(rng: random.Random) -> str:
    return rng.choices(list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values()))[0]


def languages(rng: random.Random) -> list[str]:
    """Two to four languages, the original first."""
    original = language(rng)
    chosen = {original}
    wanted = rng.randint(2, 4)
    while len(chosen) < wanted:
        chosen.add(language(rng))
    return [original] + sorted(chosen - {original})
