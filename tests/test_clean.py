from __future__ import annotations

import pytest

from rasd.clean import clean_text


def removed_rules(raw: str) -> list[str]:
    return [r.rule for r in clean_text(raw)[1]]


@pytest.mark.parametrize(
    "line, rule",
    [
        ("هذا الموقع يستعمل ملفات تعريف الارتباط (الكوكيز) لتحسين تجربة استخدامك.", "cookie_notice"),
        ("زر الذهاب إلى الأعلى", "back_to_top"),
        ("اترك تعليقاً", "comment_prompt"),
        ("لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *", "comment_prompt"),
        ("شارك عبر فيسبوك | تويتر | واتساب", "share_print"),
        ("فيسبوك تويتر واتساب تلغرام", "share_print"),
        ("طباعة", "share_print"),
        ("الوسوم: تركيا الاقتصاد الاستثمار", "tag_list"),
        ("(العلاماتللترجمة) المسك (ر) بوتين (ر) تايوان (ر) روسيا", "tag_list"),
        ("اقرأ أيضا: أسعار النفط ترتفع", "read_also"),
        ("أخبار ذات صلة", "read_also"),
        ("جميع الحقوق محفوظة © 2024", "newsletter"),
    ],
)
def test_each_rule_removes_its_line(line: str, rule: str) -> None:
    raw = f"وقّع البلدان اتفاقية للتعاون الاقتصادي.\n{line}\nوقال الوزير إن الاتفاق مهم."
    text, removed = clean_text(raw)
    assert [r.rule for r in removed] == [rule]
    assert line not in text
    assert "وقّع البلدان اتفاقية" in text and "وقال الوزير" in text
    r = removed[0]
    assert raw[r.start : r.end] == line


def test_body_sentences_that_mention_cookies_or_comments_stay() -> None:
    body = (
        "وقال الخبير إن الشركات التي تستخدم ملفات تعريف الارتباط لتتبع المستخدمين ستخضع لقواعد جديدة "
        "أقرها البرلمان الأوروبي بعد نقاش طويل استمر عدة أشهر بين الدول الأعضاء والشركات الكبرى في القطاع "
        "الرقمي، مؤكدا أن الغرامات قد تصل إلى 4 في المئة من الإيرادات السنوية للشركات المخالفة للقواعد الجديدة "
        "وأن التطبيق سيبدأ مطلع العام المقبل في كل الدول الأعضاء دون استثناء وفق ما أعلنته المفوضية الأوروبية أمس "
        "في بيان رسمي نشرته على موقعها الإلكتروني بعد اجتماع وزراء الاقتصاد الرقمي في بروكسل."
    )
    assert removed_rules(body) == []


def test_teaser_runs_are_removed_but_a_single_ellipsis_line_stays() -> None:
    raw = "خبر رئيسي عن الاستثمار.\nوقال الوزير إن المفاوضات مستمرة…\nنهاية الخبر.\nأعلن الجيش عن وفاة جندي…\nأكد الرئيس على ضرورة…"
    text, removed = clean_text(raw)
    assert [r.rule for r in removed] == ["teaser", "teaser"]
    assert "المفاوضات مستمرة…" in text


def test_section_label_at_the_top() -> None:
    raw = "اقتصاد\n\nشراكة صناعية جديدة بين أنقرة ودمشق\nنص الخبر."
    text, removed = clean_text(raw)
    assert removed[0].rule == "section_label" and text.startswith("شراكة")


def test_a_headline_that_is_not_a_section_name_stays() -> None:
    assert removed_rules("اقتصاد تركيا ينمو بنسبة 5%\nنص الخبر.") == []


def test_seed_boilerplate_is_removed_and_body_intact(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    # Golden expectations per seed: which boilerplate goes, and body lines that must stay whole.
    expectations = {
        "000_d76c58a3bd4429c4": ([], ["— Anadolu العربية (@aa_arabic) September 18, 2023", "وتملك “تسلا” في الوقت الراهن 6 مصانع"]),
        "001_32e5d76c227be01a": (
            ["teaser"] * 6 + ["cookie_notice"],
            ["المصدر: تركيا الان", "مليارين و35 مليونًا و956 ألف دولار"],
        ),
        "002_3d49043149d6cedf": ([], ["موسكو وأبو ظبي توقعان مذكرة تفاهم"]),
        "003_e049adad84d9e6d1": (["section_label", "back_to_top"], ["14 بروتوكول تعاون", "شراكة صناعية جديدة بين أنقرة ودمشق"]),
        "004_862783f6ec839f27": (
            ["section_label", "tag_list", "comment_prompt", "comment_prompt", "back_to_top"],
            ["ذكرت صحيفة وول ستريت جورنال أن الرئيس الروسي فلاديمير بوتين", "وساهم بما لا يقل عن 75 مليون دولار"],
        ),
    }
    for name, (rules, kept) in expectations.items():
        raw = (seeds_dir / f"{name}.txt").read_text(encoding="utf-8")
        text, removed = clean_text(raw)
        assert [r.rule for r in removed] == rules, name
        for fragment in kept:
            assert fragment in text, (name, fragment)
        for r in removed:
            assert raw[r.start : r.end] == r.text and r.text.strip() not in text.split("\n")
        # Nothing but removed lines is lost: every other raw line is in the text, in order.
        removed_lines = {r.start for r in removed}
        pos = 0
        start = 0
        for line in raw.split("\n"):
            if start not in removed_lines and line.strip():
                found = text.find(line, pos)
                assert found >= 0, (name, line[:40])
                pos = found + len(line)
            start += len(line) + 1
