"""People's names: the order they sort in, and the keys that catch one person entered twice.

Sorting: “Hideshi Tokuchi” → “Tokuchi, Hideshi”; a FAMILY name written in capitals is the
family name wherever it stands (“TOKUCHI Hideshi” → “Tokuchi, Hideshi”); a romanised Chinese or
Korean name written family name first with a hyphenated given name (“Tsai Ing-wen”, “Moon
Jae-in”) or in pinyin (“Xi Jinping”) keeps that order; a name in Chinese or Japanese characters
sorts as written. Staff can always type the sort name themselves.

Duplicates: two records are probably one person when their names have the same words in any
order, case, accents or common romanisation (“Shinzō Abe”, “ABE Shinzo”, “Shinzou Abe”; “Hsu”
and “Xu”); when one gives only initials (“H. Tokuchi”); or when one's name in the other script is
the other's name (“徳地秀士”).
"""

import re
import unicodedata

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")

# Common Chinese (pinyin and Wade–Giles) and Korean family names, for recognising a name written
# family name first. Names that are also common Western given names (Lee, Young, Song …) are left
# out: “Lee Smith” must stay “Smith, Lee”.
_FAMILY_NAMES = """
    wang li zhang liu chen yang huang zhao wu zhou xu sun zhu hu guo lin gao luo zheng liang xie
    tang han cao feng deng xiao cheng cai peng pan yuan dong su ye lu wei jiang tian du ding shen
    fan fu zhong cui tan jia xue xia qian qin yin gu hou meng bai kong mao qiu shi xi tsai hsu
    hsieh kuo chiang chou chang hsiao tseng chiu liao lai yeh chuang hsueh tsao chien chung
    kim park choi jung kang cho yoon jang lim shin seo kwon hwang ahn yoo hong jeon moon
"""
EAST_ASIAN_FAMILY_NAMES = frozenset(_FAMILY_NAMES.split())
# Wade–Giles and other spellings → pinyin, so “Hsu” and “Xu” share a key.
ROMANISATION = {
    "hsu": "xu", "tsai": "cai", "chang": "zhang", "chou": "zhou", "hsieh": "xie", "kuo": "guo",
    "chiang": "jiang", "hsiao": "xiao", "tseng": "zeng", "chiu": "qiu", "yeh": "ye",
    "chuang": "zhuang", "hsueh": "xue", "tsao": "cao", "chien": "qian", "chung": "zhong",
    "teng": "deng", "tung": "dong", "kao": "gao", "lee": "li", "rhee": "li",
    "yi": "li", "pak": "park", "choe": "choi", "chong": "jung",
}  # fmt: skip
# Japanese long vowels and Kunrei spellings → plain Hepburn, so “Shinzō”, “Shinzou”, “Shinzoh”
# and “Shinzo” agree.
_JAPANESE = [
    (re.compile(r"ou|oo|oh(?![aeiou])"), "o"), (re.compile(r"uu"), "u"),
    (re.compile(r"ti"), "chi"), (re.compile(r"tu"), "tsu"), (re.compile(r"(?<![sc])hu"), "fu"),
    (re.compile(r"si"), "shi"), (re.compile(r"zi"), "ji"),
]  # fmt: skip


def fold(text):
    """Lower case, accents removed (ō → o), hyphens and apostrophes dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[-'’.]", "", folded.lower())


def words(name):
    return [w for w in re.split(r"[\s,]+", name.strip()) if w]


def is_family_caps(word):
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def default_sort_name(display_name):
    """The sort name derived from a display name (see the module's docstring)."""
    parts = words(display_name)
    if len(parts) < 2 or CJK.search(display_name):
        return " ".join(parts) or display_name
    capitals = [i for i, w in enumerate(parts) if is_family_caps(w)]
    if len(capitals) == 1 and len(parts) > len(capitals):
        family = parts.pop(capitals[0])
        return f"{family.title()}, {' '.join(parts)}"
    if _family_name_first(parts):
        return f"{parts[0]}, {' '.join(parts[1:])}"
    return f"{parts[-1]}, {' '.join(parts[:-1])}"


def _family_name_first(parts):
    first, rest = fold(parts[0]), parts[1:]
    if first not in EAST_ASIAN_FAMILY_NAMES:
        return False
    if len(rest) == 1 and "-" in rest[0]:  # Tsai Ing-wen, Moon Jae-in
        return True
    # Xi Jinping: a pinyin given name is never itself a family name.
    return len(rest) == 1 and fold(rest[0]) not in EAST_ASIAN_FAMILY_NAMES and len(rest[0]) > 3


def word_key(word):
    word = fold(word)
    word = ROMANISATION.get(word, word)
    for pattern, replacement in _JAPANESE:
        word = pattern.sub(replacement, word)
    return word


def name_key(name):
    """Same words in any order, case, accents or romanisation → the same key. A name in
    characters is its own key (spaces removed)."""
    key = " ".join(sorted(word_key(w) for w in words(name) if fold(w)))
    return (key or "".join(name.split()))[:200]


def initials_key(name):
    """(family name, first initial) when the given names are only initials (“H. Tokuchi”)."""
    parts = [w for w in words(name) if fold(w)]
    if len(parts) < 2:
        return None
    capitals = [w for w in parts if is_family_caps(w)]
    family = capitals[0] if len(capitals) == 1 else parts[-1]
    given = [w for w in parts if w is not family]
    if all(len(fold(w)) == 1 for w in given):
        return (word_key(family), fold(given[0]))
    return None


def family_initial_keys(name):
    """Every (family name, first initial) a full name could be abbreviated to."""
    parts = [w for w in words(name) if fold(w)]
    if len(parts) < 2:
        return set()
    sort = default_sort_name(name)
    family, _, given = sort.partition(", ")
    keys = {(word_key(family), fold(given)[:1])}
    keys.add((word_key(parts[-1]), fold(parts[0])[:1]))  # as written, Western order
    return keys


def twins(people):
    """``people``: (pk, display_name, other_script_name) → {pk: set of pks probably the same}."""
    found = {}

    def pair(a, b):
        if a != b:
            found.setdefault(a, set()).add(b)
            found.setdefault(b, set()).add(a)

    by_key, by_script, abbreviated = {}, {}, []
    for pk, display, other in people:
        by_key.setdefault(name_key(display), []).append(pk)
        for script_name in (other, display if CJK.search(display) else ""):
            if script_name:
                by_script.setdefault("".join(script_name.split()), []).append(pk)
        if (key := initials_key(display)) is not None:
            abbreviated.append((pk, key))
    by_key.pop("", None)
    for group in [*by_key.values(), *by_script.values()]:
        for pk in group[1:]:
            pair(group[0], pk)
            for other in group[1:]:
                pair(pk, other)
    if abbreviated:
        for pk, display, _ in people:
            if initials_key(display) is None:
                full = family_initial_keys(display)
                for short_pk, key in abbreviated:
                    if key in full:
                        pair(pk, short_pk)
    return found
