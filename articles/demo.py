"""Synthetic but realistic commentaries for demos and scale tests.

Deterministic: commentary ``i`` is always the same, so ``demo --articles N`` run twice adds
nothing the second time, and a larger N only adds the missing ones.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from authors.models import Affiliation, Author, Organization
from prospect.images import renditions
from prospect.images.models import ImageCredit
from prospect.images.uploads import placeholder_image

from . import workflow
from .body import markdown_to_html
from .models import Article, Byline, EditorNote, Language, Series, Status, TaggedArticle

SERIES = [
    ("Prospects & Perspectives", "Short commentaries on cross-Strait and international affairs."),
    ("Indo-Pacific Outlook", "Analysis of security and diplomacy across the Indo-Pacific."),
    ("Cross-Strait Briefs", "Concise briefings on relations across the Taiwan Strait."),
    ("Economic Security Notes", "Supply chains, technology controls and trade policy."),
]
DISCLAIMER = (
    "The views expressed in this publication are those of the authors and do not necessarily "
    "reflect the policy or the position of the Prospect Foundation."
)
ORGANIZATIONS = [
    ("Institute for Maritime Strategy", "IMS"),
    ("Centre for Indo-Pacific Studies", "CIPS"),
    ("Northeast Asia Policy Forum", "NAPF"),
    ("Council on Democratic Resilience", "CDR"),
    ("Graduate School of International Affairs", ""),
    ("Pacific Security Research Group", "PSRG"),
    ("Institute of Economic Security", "IES"),
    ("東亞政策研究中心", ""),
    ("Foundation for Regional Stability", "FRS"),
    ("School of Law and Diplomacy", ""),
]
TITLES = [
    "Senior Fellow", "Research Fellow", "Director", "President", "Professor",
    "Associate Professor", "Visiting Scholar", "Executive Director", "Adjunct Researcher",
]  # fmt: skip
GIVEN = [
    "Mei-ling", "Kenji", "Sarah", "David", "Yu-chen", "Hiroshi", "Anna", "Thomas", "Priya",
    "Wen-hsin", "Daniel", "Aiko", "James", "Elena", "Chih-hao", "Marcus", "Naoko", "Laura",
]  # fmt: skip
FAMILY = [
    "Chen", "Suzuki", "Miller", "Lin", "Tanaka", "Novak", "Huang", "Fischer", "Sato", "Wang",
    "Okafor", "Kobayashi", "Lee", "Duarte", "Tsai", "Moreau", "Yamamoto", "Kowalski",
]  # fmt: skip
CHINESE_NAMES = ["陳美玲", "林宇辰", "黃志豪", "王文心", "蔡明哲", "張雅婷", "李建國", "吳佳穎"]
TOPICS = [
    "Taiwan Strait", "Japan", "United States", "China", "Deterrence", "Elections",
    "Semiconductors", "Supply chains", "South China Sea", "Alliances", "Democracy",
    "Gray-zone tactics", "Energy security", "Trade policy", "Cybersecurity", "Korean Peninsula",
    "Southeast Asia", "Europe", "Nuclear policy", "Disinformation", "Maritime security",
    "Diplomacy", "Defense budgets", "Technology controls",
]  # fmt: skip
SUBJECTS = [
    "Deterrence in the Taiwan Strait", "The Next Phase of Japan-Taiwan Ties",
    "Semiconductor Supply Chains", "Gray-Zone Pressure at Sea", "Alliance Management in Asia",
    "Energy Security for Island Economies", "Europe's Indo-Pacific Turn",
    "Disinformation and Democratic Resilience", "Trade Rules After the Pandemic",
    "Maritime Law and the South China Sea", "The Korean Peninsula and Regional Stability",
    "Defense Budgets and Readiness", "Technology Controls and Their Limits",
]  # fmt: skip
FRAMES = [
    "Rethinking {}", "{}: What Comes Next", "Why {} Matters Now", "The Limits of {}",
    "{} in an Election Year", "Three Lessons on {}", "{} and the Search for Stability",
]  # fmt: skip
SENTENCES = [
    "Policymakers in the region have watched these developments with growing concern.",
    "The balance of capabilities has shifted markedly over the past decade.",
    "Allies and partners will need to coordinate more closely than before.",
    "Economic interdependence cuts both ways, creating leverage as well as vulnerability.",
    "Public opinion has moved faster than official policy on this question.",
    "None of this makes conflict inevitable, but it does raise the cost of miscalculation.",
    "The record of the past year offers grounds for cautious optimism.",
    "Domestic politics will shape how far governments are willing to go.",
    "Institutions built for a different era are being asked to carry new weight.",
    "Clear communication remains the most underrated instrument of deterrence.",
    "Smaller states have more agency in this contest than is often assumed.",
    "Any durable settlement will require patience and a degree of ambiguity.",
]  # fmt: skip
HEADINGS = [
    "The strategic picture", "What has changed", "Risks and uncertainties",
    "Options for policymakers", "The way ahead", "Implications for the region",
]  # fmt: skip
ZH_TITLES = ["台海情勢的新挑戰", "日台關係的下一步", "半導體供應鏈與經濟安全", "印太區域的民主韌性"]
ZH_SENTENCES = [
    "區域各國政府密切關注相關情勢的發展。",
    "過去十年間，軍事力量的對比已出現明顯變化。",
    "盟友與夥伴之間需要比以往更緊密的協調。",
    "經濟上的相互依存既帶來影響力，也帶來脆弱性。",
    "清晰的溝通仍是嚇阻中最被低估的工具。",
]  # fmt: skip


def ensure_series():
    return [
        Series.objects.get_or_create(
            name=name, defaults={"description": description, "editors_note": DISCLAIMER}
        )[0]
        for name, description in SERIES
    ]


def ensure_pictures(count=12):
    existing = list(ImageCredit.objects.filter(title__startswith="Demo picture "))
    for i in range(len(existing), count):
        rng = random.Random(f"picture-{i}")
        picture = ImageCredit(
            title=f"Demo picture {i + 1}",
            alt_text="Placeholder: a plain coloured panel standing in for a news photograph.",
            caption=rng.choice(SENTENCES),
            credit_source=rng.choice(["Office of the President", "總統府", "Ministry of Defense"]),
            credit_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(2000)),
            credit_platform=rng.choice(["Flickr", "Facebook", "X", ""]),
            credit_url=f"https://example.org/photos/{1000 + i}",
            licence=rng.choice(["CC BY 2.0", "Public domain", "Used with permission"]),
        )
        picture.image = placeholder_image(1200, 675, seed=i)
        picture.save()
        renditions.ensure(picture)
        existing.append(picture)
    return existing


def ensure_authors(count):
    organizations = [
        Organization.objects.get_or_create(name=name, defaults={"acronym": acronym})[0]
        for name, acronym in ORGANIZATIONS
    ]
    authors = list(Author.objects.filter(slug__startswith="demo-").order_by("pk"))
    for i in range(len(authors), count):
        rng = random.Random(f"author-{i}")
        given, family = GIVEN[i % len(GIVEN)], FAMILY[(i // len(GIVEN)) % len(FAMILY)]
        suffix = f" {chr(65 + i // (len(GIVEN) * len(FAMILY)))}." if i >= 324 else ""
        author = Author.objects.create(
            display_name=f"{given}{suffix} {family}",
            slug=f"demo-{i + 1}",
            other_script_name=rng.choice(CHINESE_NAMES) if rng.random() < 0.3 else "",
            honorific=rng.choice(["", "", "", "Dr."]),
        )
        Affiliation.objects.create(
            author=author,
            organization=rng.choice(organizations),
            title=rng.choice(TITLES),
            start_date=datetime.date(2012 + rng.randrange(8), 1 + rng.randrange(12), 1),
            primary=True,
        )
        if rng.random() < 0.3:  # an earlier job, ended
            Affiliation.objects.create(
                author=author,
                organization=rng.choice(organizations),
                title=rng.choice(TITLES),
                start_date=datetime.date(2005, 1, 1),
                end_date=datetime.date(2011, 12, 31),
            )
        authors.append(author)
    return authors


def fake_body(rng, language):
    if language == Language.TRADITIONAL_CHINESE:
        return "\n\n".join("".join(rng.sample(ZH_SENTENCES, 3)) for _ in range(rng.randint(4, 7)))
    parts = []
    for heading in rng.sample(HEADINGS, rng.randint(2, 3)):
        parts.append(f"## {heading}")
        for _ in range(rng.randint(2, 3)):
            parts.append(" ".join(rng.sample(SENTENCES, rng.randint(3, 5))))
    return "\n\n".join(parts)


# One in twenty of each unpublished kind, so even a small demo shows every state.
STATUS_CYCLE = [Status.DRAFT, Status.IN_REVIEW, "scheduled", Status.WITHDRAWN] + [
    Status.PUBLISHED
] * 16


def pick_status(i):
    return STATUS_CYCLE[(i * 7 + 3) % len(STATUS_CYCLE)]


def create_articles(count, *, stdout=None):
    """Make synthetic commentaries 1..count that do not exist yet; returns how many were made."""
    done = set(
        Article.objects.filter(source_key__startswith="demo-").values_list("source_key", flat=True)
    )
    wanted = [i for i in range(count) if f"demo-{i + 1}" not in done]
    if not wanted:
        return 0
    series = ensure_series()
    pictures = ensure_pictures()
    authors = ensure_authors(max(12, count // 7))
    topics = ensure_topics()
    now = timezone.now()
    for start in range(0, len(wanted), 200):
        with transaction.atomic():
            for i in wanted[start : start + 200]:
                create_article(i, series, pictures, authors, topics, now)
        if stdout:
            stdout.write(f"  {min(start + 200, len(wanted))} of {len(wanted)} commentaries")
    return len(wanted)


def create_article(i, series, pictures, authors, topics, now):
    rng = random.Random(f"article-{i}")
    language = Language.TRADITIONAL_CHINESE if rng.random() < 0.1 else Language.ENGLISH
    if language == Language.TRADITIONAL_CHINESE:
        title = f"{rng.choice(ZH_TITLES)}（{i + 1}）"
    else:
        title = rng.choice(FRAMES).format(rng.choice(SUBJECTS))
        title = f"{title} ({i + 1})" if i >= len(FRAMES) * len(SUBJECTS) else title
    body = markdown_to_html(fake_body(rng, language))
    article = Article(
        source_key=f"demo-{i + 1}",
        series=rng.choice(series),
        title=title,
        summary=" ".join(rng.sample(SENTENCES, 2)),
        body=body,
        language=language,
        lead_image=rng.choice(pictures),
    )
    article.save()
    Byline.objects.bulk_create(
        Byline(article=article, author=author, position=n, role="author" if n == 0 else "co_author")
        for n, author in enumerate(rng.sample(authors, rng.choice([1, 1, 1, 2, 2, 3, 4])))
    )
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object=article, tag=topics[name])
        for name in rng.sample(TOPICS, rng.randint(1, 3))
    )
    status = pick_status(i)
    if status == Status.DRAFT:
        return article
    if status == Status.IN_REVIEW:
        return workflow.submit(article)
    if status == "scheduled":
        return workflow.publish(article, at=now + datetime.timedelta(days=rng.randint(1, 30)))
    published = now - datetime.timedelta(days=rng.randint(1, 6 * 365), hours=rng.randint(0, 23))
    workflow.publish(article, at=published, message="Demo: published")
    if rng.random() < 0.05:
        EditorNote.objects.create(
            article=article,
            kind=EditorNote.Kind.CORRECTION,
            body="An earlier version of this commentary misstated the year of the agreement.",
            created_at=published + datetime.timedelta(days=2),
        )
    if status == Status.WITHDRAWN:
        workflow.withdraw(article, comment="Demo: withdrawn")
    return article


def ensure_topics():
    return {name: Tag.objects.get_or_create(name=name)[0] for name in TOPICS}


# --- what the scholarly and bilingual paths need --------------------------------------------

SEED_ORCID = "0000-0002-1825-0097"  # ORCID's documented example identifier (a fictional person)
SEED_LEGACY_URL = "/en/pfen/33-11787.html"
SEED_TRANSLATION = {
    "title": "台灣總統大選後的日台夥伴關係",
    "summary": "「台灣有事即日本有事」的說法在日本愈來愈常見，反映日本對台灣戰略重要性的認識。",
    "body": (
        "<p>「台灣有事即日本有事」的說法在日本經常聽到，顯示日本人愈來愈認識到台灣對日本的"
        "戰略重要性。</p><h2>共同的價值</h2><p>日本與台灣共享民主、法治與人權等基本價值，"
        "雙方的合作應以此為基礎持續深化。</p><h2>前瞻</h2><p>選舉之後，日台雙方應在經濟安全、"
        "供應鏈韌性與區域穩定等領域擴大對話。</p>"
    ),
}
SCHOLAR = {"display_name": "陳怡君", "other_script_name": "Chen Yi-chun", "slug": "chen-yi-chun"}
FOOTNOTED = {
    "title": "Export Controls and the Semiconductor Supply Chain",
    "summary": "How export controls reshape the semiconductor supply chain, with sources.",
    "body": (
        "<p>Export controls on advanced chips have widened since 2022.<sup>1</sup> Firms in "
        "Taiwan and Japan have adjusted their investment plans accordingly.<sup>2</sup></p>"
        "<h2>What the data show</h2><p>Trade statistics point to a shift of assembly capacity "
        "towards Southeast Asia.<sup>3</sup></p>"
        "<h2>Notes</h2><ol>"
        "<li>Bureau of Industry and Security, “Implementation of Additional Export Controls,” "
        "<em>Federal Register</em> 87, no. 197 (October 13, 2022).</li>"
        "<li>Interviews with industry representatives, Taipei and Tokyo, 2023.</li>"
        "<li>World Trade Organization, <em>World Trade Statistical Review 2023</em> (Geneva: "
        "WTO, 2023).</li></ol>"
        "<h2>References</h2><ul><li>Miller, Chris. <em>Chip War</em>. New York: Scribner, "
        "2022.</li></ul>"
    ),
}


def ensure_scholarly_showcase(seed):
    """A Chinese translation of the seed, the seed's author with an ORCID and an old-site
    address, a Chinese-named author, and a commentary with notes and references. Idempotent."""
    from .models import LegacyAddress

    author = seed.bylines.select_related("author").first().author
    if not author.orcid:
        author.orcid = SEED_ORCID
        author.save(update_fields=["orcid", "updated_at"])
    LegacyAddress.objects.get_or_create(path=SEED_LEGACY_URL, defaults={"article": seed})
    chinese_series, _ = Series.objects.get_or_create(
        name="觀點與展望", defaults={"description": "Prospects & Perspectives 中文版。"}
    )
    translation = _showcase_article(
        "showcase-translation", SEED_TRANSLATION, series=chinese_series, authors=[author],
        picture=seed.lead_image, language=Language.TRADITIONAL_CHINESE,
        translation_key=seed.translation_key, topics=["Japan", "Taiwan Strait"],
        at=seed.publish_at + datetime.timedelta(days=1),
    )  # fmt: skip
    scholar, _ = Author.objects.get_or_create(slug=SCHOLAR["slug"], defaults=SCHOLAR)
    if not scholar.affiliations.exists():
        organization = Organization.objects.get_or_create(name="東亞政策研究中心")[0]
        Affiliation.objects.create(author=scholar, organization=organization, title="研究員",
                                   primary=True)  # fmt: skip
    footnoted = _showcase_article(
        "showcase-footnotes", FOOTNOTED, series=seed.series, authors=[scholar, author],
        picture=ensure_pictures()[0], language=Language.ENGLISH,
        topics=["Semiconductors", "Technology controls"],
        at=seed.publish_at + datetime.timedelta(days=14),
    )  # fmt: skip
    return translation, footnoted


def _showcase_article(key, text, *, series, authors, picture, language, topics, at, **fields):
    article = Article.objects.filter(source_key=key).first()
    if article is not None:
        return article
    article = Article.objects.create(source_key=key, series=series, lead_image=picture,
                                     language=language, **text, **fields)  # fmt: skip
    Byline.objects.bulk_create(
        Byline(article=article, author=a, position=n, role="author" if n == 0 else "co_author")
        for n, a in enumerate(authors)
    )
    article.tags.set(topics)
    workflow.publish(article, at=at, message="Demo: published")
    return article
